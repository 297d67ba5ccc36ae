// 1. Edit → diagnostics latency over real LSP, both servers side by side on the same edits.
import { LspSession } from './lib/lspClient.mjs';
import { generateDockerfile, rng } from './lib/generate.mjs';
import { summarize, comparison } from './lib/stats.mjs';

const WARMUP = 10;

/**
 * The next small edit a person might make, as an (apply, undo) pair at a random place so the
 * file keeps its size: type a character, insert a RUN line, or change one character.
 */
export function editPair(r, text, i) {
  // Positions are within a line's text, never inside a CRLF pair.
  const lines = text.split(/\r?\n/);
  let line = r.int(lines.length - 1);
  for (let tries = 0; tries < 20 && lines[line].length === 0; tries++) line = r.int(lines.length - 1);
  const len = lines[line].length;
  const kind = i % 3;
  if (kind === 0) {
    const c = r.int(len + 1);
    const at = { line, character: c };
    return [
      { range: { start: at, end: at }, text: 'x' },
      { range: { start: at, end: { line, character: c + 1 } }, text: '' },
    ];
  }
  if (kind === 1) {
    const at = { line, character: 0 };
    const inserted = `RUN echo edit-${i}\n`;
    return [
      { range: { start: at, end: at }, text: inserted },
      { range: { start: at, end: { line: line + 1, character: 0 } }, text: '' },
    ];
  }
  const c = Math.max(0, r.int(len));
  const range = { start: { line, character: c }, end: { line, character: Math.min(len, c + 1) } };
  const old = lines[line].slice(c, c + 1);
  return [{ range, text: 'Z' }, { range: { start: range.start, end: { line, character: c + 1 } }, text: old }];
}

async function runFile(label, lineCount, edits, log) {
  const text = generateDockerfile(lineCount, 42 + lineCount);
  const uri = `file:///bench/${label}/Dockerfile`;
  const ours = new LspSession('layerwise');
  const theirs = new LspSession('peer');
  try {
    await Promise.all([ours.initialize(), theirs.initialize()]);
    const openOurs = await ours.open(uri, text);
    const openTheirs = await theirs.open(uri, text);
    const r = rng(lineCount);
    const times = { layerwise: [], peer: [] };
    const counts = { layerwise: 0, peer: 0 };
    let pair = [];
    for (let i = 0; i < edits + WARMUP; i++) {
      if (pair.length === 0) pair = editPair(r, ours.text(uri), i >> 1);
      const e = pair.shift();
      // Alternate who goes first so neither always runs on a freshly idle CPU.
      const order = i % 2 ? [theirs, ours] : [ours, theirs];
      for (const s of order) {
        const res = await s.change(uri, e.range, e.text);
        if (res && i >= WARMUP) { times[s.which].push(res.ms); counts[s.which] = res.count; }
      }
      if (ours.text(uri) !== theirs.text(uri)) throw new Error('client mirrors diverged');
    }
    const o = summarize(times.layerwise), t = summarize(times.peer);
    log(`  ${label} (${text.split('\n').length} lines): ours p50 ${o.median} ms p99 ${o.p99} ms (${counts.layerwise} diagnostics) | peer p50 ${t.median} ms p99 ${t.p99} ms (${counts.peer} diagnostics)`);
    return {
      lines: text.split('\n').length, edits, warmupEdits: WARMUP,
      open: { layerwise: openOurs, peer: openTheirs },
      diagnosticsAtEnd: counts,
      layerwise: o, peer: t,
      p99: comparison(`edit→diagnostics p99, ${label}`, o, t, { stat: 'p99', target: 0.5 }),
      p50: comparison(`edit→diagnostics p50, ${label}`, o, t, { stat: 'median' }),
    };
  } finally {
    await Promise.all([ours.close(), theirs.close()]);
  }
}

export async function benchLatency({ quick, log }) {
  const edits = quick ? 40 : 240;
  return {
    file1k: await runFile('1k', 1000, edits, log),
    file10k: await runFile('10k', 10000, quick ? 30 : 200, log),
  };
}
