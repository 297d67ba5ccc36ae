// 3. In-process throughput: our analyze() vs dockerfile-utils validate() (and dockerfilelint)
// on the same texts, in alternating rounds; plus one 10,000-line file end to end.
import { createRequire } from 'node:module';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateCorpus, generateDockerfile } from './lib/generate.mjs';
import { loadBundled, ROOT } from './lib/bundle.mjs';
import { peerValidates, repoDockerfilePaths } from './lib/repoFiles.mjs';
import { summarize, comparison, absolute } from './lib/stats.mjs';

const require = createRequire(import.meta.url);

/** Every Dockerfile under examples/ and test/fixtures/, whoever added them. */
const repoDockerfiles = () => repoDockerfilePaths(4 * 1024 * 1024).map(p => ({ name: p.slice(ROOT.length), text: readFileSync(p, 'utf8') }));

function peers() {
  const list = [];
  const { validate } = require('dockerfile-utils');
  list.push({ id: 'dockerfile-utils', version: require('dockerfile-utils/package.json').version, run: (t) => validate(t) });
  try {
    const lint = require('dockerfilelint');
    // An empty directory: no .dockerfilelintrc, i.e. its default rules (it still looks for one per file).
    const dir = mkdtempSync(join(tmpdir(), 'dfl-'));
    list.push({ id: 'dockerfilelint', version: require('dockerfilelint/package.json').version, run: (t) => lint.run(dir, t) });
  } catch (error) {
    list.push({ id: 'dockerfilelint', missing: `not installed: ${error.message.split('\n')[0]}` });
  }
  return list;
}

function pass(run, corpus) {
  const t = performance.now();
  for (const f of corpus) run(f.text);
  return performance.now() - t;
}

export async function benchThroughput({ quick, log }) {
  const { analyze } = await loadBundled('server/src/analysis/analyze.ts', 'analyze');
  const all = repoDockerfiles();
  const fromRepo = all.filter((f) => peerValidates(f.text));
  if (fromRepo.length < all.length) log(`  (${all.length - fromRepo.length} repository file(s) left out on every side: validate() throws on them)`);
  const size = quick ? 200 : 240;
  const rounds = quick ? 3 : 9;
  // analyze() caches parsed chunks across calls (that is what makes LSP edits cheap), so a
  // second pass over the same texts would measure cache hits. Each round gets texts no tool
  // has seen: a freshly generated corpus, and the repository files with a round marker on top
  // (the marker changes their first chunk only; that part of them may be served from cache).
  const corpusFor = (round) => [
    ...generateCorpus(size, 7 + round * 13),
    ...fromRepo.map((f) => ({ name: f.name, text: `# bench round ${round}\n${f.text}` })),
  ];
  const corpus = corpusFor(0);
  const totalLines = corpus.reduce((n, f) => n + f.text.split('\n').length, 0);
  const tools = [
    { id: 'layerwise', run: (t) => analyze(t, { syntaxChecks: true }) },
    { id: 'layerwise-no-syntax', run: (t) => analyze(t, { syntaxChecks: false }) },
    // Every rule on (the strict profile runs the style-only ones too): the #10 "full set" figure.
    { id: 'layerwise-strict', run: (t) => analyze(t, { syntaxChecks: true, profile: 'strict' }) },
    ...peers().filter((p) => !p.missing),
  ];
  const fps = Object.fromEntries(tools.map((t) => [t.id, []]));
  for (const tool of tools) pass(tool.run, corpus); // JIT warm-up on round 0, not counted
  for (let r = 1; r <= rounds; r++) {
    const texts = corpusFor(r);
    const order = r % 2 ? [...tools].reverse() : tools;
    for (const tool of order) fps[tool.id].push(texts.length / (pass(tool.run, texts) / 1000));
  }
  const s = Object.fromEntries(Object.entries(fps).map(([k, v]) => [k, summarize(v, 'files/s')]));
  for (const [k, v] of Object.entries(s)) log(`  ${k}: ${v.median} files/s`);

  // A 10,000-line file, end to end (parse, all rules, syntax checks, suppressions), cold:
  // a different file each time, so nothing comes from the chunk cache.
  const times = [], floor = [];
  for (let i = 0; i < (quick ? 5 : 20) + 2; i++) {
    const big = generateDockerfile(10000, 10042 + i);
    const t0 = performance.now(); analyze(big, { syntaxChecks: true }); const t1 = performance.now();
    big.split(/\r?\n/); const t2 = performance.now();
    if (i >= 2) { times.push(t1 - t0); floor.push(t2 - t1); }
  }
  const bigS = summarize(times), floorS = summarize(floor);
  log(`  10,000-line file: ${bigS.median} ms (floor, splitting lines: ${floorS.median} ms)`);

  const peerInfo = peers().map((p) => ({ id: p.id, version: p.version, missing: p.missing }));
  const comparisons = peerInfo.filter((p) => !p.missing).map((p) =>
    comparison(`analyze() files/s vs ${p.id}.${p.id === 'dockerfilelint' ? 'run' : 'validate'}()`, s.layerwise, s[p.id], { higherIsBetter: true, target: 1.0 }));
  comparisons.push(comparison('analyze() without syntax checks, files/s vs dockerfile-utils.validate()', s['layerwise-no-syntax'], s['dockerfile-utils'], { higherIsBetter: true, note: 'context: our rules alone, without the dockerfile-utils pass we embed' }));
  return {
    corpus: { files: corpus.length, generated: corpus.length - fromRepo.length, fromRepo: fromRepo.length, lines: totalLines },
    rounds, coldTexts: true, peers: peerInfo, filesPerSecond: s, comparisons,
    file10k: absolute('10,000-line file linted end to end', bigS, { target: 50, unit: 'ms' }),
    floor10k: floorS,
  };
}
