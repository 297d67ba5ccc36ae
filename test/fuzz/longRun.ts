// `npm run fuzz`: the properties of analyze.fuzz.test.ts over many more cases with a fresh
// seed (or `npm run fuzz -- <seed> [runs]` to replay one). Prints the seed and the
// counterexample path of any failure and saves the failing input under out/fuzz-failures/.
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../server/src/analysis/analyze';
import { anyDockerfile, editSequence, grammarDockerfile, mutatedDockerfile } from './arbitraries';
import { runBurstProperty } from './burstProperty';
import { runIncrementalBurstProperty } from './documentSyncProperty';
import { REPO_ROOT, seedTexts } from './corpus';
import { checkAnalysis, checkChunks, checkIncremental, FUZZ_OPTIONS } from './properties';
import { checkSliced, slicedCase } from './slicedProperty';
import { checkScanner, ScanTally, scannerTokens } from './scanProperty';
import { checkSyntaxFast } from './syntaxFastProperty';

/** Generous: a case takes milliseconds; only a hang or a quadratic blow-up gets near this. */
const CASE_BOUND_MS = 5000;

const seed = process.argv[2] !== undefined ? Number(process.argv[2]) : Date.now() % 2147483647;
const runs = process.argv[3] !== undefined ? Number(process.argv[3]) : 100000;
const seeds = seedTexts();
const failureDir = path.join(REPO_ROOT, 'out', 'fuzz-failures');

function bounded<T>(check: (input: T) => void): (input: T) => void {
  return text => {
    const start = Date.now();
    check(text);
    const took = Date.now() - start;
    if (took > CASE_BOUND_MS) throw new Error(`took ${took} ms (bound ${CASE_BOUND_MS} ms)`);
  };
}

let failed = false;

function run<T>(name: string, arb: fc.Arbitrary<T>, check: (input: T) => void, numRuns: number, runSeed: number): void {
  const started = Date.now();
  const details = fc.check(fc.property(arb, bounded(check)), { seed: runSeed, numRuns });
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  if (!details.failed) {
    console.log(`ok   ${name}: ${details.numRuns} cases in ${secs}s`);
    return;
  }
  failed = true;
  const found = details.counterexample?.[0];
  const input = typeof found === 'string' ? found : JSON.stringify(found ?? '', null, 1);
  fs.mkdirSync(failureDir, { recursive: true });
  const file = path.join(failureDir, `${name.replace(/\W+/g, '-')}-${runSeed}.txt`);
  fs.writeFileSync(file, input);
  console.log(`FAIL ${name} after ${details.numRuns} cases (${secs}s)`);
  console.log(`     seed ${runSeed}, path "${details.counterexamplePath}"  (replay: fc.assert(..., { seed: ${runSeed}, path: "${details.counterexamplePath}" }))`);
  console.log(`     input saved to ${file}: ${JSON.stringify(input).slice(0, 300)}`);
  console.log(`     ${String(details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance).split('\n').slice(0, 6).join('\n     ')}`);
}

console.log(`layerwise fuzz: seed ${seed}, ${runs} cases per property`);
run('grammar', grammarDockerfile, text => { checkAnalysis(text); }, runs, seed);
run('mutations', mutatedDockerfile(seeds), text => { checkAnalysis(text); }, runs, seed + 1);
run('chunks', fc.array(anyDockerfile(seeds), { minLength: 4, maxLength: 12 }).map(parts => parts.join('\n')), checkChunks, Math.ceil(runs / 5), seed + 2);
// One-off pathological sizes: each either finishes or yields exactly one file-too-large notice.
run('huge line', fc.tuple(fc.constantFrom('RUN echo ', '# ', 'LABEL x=', 'ENV A='), fc.integer({ min: 900 * 1024, max: 1100 * 1024 }))
  .map(([prefix, n]) => `FROM alpine\n${prefix}${'x y '.repeat(n >> 2)}\nCMD ["sh"]\n`), text => {
  const { findings } = analyze(text, FUZZ_OPTIONS);
  if (text.includes('\n# ')) { if (findings.some(f => f.ruleId === 'file-too-large')) throw new Error('a long comment should not stop the analysis'); return; }
  if (findings.length !== 1 || findings[0].ruleId !== 'file-too-large') throw new Error(`expected one file-too-large notice, got ${findings.map(f => f.ruleId).join(', ')}`);
}, 8, seed + 3);
run('incremental', editSequence(seeds, 12), checkIncremental, Math.ceil(runs / 5), seed + 4);
// Our scanner equals dockerfile-ast wherever it answers (and how often it answers).
const scanTally: ScanTally = { texts: 0, answered: 0 };
const scanInput = fc.oneof(grammarDockerfile, mutatedDockerfile(seeds), scannerTokens, fc.array(anyDockerfile(seeds), { minLength: 4, maxLength: 12 }).map(parts => parts.join('\n')));
run('scanner', scanInput, text => { checkScanner(text, scanTally); }, runs, seed + 7);
console.log(`     scanner answered ${scanTally.answered} of ${scanTally.texts} texts (whole files and chunks)`);
// Wherever the fast syntax checker answers, it answers what validate() does (syntaxFast.ts).
run('fast syntax', anyDockerfile(seeds), text => { checkSyntaxFast(text); }, runs, seed + 8);
run('fast syntax, long files', fc.array(anyDockerfile(seeds), { minLength: 4, maxLength: 12 }).map(parts => parts.join('\n')), text => { checkSyntaxFast(text); }, Math.ceil(runs / 5), seed + 9);
// The language server's analyses in slices, other analyses in between, versions dropped part-way.
run('sliced', slicedCase(seeds, 12), checkSliced, Math.ceil(runs / 5), seed + 10);

// Edit bursts against the real server over stdio (dist/server.js; slower, so fewer cases).
void (async () => {
  const burstRuns = Math.max(20, Math.ceil(runs / 200));
  const started = Date.now();
  const failure = await runBurstProperty(editSequence(seeds, 40), burstRuns, seed + 5);
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  if (failure) { failed = true; console.log(`FAIL edit bursts over LSP: ${failure}`); } else console.log(`ok   edit bursts over LSP: ${burstRuns} cases in ${secs}s`);
  // The same with range changes (mixed line endings, out-of-range ranges, whole-text changes among them).
  const rangeStarted = Date.now();
  const rangeFailure = await runIncrementalBurstProperty(burstRuns, seed + 6);
  const rangeSecs = ((Date.now() - rangeStarted) / 1000).toFixed(0);
  if (rangeFailure) { failed = true; console.log(`FAIL incremental-sync bursts over LSP: ${rangeFailure}`); } else console.log(`ok   incremental-sync bursts over LSP: ${burstRuns} cases in ${rangeSecs}s`);
  process.exitCode = failed ? 1 : 0;
})();
