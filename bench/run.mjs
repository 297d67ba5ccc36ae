// `npm run bench [-- --quick] [-- --only=latency,cold,throughput,memory,build,package,completion,layers,sync,typing,editor,burst,stages,corpus,hash]`
// Runs every benchmark side by side with the peers on this machine, prints a table and writes
// bench/results.json (bench/results.quick.json for --quick). Ratios are ours / theirs.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { ROOT } from './lib/bundle.mjs';
import { benchLatency } from './latency.mjs';
import { benchColdStart } from './coldStart.mjs';
import { benchThroughput } from './throughput.mjs';
import { benchMemory } from './memory.mjs';
import { benchBuild } from './buildPath.mjs';
import { benchPackage } from './packageSize.mjs';
import { benchCompletion } from './completion.mjs';
import { benchLayers } from './layers.mjs';
import { benchSyncModes, benchTyping, benchEditor, benchBurst, benchStages } from './incremental.mjs';
import { benchCorpus } from './corpus.mjs';
import { benchContextHash } from './contextHash.mjs';
import { primeCodeCache } from './lib/lspClient.mjs';

const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice(7).split(',')) : null;
const log = (s) => console.log(s);

function version(pkg) {
  try { return require(`${pkg}/package.json`).version; } catch { return 'not installed'; }
}

const BENCHES = [
  ['latency', '1. Edit → diagnostics latency over LSP', benchLatency],
  ['cold', '2. Cold start', benchColdStart],
  ['throughput', '3. In-process throughput', benchThroughput],
  ['memory', '4. Memory', benchMemory],
  ['build', '5. Build path', benchBuild],
  ['package', '6. Package', benchPackage],
  ['completion', '7. Completion latency over LSP', benchCompletion],
  ['layers', '8. Layer contents (inspect)', benchLayers],
  ['sync', '9. Edits anywhere, many findings: incremental and full-document sync', benchSyncModes],
  ['typing', '9b. Typing anywhere (any character, Enter included), many findings: both sync modes', benchTyping],
  ['editor', '9c. An editor\'s requests after each keystroke (highlights, folding, links, symbols, code actions)', benchEditor],
  ['burst', '10. Bursts of edits, then a hover', benchBurst],
  ['stages', '11. 10,000 stages', benchStages],
  ['corpus', '12. Cold lint of the real files, CLI worker threads, heap per document', benchCorpus],
  ['hash', '13. Context hashing for cache prediction', benchContextHash],
];

async function main() {
  const started = Date.now();
  log('[bench] building dist/ (node scripts/build.mjs)');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  let commit = null;
  try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(); } catch { /* not a checkout */ }
  const results = {
    date: new Date().toISOString(), quick, commit,
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}`, loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    peers: {
      'dockerfile-language-server-nodejs': version('dockerfile-language-server-nodejs'),
      'dockerfile-utils': version('dockerfile-utils'), dockerfilelint: version('dockerfilelint'),
      'docker CLI': cliVersion(),
    },
    benchmarks: {},
  };
  // Our server's code cache, as a user's every start but the first after an install has it (the
  // flag sets the benches start it with: plain, and with the memory benches' GC preload).
  await primeCodeCache();
  await primeCodeCache(['--expose-gc', '-r', `${ROOT}bench/lib/gcOnSignal.cjs`]);
  for (const [id, title, fn] of BENCHES) {
    if (only && !only.has(id)) continue;
    log(`\n[bench] ${title}`);
    const t = Date.now();
    try {
      results.benchmarks[id] = await fn({ quick, log });
    } catch (error) {
      log(`  FAILED: ${error.message}`);
      results.benchmarks[id] = { error: error.message };
    }
    log(`  (${Math.round((Date.now() - t) / 1000)} s)`);
  }
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  results.summary = summaryRows(results.benchmarks);
  printTable(results.summary);
  // A partial run (--only) gets its own file, so it never replaces the full run's results.
  const file = `${ROOT}bench/results${quick ? '.quick' : ''}${only ? '.' + [...only].join('-') : ''}.json`;
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  log(`\n[bench] wrote ${file.slice(ROOT.length)} in ${results.durationSeconds} s`);
}

function cliVersion() {
  try { return execFileSync('/usr/bin/docker', ['--version'], { encoding: 'utf8' }).trim(); } catch { return 'not available'; }
}

/** Every comparison / absolute figure, flattened for the table and the docs. */
function summaryRows(b) {
  const rows = [];
  const cmp = (c) => c && rows.push({ name: c.name, ours: `${c.ours[c.stat]} ${c.ours.unit}`, theirs: `${c.theirs[c.stat]} ${c.theirs.unit}`, ratio: c.ratio, target: c.target, pass: c.pass, note: c.note });
  const abs = (a) => a && rows.push({ name: a.name, ours: typeof a.value === 'object' && a.value ? `${a.value.median} ${a.value.unit} (p99 ${a.value.p99})` : `${a.value}${a.unit ? ' ' + a.unit : ''}`, theirs: '', ratio: null, target: a.target, pass: a.pass, note: a.note });
  if (b.latency && !b.latency.error) for (const f of ['file1k', 'file10k']) { cmp(b.latency[f].p50); cmp(b.latency[f].p99); }
  if (b.cold && !b.cold.error) { cmp(b.cold.initialize); cmp(b.cold.firstDiagnostics); cmp(b.cold.firstDiagnosticsUncached); cmp(b.cold.firstOpen1k); cmp(b.cold.firstOpen10k); }
  if (b.throughput && !b.throughput.error) {
    b.throughput.comparisons.forEach(cmp);
    abs(b.throughput.file10k);
    rows.push({ name: 'floor: splitting the 10,000-line file into lines', ours: `${b.throughput.floor10k.median} ms`, theirs: '', ratio: null, target: null, pass: null });
  }
  if (b.memory && !b.memory.error) { cmp(b.memory.rssAfterOpen); abs(b.memory.growth); }
  if (b.build && !b.build.error) for (const m of Object.values(b.build.modes)) cmp(m.comparison);
  if (b.package && !b.package.error) abs(b.package.vsix);
  if (b.completion && !b.completion.error) { cmp(b.completion.p50); cmp(b.completion.p99); }
  if (b.layers && !b.layers.error) { cmp(b.layers.time); abs(b.layers.memory); }
  if (b.sync && !b.sync.error) for (const m of Object.values(b.sync)) cmp(m.p99);
  if (b.sync && !b.sync.error) for (const m of Object.values(b.sync)) cmp(m.pullP99);
  if (b.sync && !b.sync.error) { cmp(b.sync['1k-incremental'].firstDiagnostics); cmp(b.sync['10k-incremental'].firstDiagnostics); }
  if (b.typing && !b.typing.error) for (const m of Object.values(b.typing)) { cmp(m.p50); cmp(m.p99); }
  if (b.editor && !b.editor.error) for (const m of Object.values(b.editor)) { cmp(m.p50); cmp(m.p99); cmp(m.answers); }
  if (b.burst && !b.burst.error) for (const m of Object.values(b.burst)) { (m.hover.theirs ? cmp : abs)(m.hover); abs(m.hoverAfterBurst); if (m.batchAnalysis) abs(m.batchAnalysis); abs(m.memory); }
  if (b.stages && !b.stages.error) cmp(b.stages.edit);
  if (b.corpus && !b.corpus.error) { cmp(b.corpus.cold); cmp(b.corpus.workers.comparison); cmp(b.corpus.heapPerDocument.comparison); }
  if (b.hash && !b.hash.error) { b.hash.comparisons.forEach(cmp); abs(b.hash.filesRead); }
  const activation = lastActivation();
  rows.push(activation
    ? { name: 'extension activation in VS Code (last e2e run)', ours: `${activation.activationMs} ms active, ${activation.serverRunningMs} ms server running`, theirs: '', ratio: null, target: null, pass: null, note: `VS Code ${activation.vscode}, ${activation.date}` }
    : { name: 'extension activation in VS Code', ours: 'not measured', theirs: '', ratio: null, target: null, pass: null, note: 'run the e2e suite (npm run test:e2e) first: it records out/e2e-activation.json' });
  for (const [id, r] of Object.entries(b)) if (r.error) rows.push({ name: `${id} benchmark`, ours: 'FAILED', theirs: '', ratio: null, target: null, pass: false, note: r.error });
  return rows;
}

/** What the e2e suite's activation test recorded (test/e2e/suite/01-activation.test.ts), if it ran in this checkout. */
function lastActivation() {
  try { return JSON.parse(readFileSync(`${ROOT}out/e2e-activation.json`, 'utf8')); } catch { return null; }
}

function printTable(rows) {
  const head = ['figure', 'ours', 'peer', 'ratio', 'target', 'result'];
  const body = rows.map((r) => [r.name, r.ours, r.theirs, r.ratio === null ? '' : `${r.ratio}×`, r.target ?? '', r.pass === null ? '' : r.pass ? 'pass' : 'FAIL']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  log('\n' + line(head));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) log(line(b));
}

main().catch((error) => { console.error(error); process.exit(1); });
