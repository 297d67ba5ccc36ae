// 2. Cold start: spawn → initialize result → first diagnostics of a small file, both servers.
import { performance } from 'node:perf_hooks';
import { LspSession } from './lib/lspClient.mjs';
import { manyFindingsDockerfile } from './lib/manyFindings.mjs';
import { summarize, comparison } from './lib/stats.mjs';

const SMALL = [
  '# syntax=docker/dockerfile:1',
  'FROM node:20-alpine AS build',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci',
  'COPY . .',
  'RUN npm run build',
  '',
  'FROM node:20-alpine',
  'COPY --from=build /app/dist /app',
  'CMD ["node", "/app/main.js"]',
  '',
].join('\n');

async function once(which) {
  const t0 = performance.now();
  const s = new LspSession(which);
  try {
    await s.initialize();
    const tInit = s.initializedAt - t0;
    await s.open('file:///bench/cold/Dockerfile', SMALL);
    return { init: tInit, firstDiagnostics: performance.now() - t0 };
  } finally {
    await s.close();
  }
}

/** didOpen → first diagnostics of `text` in a server that has just been initialised (its first document). */
async function firstOpen(which, text) {
  const s = new LspSession(which);
  try {
    await s.initialize();
    return (await s.open('file:///bench/first-open/Dockerfile', text)).ms;
  } finally {
    await s.close();
  }
}

/**
 * The first open of the many-findings files in a fresh server, fresh processes alternating (the
 * sync benchmark's figure is one open per mode, in a server started next to two others).
 */
async function benchFirstOpen(lines, runs, log) {
  const text = manyFindingsDockerfile(lines, lines);
  const res = { layerwise: [], peer: [] };
  await firstOpen('layerwise', text); await firstOpen('peer', text); // untimed, as a user who opened it before
  for (let i = 0; i < runs; i++) {
    for (const which of i % 2 ? ['peer', 'layerwise'] : ['layerwise', 'peer']) res[which].push(await firstOpen(which, text));
  }
  const o = summarize(res.layerwise), t = summarize(res.peer);
  log(`  first open of a ${lines}-line many-findings file in a fresh server: ours ${o.median} ms, peer ${t.median} ms (median of ${runs})`);
  return comparison(`first diagnostics after didOpen in a fresh server, ${lines} lines, many findings (median of ${runs})`, o, t, { target: 1.0 });
}

export async function benchColdStart({ quick, log }) {
  const runs = quick ? 5 : 15;
  // 'layerwise-uncached': ours without its code cache, as the first start after an install or upgrade.
  const res = { layerwise: { init: [], first: [] }, peer: { init: [], first: [] }, 'layerwise-uncached': { init: [], first: [] } };
  await once('layerwise'); await once('peer'); await once('layerwise-uncached'); // page cache warm for all; our code cache written
  for (let i = 0; i < runs; i++) {
    for (const which of i % 2 ? ['peer', 'layerwise', 'layerwise-uncached'] : ['layerwise-uncached', 'layerwise', 'peer']) {
      const r = await once(which);
      res[which].init.push(r.init);
      res[which].first.push(r.firstDiagnostics);
    }
  }
  const o = summarize(res.layerwise.first), t = summarize(res.peer.first);
  const oi = summarize(res.layerwise.init), ti = summarize(res.peer.init);
  const u = summarize(res['layerwise-uncached'].first);
  log(`  spawn→first diagnostics: ours ${o.median} ms, peer ${t.median} ms (initialize: ours ${oi.median} ms, peer ${ti.median} ms); ours without a code cache (first start after an install) ${u.median} ms`);
  return {
    runs,
    firstDiagnostics: comparison('cold start → first diagnostics', o, t, { target: 1.0 }),
    initialize: comparison('cold start → initialize result', oi, ti, {}),
    firstDiagnosticsUncached: comparison('cold start → first diagnostics, first start after an install (no code cache)', u, t, {}),
    firstOpen1k: await benchFirstOpen(1000, quick ? 7 : 11, log),
    firstOpen10k: await benchFirstOpen(10000, quick ? 5 : 9, log),
  };
}
