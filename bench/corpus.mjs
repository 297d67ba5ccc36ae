// 12. Cold lint of the real-file set (a fresh process per pass), `layerwise lint` on worker
// threads over 2,000 files, and the heap one open 1,000-line document costs (issue #13).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundled, ROOT } from './lib/bundle.mjs';
import { generateCorpus } from './lib/generate.mjs';
import { manyFindingsDockerfile } from './lib/manyFindings.mjs';
import { repoDockerfilePaths } from './lib/repoFiles.mjs';
import { LspSession } from './lib/lspClient.mjs';
import { summarize, comparison, round } from './lib/stats.mjs';

const PRELOAD = new URL('./lib/gcOnSignal.cjs', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const realFiles = () => repoDockerfilePaths(1024 * 1024);

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
  const files = realFiles();
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
    const texts = [...files.map((f) => readFileSync(f, 'utf8')), ...generated];
    for (let i = 0; i < 2000; i++) {
      const d = join(tree, String(i).padStart(4, '0'));
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'Dockerfile'), i % 10 === 0 ? manyFindingsDockerfile(300, i) : texts[i % texts.length]);
    }
    const cli = (workers) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [ROOT + 'dist/cli.js', 'lint', '--format', 'json', '.'], {
        cwd: tree, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, LAYERWISE_WORKERS: String(workers) },
      });
      return { ms: performance.now() - t0, out: r.stdout, status: r.status };
    };
    const one = [], two = [];
    let sameOutput = true;
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      const a = cli(1), b = cli(2);
      one.push(a.ms); two.push(b.ms);
      sameOutput &&= a.out === b.out && a.status === b.status;
    }
    const s1 = summarize(one), s2 = summarize(two);
    log(`  layerwise lint, 2,000 files: 1 worker ${s1.median} ms, 2 workers ${s2.median} ms (same output: ${sameOutput})`);
    const workers = comparison('layerwise lint of 2,000 files: speed-up of 2 worker threads over 1', round(s1.median / s2.median), 1, { target: 1.7, higherIsBetter: true, note: sameOutput ? 'same output, same order' : 'OUTPUT DIFFERS' });

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
      workers: { one: s1, two: s2, sameOutput, comparison: workers },
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
