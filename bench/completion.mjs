// 7. Completion latency over real LSP on a 1,000-line file, ours next to the peer server
// (dockerfile-language-server-nodejs, built on the same dockerfile-language-service). Each sample
// types a line an author would complete (a new instruction, `COPY --from=`, `FROM `, a cache mount,
// `--chown=`) somewhere in the file, waits until both servers have linted it, then asks both for
// completion at the end of that line; the line is removed again before the next sample.
import { LspSession, openPair } from './lib/lspClient.mjs';
import { generateDockerfile, rng } from './lib/generate.mjs';
import { summarize, comparison } from './lib/stats.mjs';
import { performance } from 'node:perf_hooks';

const WARMUP = 10;
const LINES = ['', 'COPY --from=', 'FROM ', 'RUN --mount=type=cache,target=', 'COPY --chown=', 'RU', 'ENV A=1 B=$'];

async function complete(session, uri, position) {
  const t = performance.now();
  const items = await session.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position });
  const list = Array.isArray(items) ? items : items?.items ?? [];
  return { ms: performance.now() - t, count: list.length };
}

export async function benchCompletion({ quick, log }) {
  const samples = quick ? 40 : 300;
  const text = generateDockerfile(1000, 4242);
  const uri = 'file:///bench/completion/Dockerfile';
  const { ours, theirs } = await openPair(uri, text);
  try {
    const r = rng(1000);
    const times = { layerwise: [], peer: [] };
    const items = { layerwise: 0, peer: 0 };
    for (let i = 0; i < samples + WARMUP; i++) {
      const lineCount = ours.text(uri).split('\n').length;
      const line = 1 + r.int(lineCount - 2);
      const typed = LINES[i % LINES.length];
      const at = { line, character: 0 };
      // Type the line in both, wait for both lints, then time completion alone.
      await Promise.all([ours.change(uri, { start: at, end: at }, typed + '\n'), theirs.change(uri, { start: at, end: at }, typed + '\n')]);
      if (ours.text(uri) !== theirs.text(uri)) throw new Error('client mirrors diverged');
      const position = { line, character: typed.length };
      const order = i % 2 ? [theirs, ours] : [ours, theirs];
      for (const s of order) {
        const res = await complete(s, uri, position);
        if (i >= WARMUP) { times[s.which].push(res.ms); items[s.which] += res.count; }
      }
      const undo = { start: at, end: { line: line + 1, character: 0 } };
      await Promise.all([ours.change(uri, undo, ''), theirs.change(uri, undo, '')]);
    }
    const o = summarize(times.layerwise), t = summarize(times.peer);
    log(`  1k (${text.split('\n').length} lines, ${samples} requests): ours p50 ${o.median} ms p99 ${o.p99} ms (${items.layerwise} items) | peer p50 ${t.median} ms p99 ${t.p99} ms (${items.peer} items)`);
    return {
      lines: text.split('\n').length, samples, warmup: WARMUP, typedLines: LINES, itemsReturned: items,
      layerwise: o, peer: t,
      p99: comparison('completion p99, 1k', o, t, { stat: 'p99', target: 1.0 }),
      p50: comparison('completion p50, 1k', o, t, { stat: 'median' }),
    };
  } finally {
    await Promise.all([ours.close(), theirs.close()]);
  }
}
