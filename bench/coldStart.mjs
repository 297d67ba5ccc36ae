// 2. Cold start: spawn → initialize result → first diagnostics of a small file, both servers.
import { performance } from 'node:perf_hooks';
import { LspSession } from './lib/lspClient.mjs';
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
  };
}
