// 9–11. The incremental core (issues #13, #18): edit → diagnostics with edits anywhere in files
// with many findings, for incremental and full-document sync; bursts of edits then a hover;
// 10,000 stages. Both servers side by side on the same edits, over real LSP.
import { LspSession, openPair } from './lib/lspClient.mjs';
import { rng } from './lib/generate.mjs';
import { manyFindingsDockerfile } from './lib/manyFindings.mjs';
import { summarize, comparison, absolute, round } from './lib/stats.mjs';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const { TextDocument } = createRequire(import.meta.url)('vscode-languageserver-textdocument');

const PRELOAD = new URL('./lib/gcOnSignal.cjs', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MB = (b) => Math.round((b / 1048576) * 10) / 10;

/** Toggles a trailing space on a random line: anywhere, global ARGs and the first stage included. */
function toggleSpace(r, text) {
  const lines = text.split('\n');
  const line = r.int(lines.length - 1);
  const len = lines[line].length;
  if (lines[line].endsWith(' ')) return { range: { start: { line, character: len - 1 }, end: { line, character: len } }, text: '' };
  return { range: { start: { line, character: len }, end: { line, character: len } }, text: ' ' };
}

async function syncMode(label, lines, edits, full, log) {
  const text = manyFindingsDockerfile(lines, lines);
  const uri = `file:///bench/sync-${label}/Dockerfile`;
  const ours = new LspSession('layerwise');
  const theirs = new LspSession('peer');
  // Ours again as VS Code talks to it: pull diagnostics (the peer has no pull; it is compared with its push).
  const pulled = new LspSession('layerwise', { pull: true });
  try {
    await Promise.all([ours.initialize(), theirs.initialize(), pulled.initialize()]);
    const open = { layerwise: await ours.open(uri, text), peer: await theirs.open(uri, text) };
    pulled.docs.set(uri, TextDocument.create(uri, 'dockerfile', 1, text));
    await pulled.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    await pulled.pullDiagnostics(uri);
    const r = rng(lines + (full ? 1 : 0));
    const times = { layerwise: [], peer: [], pull: [] };
    let unchanged = 0;
    for (let i = 0; i < edits + 5; i++) {
      const e = toggleSpace(r, ours.text(uri));
      for (const s of i % 2 ? [theirs, ours, pulled] : [ours, pulled, theirs]) {
        if (s === pulled) {
          const res = await pulled.changeAndPull(uri, e.range, e.text, full);
          if (res && i >= 5) { times.pull.push(res.ms); if (res.kind === 'unchanged') unchanged++; }
          continue;
        }
        const res = full ? await s.changeFull(uri, e.range, e.text) : await s.change(uri, e.range, e.text);
        if (res && i >= 5) times[s.which].push(res.ms);
      }
    }
    const o = summarize(times.layerwise), t = summarize(times.peer), p = summarize(times.pull);
    const mode = full ? 'full sync' : 'incremental sync';
    log(`  ${label}, ${mode} (${text.split('\n').length} lines, ${open.layerwise.count} findings): ours p50 ${o.median} p99 ${o.p99} ms | ours pulled p50 ${p.median} p99 ${p.p99} ms (${unchanged}/${p.n} unchanged) | peer p50 ${t.median} p99 ${t.p99} ms`);
    return {
      lines: text.split('\n').length, edits, mode, open, layerwise: o, peer: t, pulled: { ...p, unchanged },
      p99: comparison(`edit anywhere → diagnostics p99, ${label}, ${mode}, many findings`, o, t, { stat: 'p99', target: lines >= 10000 ? 0.25 : 0.5 }),
      pullP99: comparison(`edit anywhere → pulled diagnostics p99 (ours pull, peer push), ${label}, ${mode}`, p, t, { stat: 'p99', target: lines >= 10000 ? 0.25 : 0.5, note: `${unchanged} of ${p.n} answers "unchanged"` }),
      firstDiagnostics: comparison(`first diagnostics after didOpen, ${label}, many findings`, open.layerwise.ms, open.peer.ms, { stat: 'median', target: 1 }),
    };
  } finally {
    await Promise.all([ours.close(), theirs.close(), pulled.close()]);
  }
}

async function steady(s) {
  let best = { rss: Infinity, heapUsed: Infinity };
  for (let i = 0; i < 4; i++) {
    const before = s.stderr.length;
    s.child.kill('SIGUSR2');
    for (let w = 0; w < 50 && !s.stderr.slice(before).includes('BENCH-MEM'); w++) await sleep(20);
    const m = /BENCH-MEM (\{.*\})/.exec(s.stderr.slice(before));
    best = { rss: Math.min(best.rss, s.rss()), heapUsed: Math.min(best.heapUsed, m ? JSON.parse(m[1]).heapUsed : Infinity) };
    await sleep(100);
  }
  return best;
}

/** `edits` changes as fast as the pipe takes them, then a hover: time to its answer, RSS after close. */
async function burstOne(which, lines, edits) {
  const text = manyFindingsDockerfile(lines, lines + 3);
  const uri = `file:///bench/burst-${lines}/Dockerfile`;
  const s = new LspSession(which, { nodeArgs: ['--expose-gc', '-r', PRELOAD] });
  try {
    await s.initialize();
    const idle = await steady(s);
    await s.open(uri, text);
    const r = rng(5);
    const published = s.publishCount;
    const t0 = performance.now();
    const writes = [];
    for (let i = 0; i < edits; i++) { const e = toggleSpace(r, s.text(uri)); writes.push(s.sendChange(uri, e.range, e.text)); }
    const hoverLine = s.text(uri).split('\n').findIndex((l) => l.startsWith('RUN apt-get update') || l.startsWith('COPY . '));
    const hover = s.hover(uri, hoverLine, 1);
    await Promise.all(writes);
    const sent = performance.now();
    await hover;
    const answered = performance.now();
    await sleep(300);
    const publishes = s.publishCount - published;
    // One analysis of a version of this document, for scale: a single edit → its diagnostics.
    const e = toggleSpace(r, s.text(uri));
    const one = await s.change(uri, e.range, e.text);
    // The same number of edits in one didChange: one analysis of a version as far from the last analysed one as the burst's last.
    const batch = await s.changeBatch(uri, edits, (t) => toggleSpace(r, t));
    await s.closeDocument(uri);
    await sleep(300);
    const closed = await steady(s);
    return { hoverMs: round(answered - t0), afterSendMs: round(answered - sent), oneAnalysisMs: one ? round(one.ms) : null, batchAnalysisMs: batch ? round(batch.ms) : null, publishes, idle, closed, rssAboveIdleMB: MB(closed.rss - idle.rss), heapAboveIdleMB: MB(closed.heapUsed - idle.heapUsed) };
  } finally {
    await s.close();
  }
}

export async function benchBurst({ quick, log }) {
  const out = {};
  // The burst is 2,000 edits on both sizes. The peer publishes every version (about 150 ms
  // each at 10,000 lines: 2,000 edits would take it five minutes), so it runs the 200-edit burst
  // there and ours runs both.
  const runs = [['1k', 1000, quick ? 500 : 2000, true], ['10k', 10000, quick ? 50 : 200, true], ...(quick ? [] : [['10k-2000', 10000, 2000, false]])];
  for (const [label, lines, edits, withPeer] of runs) {
    const ours = await burstOne('layerwise', lines, edits);
    const theirs = withPeer ? await burstOne('peer', lines, edits) : undefined;
    log(`  ${label}: ${edits} edits then a hover: ours ${ours.hoverMs} ms, ${ours.afterSendMs} ms after the last edit was sent, one analysis ${ours.oneAnalysisMs} ms, of ${edits} edits in one didChange ${ours.batchAnalysisMs} ms (${ours.publishes} publishes, RSS after close ${ours.rssAboveIdleMB} MB above idle, heap ${ours.heapAboveIdleMB} MB)`
      + (theirs ? ` | peer ${theirs.hoverMs} ms (${theirs.publishes} publishes, ${theirs.rssAboveIdleMB} MB, heap ${theirs.heapAboveIdleMB} MB)` : ' | peer not run'));
    out[label] = {
      lines, edits, layerwise: ours, peer: theirs,
      hover: theirs
        ? comparison(`${edits} edits then a hover: time to the answer, ${label}`, ours.hoverMs, theirs.hoverMs, { stat: 'median', note: 'from the first edit sent' })
        : absolute(`${edits} edits then a hover: time to the answer, ${label} (peer not run)`, ours.hoverMs, { unit: 'ms' }),
      // "One analysis of the latest version, plus a little": a little = 100 ms.
      hoverAfterBurst: absolute(`hover after the burst, from the last edit sent, ${label} (one analysis: ${ours.oneAnalysisMs} ms)`, ours.afterSendMs,
        { target: round((ours.oneAnalysisMs ?? 0) + 100), unit: 'ms', note: 'target: one analysis + 100 ms' }),
      batchAnalysis: absolute(`${edits} edits in one didChange → diagnostics, ${label} (one analysis of a version as far from the last analysed)`, ours.batchAnalysisMs ?? NaN, { unit: 'ms' }),
      memory: absolute(`RSS after the burst and close, above idle, ${label}`, ours.rssAboveIdleMB, { target: 20, unit: 'MB' }),
    };
  }
  return out;
}

/** `mode(label, lines, edits, full, log)` for 1,000 and 10,000 lines, in incremental then full-document sync. */
async function inBothSyncModes(mode, edits1k, edits10k, log) {
  const out = {};
  for (const [label, lines, edits] of [['1k', 1000, edits1k], ['10k', 10000, edits10k]]) {
    out[`${label}-incremental`] = await mode(label, lines, edits, false, log);
    out[`${label}-full`] = await mode(label, lines, edits, true, log);
  }
  return out;
}

export async function benchSyncModes({ quick, log }) {
  return inBothSyncModes(syncMode, quick ? 30 : 120, quick ? 15 : 60, log);
}

/**
 * Typing anywhere: one character at a random place of a random line (letters, digits, quotes,
 * escapes, `$`, `#`, `<`, blanks, and Enter, each 1 time in 31), kept, so the file drifts the way a file being
 * written does: new and broken instructions, renamed stages, changed global ARG values, lines
 * added. The toggled trailing space above never changes an instruction; this does.
 */
const TYPED = 'abcxyz0123 -_./:=\'"\\<#$@{}[]`\t\n';

async function typingMode(label, lines, edits, full, log) {
  const text = manyFindingsDockerfile(lines, lines);
  const uri = `file:///bench/typing-${label}/Dockerfile`;
  const { ours, theirs } = await openPair(uri, text);
  try {
    const r = rng(lines * 3 + (full ? 1 : 0));
    const times = { layerwise: [], peer: [] };
    let enters = 0;
    for (let i = 0; i < edits + 5; i++) {
      const current = ours.text(uri).split('\n');
      const line = r.int(current.length - 1);
      const character = r.int(current[line].length);
      const typed = TYPED[r.int(TYPED.length)];
      if (typed === '\n' && i >= 5) enters++;
      const range = { start: { line, character }, end: { line, character } };
      for (const s of i % 2 ? [theirs, ours] : [ours, theirs]) {
        const res = full ? await s.changeFull(uri, range, typed) : await s.change(uri, range, typed);
        if (res && i >= 5) times[s.which].push(res.ms);
      }
    }
    const o = summarize(times.layerwise), t = summarize(times.peer);
    const mode = full ? 'full sync' : 'incremental sync';
    log(`  ${label}, ${mode}, typing (${enters} of ${edits} edits are Enter): ours p50 ${o.median} p99 ${o.p99} ms | peer p50 ${t.median} p99 ${t.p99} ms`);
    return {
      lines: text.split('\n').length, edits, enters, mode, layerwise: o, peer: t,
      p99: comparison(`typing anywhere → diagnostics p99, ${label}, ${mode}, many findings`, o, t, { stat: 'p99', target: lines >= 10000 ? 0.25 : 0.5 }),
      p50: comparison(`typing anywhere → diagnostics p50, ${label}, ${mode}, many findings`, o, t, { stat: 'median' }),
    };
  } finally {
    await Promise.all([ours.close(), theirs.close()]);
  }
}

/**
 * An editor's requests after each keystroke: VS Code asks for the highlights at the cursor, the
 * folding ranges, the document links, the symbols (outline) and the code actions at the cursor by
 * itself while one types (debounced, so not after every key; here after every one, a stress case).
 * Both servers answer the first four with dockerfile-language-service, which parses the whole text
 * for each. Timed: edit → that version's diagnostics, and edit → the last of the answers.
 */
const EDITOR_TYPED = 'abcxyz0123 -_./:=';

async function editorMode(label, lines, edits, log) {
  const text = manyFindingsDockerfile(lines, lines);
  const uri = `file:///bench/editor-${label}/Dockerfile`;
  const { ours, theirs } = await openPair(uri, text);
  try {
    const r = rng(lines * 5);
    const times = { layerwise: { diagnostics: [], answers: [] }, peer: { diagnostics: [], answers: [] } };
    for (let i = 0; i < edits + 3; i++) {
      const current = ours.text(uri).split('\n');
      const line = r.int(current.length - 1);
      const character = r.int(current[line].length + 1);
      const typed = EDITOR_TYPED[r.int(EDITOR_TYPED.length)];
      const range = { start: { line, character }, end: { line, character } };
      const cursor = { line, character: character + 1 };
      for (const s of i % 2 ? [theirs, ours] : [ours, theirs]) {
        const t0 = performance.now();
        const diagnostics = s.change(uri, range, typed);
        const textDocument = { uri };
        const answers = Promise.all([
          s.conn.sendRequest('textDocument/documentHighlight', { textDocument, position: cursor }),
          s.conn.sendRequest('textDocument/foldingRange', { textDocument }),
          s.conn.sendRequest('textDocument/documentLink', { textDocument }),
          s.conn.sendRequest('textDocument/documentSymbol', { textDocument }),
          s.conn.sendRequest('textDocument/codeAction', { textDocument, range: { start: cursor, end: cursor }, context: { diagnostics: [] } }),
        ]).then(() => performance.now() - t0);
        const [d, a] = await Promise.all([diagnostics, answers]);
        if (d && i >= 3) { times[s.which].diagnostics.push(d.ms); times[s.which].answers.push(a); }
      }
    }
    const od = summarize(times.layerwise.diagnostics), td = summarize(times.peer.diagnostics);
    const oa = summarize(times.layerwise.answers), ta = summarize(times.peer.answers);
    log(`  ${label}: edit → diagnostics ours p50 ${od.median} p99 ${od.p99} ms | peer p50 ${td.median} p99 ${td.p99} ms; edit → all five answers ours p50 ${oa.median} | peer p50 ${ta.median} ms`);
    return {
      lines: text.split('\n').length, edits, layerwise: { diagnostics: od, answers: oa }, peer: { diagnostics: td, answers: ta },
      p50: comparison(`editor requests after each keystroke: edit → diagnostics p50, ${label}`, od, td, { stat: 'median' }),
      p99: comparison(`editor requests after each keystroke: edit → diagnostics p99, ${label}`, od, td, { stat: 'p99' }),
      answers: comparison(`editor requests after each keystroke: edit → the five answers p50, ${label}`, oa, ta, { stat: 'median' }),
    };
  } finally {
    await Promise.all([ours.close(), theirs.close()]);
  }
}

export async function benchEditor({ quick, log }) {
  const out = {};
  for (const [label, lines, edits] of [['1k', 1000, quick ? 20 : 60], ['10k', 10000, quick ? 5 : 20]]) out[label] = await editorMode(label, lines, edits, log);
  return out;
}

export async function benchTyping({ quick, log }) {
  return inBothSyncModes(typingMode, quick ? 40 : 200, quick ? 15 : 60, log);
}

/** 10,000 stages: open, then edits in the middle (#18 item 5). */
export async function benchStages({ quick, log }) {
  const text = Array.from({ length: 10000 }, (_, i) => `FROM alpine AS s${i}\nRUN echo ${i}\n`).join('');
  const uri = 'file:///bench/stages/Dockerfile';
  const res = {};
  for (const which of ['layerwise', 'peer']) {
    const s = new LspSession(which);
    try {
      await s.initialize();
      const open = await s.open(uri, text);
      const r = rng(11);
      const times = [];
      for (let i = 0; i < (quick ? 5 : 20); i++) { const e = toggleSpace(r, s.text(uri)); const x = await s.change(uri, e.range, e.text); if (x) times.push(x.ms); }
      res[which] = { openMs: round(open.ms), edit: summarize(times), rssMB: MB(s.rss()) };
    } finally {
      await s.close();
    }
  }
  log(`  10,000 stages: ours open ${res.layerwise.openMs} ms, edit p50 ${res.layerwise.edit.median} ms, ${res.layerwise.rssMB} MB | peer open ${res.peer.openMs} ms, edit p50 ${res.peer.edit.median} ms, ${res.peer.rssMB} MB`);
  return { ...res, edit: comparison('10,000 stages: edit → diagnostics p50', res.layerwise.edit, res.peer.edit, { stat: 'median' }) };
}
