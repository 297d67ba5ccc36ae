// `node bench/scannerAB.mjs BASE_CHECKOUT [CORPUS_DIR]`: analyze() of another checkout (e.g. `git archive 2d28672`,
// main before the scanner, with node_modules linked) against this one's, in one run. Cold: alternating fresh
// processes (one corpus pass each). Warm and many-findings: one process, alternating order per round,
// medians of process.cpuUsage() (user+system) time.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
const require = createRequire(import.meta.url);
const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const BASE = process.argv[2] === 'cold' ? '' : process.argv[2];
const CORPUS = process.argv[2] === 'cold' ? process.argv[4] : (process.argv[3] ?? '/work/corpus');
const files = fs.readdirSync(CORPUS, { recursive: true }).map(f => `${CORPUS}/${f}`)
  .filter(f => /dockerfile/i.test(f.split('/').pop()) && fs.statSync(f).isFile() && fs.statSync(f).size < 1000 * 1024).sort();
const texts = files.map(f => fs.readFileSync(f, 'utf8'));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = a => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
if (process.argv[2] === 'cold') {
  const { analyze } = require(process.argv[3]);
  const t = cpu(); for (const text of texts) analyze(text, {}); console.log(JSON.stringify({ ms: cpu() - t }));
} else {
  const bundle = async (root, name) => { const outfile = `${ROOT}/out/bench-bundle/scannerAB-${name}.cjs`; await esbuild.build({ entryPoints: [root + '/server/src/analysis/analyze.ts'], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' }); return outfile; };
  const B = { base: await bundle(BASE, 'base'), scan: await bundle(ROOT, 'scan') };
  const order = r => (r % 2 ? ['base', 'scan'] : ['scan', 'base']);
  const res = {}; const put = (row, k, v) => ((res[row] ??= { base: [], scan: [] })[k].push(v));
  for (let r = 0; r < 9; r++) for (const k of order(r)) put('corpus cold pass (fresh process)', k, JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, 'cold', B[k], CORPUS]).toString()).ms);
  const m = { base: require(B.base), scan: require(B.scan) };
  const { manyFindingsDockerfile } = await import(ROOT + '/bench/lib/manyFindings.mjs');
  const big1 = manyFindingsDockerfile(1000), big10 = manyFindingsDockerfile(10000);
  for (const k of ['base', 'scan']) for (const t of texts) m[k].analyze(t, {});
  for (let r = 0; r < 13; r++) for (const k of order(r)) {
    let t = cpu(); for (const text of texts) m[k].analyze(text, {}); put('corpus warm pass', k, cpu() - t);
    t = cpu(); m[k].analyze(big1 + `# v${r}\n`, {}); put('1k many-findings, fresh analyze', k, cpu() - t);
    t = cpu(); m[k].analyze(big10 + `# v${r}\n`, {}); put('10k many-findings, fresh analyze', k, cpu() - t);
  }
  // Edits: a trailing space toggled on a pseudo-random line, analysed with the previous model (the LSP path).
  for (const [row, doc] of [['1k edit, incremental', big1], ['10k edit, incremental', big10]]) {
    const st = {}; for (const k of ['base', 'scan']) st[k] = { prev: m[k].analyze(doc, {}), lines: doc.split('\n') };
    let seed = 11;
    for (let r = 0; r < 60; r++) {
      seed = (seed * 1103515245 + 12345) % 2147483648; const l = seed % (st.base.lines.length - 1);
      for (const k of order(r)) { const s = st[k]; s.lines[l] = s.lines[l].endsWith(' ') ? s.lines[l].slice(0, -1) : s.lines[l] + ' ';
        const t = cpu(); s.prev = m[k].analyze(s.lines.join('\n'), { previous: s.prev.model }); put(row, k, cpu() - t); }
    }
  }
  for (const [row, o] of Object.entries(res)) console.log(`${row.padEnd(34)} base ${median(o.base).toFixed(1).padStart(7)} ms   scanner ${median(o.scan).toFixed(1).padStart(7)} ms   ratio ${(median(o.scan) / median(o.base)).toFixed(2)}  (n=${o.base.length})`);
}
