// 12. Cold lint of the real-file set (a fresh process per pass), `layerwise lint` on worker
// threads over 2,000 files, and the heap one open 1,000-line document costs (issue #13).
//
// The real-file set is the repository's Dockerfiles (examples/, test/fixtures/); with
// LAYERWISE_BENCH_CORPUS=<dir> it also takes every file under <dir> whose name contains
// "dockerfile" (any case, below 1 MB), e.g. a checkout of many projects' Dockerfiles. Only the
// cold-lint figure uses them; the 2,000-file tree stays the same so its figures compare across runs.
//
// The worker figure also prints each thread's CPU time (bench/lib/threadCpu.cjs, Linux): the main
// thread's share is the serial part, and "other" is V8's helper threads (GC, optimising compiler).
// From those it predicts the speed-up on 2 idle cores, since on a shared machine the wall clock
// cannot show it: a run takes at least its busiest thread's CPU and at least its total CPU / 2.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundled, ROOT } from './lib/bundle.mjs';
import { generateCorpus } from './lib/generate.mjs';
import { manyFindingsDockerfile } from './lib/manyFindings.mjs';
import { peerValidatedPaths, repoDockerfilePaths } from './lib/repoFiles.mjs';
import { LspSession } from './lib/lspClient.mjs';
import { summarize, comparison, round } from './lib/stats.mjs';

const PRELOAD = new URL('./lib/gcOnSignal.cjs', import.meta.url).pathname;
const THREAD_CPU = new URL('./lib/threadCpu.cjs', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MAX_BYTES = 1024 * 1024;

const realFiles = () => repoDockerfilePaths(MAX_BYTES);

/** Files under LAYERWISE_BENCH_CORPUS whose name contains "dockerfile" (any case), sorted; none when unset. */
function extraCorpusFiles() {
  const root = process.env.LAYERWISE_BENCH_CORPUS;
  if (!root) return [];
  const out = [];
  const walk = (dir) => {
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /dockerfile/i.test(e.name) && statSync(p).size < MAX_BYTES) out.push(p);
    }
  };
  walk(root);
  if (out.length === 0) throw new Error(`LAYERWISE_BENCH_CORPUS=${root}: no file named *Dockerfile* below 1 MB there.`);
  return out.sort();
}

/** Per-thread CPU of one run (ms): main, each worker, and the rest of the process (V8's helper threads). */
function threadSplit(cpuDir) {
  const records = readdirSync(cpuDir).map((f) => JSON.parse(readFileSync(join(cpuDir, f), 'utf8')));
  const main = records.find((r) => r.thread === 'main');
  if (!main) return undefined;
  const workers = records.filter((r) => r.thread === 'worker').map((r) => r.ms);
  const total = main.processMs;
  return { main: main.ms, workers, other: Math.max(0, round(total - main.ms - workers.reduce((a, b) => a + b, 0))), total: round(total) };
}

/** The least wall time a run could take on `cores` idle cores: its busiest thread, or its total CPU spread evenly. */
const idleWallMs = (split, cores) => Math.max(split.main, ...split.workers, split.total / cores);
const median = (xs) => summarize(xs).median;

/** One pass over the files in a fresh node process; prints the ms the pass took (JIT warm-up included). */
function coldPass(kind, listFile, bundle) {
  const script = kind === 'layerwise'
    ? `const {analyze}=require(${JSON.stringify(bundle)});`
      + `const fs=require('fs');const files=JSON.parse(fs.readFileSync(${JSON.stringify(listFile)},'utf8')).map(f=>fs.readFileSync(f,'utf8'));`
      + `const t=performance.now();for(const x of files)analyze(x);process.stdout.write(String(performance.now()-t));`
    : `const {validate}=require('dockerfile-utils');`
      + `const fs=require('fs');const files=JSON.parse(fs.readFileSync(${JSON.stringify(listFile)},'utf8')).map(f=>fs.readFileSync(f,'utf8'));`
      + `const t=performance.now();for(const x of files)validate(x);process.stdout.write(String(performance.now()-t));`;
  return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

export async function benchCorpus({ quick, log }) {
  await loadBundled('server/src/analysis/analyze.ts', 'analyze');
  const bundle = `${ROOT}out/bench-bundle/analyze.cjs`;
  const repoFiles = realFiles();
  const { kept: files, left } = peerValidatedPaths([...repoFiles, ...extraCorpusFiles()]);
  if (left) log(`  (${left} file${left === 1 ? '' : 's'} left out of the cold lint on both sides: validate() throws on ${left === 1 ? 'it' : 'them'})`);
  const dir = mkdtempSync(join(tmpdir(), 'lw-corpus-'));
  try {
    const listFile = join(dir, 'files.json');
    writeFileSync(listFile, JSON.stringify(files));
    const ours = [], theirs = [];
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      ours.push(coldPass('layerwise', listFile, bundle));
      theirs.push(coldPass('peer', listFile, bundle));
    }
    const o = summarize(ours), t = summarize(theirs);
    log(`  cold lint of ${files.length} real files (fresh process per pass): ours ${o.median} ms | validate() ${t.median} ms`);
    const cold = comparison(`cold in-process lint of the real-file set (${files.length} files), every rule on`, o, t, { target: 0.7 });

    // 2,000 files: the real set repeated and generated files, one per directory like a monorepo.
    const tree = join(dir, 'tree');
    const generated = generateCorpus(200, 21).map((f) => f.text);
    const texts = [...repoFiles.map((f) => readFileSync(f, 'utf8')), ...generated];
    for (let i = 0; i < 2000; i++) {
      const d = join(tree, String(i).padStart(4, '0'));
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'Dockerfile'), i % 10 === 0 ? manyFindingsDockerfile(300, i) : texts[i % texts.length]);
    }
    const cli = (workers) => {
      const cpuDir = mkdtempSync(join(dir, 'cpu-'));
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['-r', THREAD_CPU, ROOT + 'dist/cli.js', 'lint', '--format', 'json', '.'], {
        cwd: tree, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, LAYERWISE_WORKERS: String(workers), LAYERWISE_BENCH_CPU_DIR: cpuDir },
      });
      const ms = performance.now() - t0;
      const split = threadSplit(cpuDir);
      rmSync(cpuDir, { recursive: true, force: true });
      return { ms, out: r.stdout, status: r.status, split };
    };
    const one = [], two = [], splits = { one: [], two: [] };
    let sameOutput = true;
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      const a = cli(1), b = cli(2);
      one.push(a.ms); two.push(b.ms);
      if (a.split) splits.one.push(a.split);
      if (b.split) splits.two.push(b.split);
      sameOutput &&= a.out === b.out && a.status === b.status;
    }
    const s1 = summarize(one), s2 = summarize(two);
    log(`  layerwise lint, 2,000 files: 1 worker ${s1.median} ms, 2 workers ${s2.median} ms (same output: ${sameOutput})`);
    const workers = comparison('layerwise lint of 2,000 files: speed-up of 2 worker threads over 1', round(s1.median / s2.median), 1, { target: 1.7, higherIsBetter: true, note: sameOutput ? 'same output, same order' : 'OUTPUT DIFFERS' });
    let cpu;
    if (splits.one.length && splits.two.length) {
      // Medians per field over the runs; the prediction from them.
      const mid = (list) => ({
        main: median(list.map((x) => x.main)), other: median(list.map((x) => x.other)), total: median(list.map((x) => x.total)),
        workers: list[0].workers.map((_, k) => median(list.map((x) => x.workers[k] ?? 0))),
      });
      const c1 = mid(splits.one), c2 = mid(splits.two);
      const serial = round(c2.main / c2.total);
      const predicted = round(idleWallMs(c1, 2) / idleWallMs(c2, 2));
      const fmt = (c) => `main ${c.main}${c.workers.length ? `, workers ${c.workers.join(' + ')}` : ''}, other threads ${c.other}, total ${c.total} ms CPU`;
      log(`  CPU, 1 worker: ${fmt(c1)}`);
      log(`  CPU, 2 workers: ${fmt(c2)}; main thread ${round(100 * serial, 1)} % of it (Amdahl bound on 2 cores ${round(1 / (serial + (1 - serial) / 2), 2)}x)`);
      log(`  predicted speed-up on 2 idle cores: ${predicted}x (each run takes at least its busiest thread and its total CPU / 2; 2 workers use ${round(c2.total / c1.total, 2)}x the CPU of 1)`);
      cpu = { one: c1, two: c2, serialShare: serial, predictedIdleSpeedup: predicted, cpuRatio: round(c2.total / c1.total) };
    }
    // Heap that one open 1,000-line document costs each server.
    const heap = {};
    for (const which of ['layerwise', 'peer']) {
      const s = new LspSession(which, { nodeArgs: ['--expose-gc', '-r', PRELOAD] });
      try {
        await s.initialize();
        await s.open('file:///bench/warm/Dockerfile', manyFindingsDockerfile(200, 1));
        const before = await heapUsed(s);
        await s.open('file:///bench/heap/Dockerfile', manyFindingsDockerfile(1000, 2));
        heap[which] = round((await heapUsed(s) - before) / 1048576, 2);
      } finally {
        await s.close();
      }
    }
    log(`  heap per open 1,000-line document: ours ${heap.layerwise} MB | peer ${heap.peer} MB`);
    return {
      files: files.length, cold, coldPasses: { layerwise: o, validate: t },
      workers: { one: s1, two: s2, sameOutput, comparison: workers, cpu },
      heapPerDocument: { ...heap, comparison: comparison('heap per open 1,000-line document', heap.layerwise, heap.peer, { stat: 'median', note: 'reported, no target' }) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function heapUsed(s) {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const before = s.stderr.length;
    s.child.kill('SIGUSR2');
    for (let w = 0; w < 50 && !s.stderr.slice(before).includes('BENCH-MEM'); w++) await sleep(20);
    const m = /BENCH-MEM (\{.*\})/.exec(s.stderr.slice(before));
    if (m) best = Math.min(best, JSON.parse(m[1]).heapUsed);
  }
  return best;
}
