// Property tests over generated and mutated Dockerfiles, with a fixed seed so `npm test`
// is deterministic. `npm run fuzz` runs the same properties much longer with a fresh seed.
import fc from 'fast-check';
import { anyDockerfile, grammarDockerfile, mutatedDockerfile } from './arbitraries';
import { seedTexts } from './corpus';
import { checkAnalysis, checkChunks } from './properties';
import { checkScanner, scannerTokens } from './scanProperty';

export const UNIT_SEED = 20240611;
const seeds = seedTexts();

describe('fuzz: analyze() on any buffer', function () {
  // A hang guard for the whole suite, not a timing assertion: the cases take milliseconds each.
  this.timeout(120000);

  it('grammar-built Dockerfiles: never throws, ranges and fixes stay inside the document, fixes add no syntax error', () => {
    fc.assert(fc.property(grammarDockerfile, text => { checkAnalysis(text); }), { seed: UNIT_SEED, numRuns: 1500 });
  });

  it('mutated examples and fixtures (truncation, shuffles, continuations, heredocs, NUL, invalid UTF-8, CR/CRLF)', () => {
    fc.assert(fc.property(mutatedDockerfile(seeds), text => { checkAnalysis(text); }), { seed: UNIT_SEED + 1, numRuns: 1500 });
  });

  it('chunked parsing equals a whole-file parse on long random files', () => {
    const long = fc.array(anyDockerfile(seeds), { minLength: 4, maxLength: 9 }).map(parts => parts.join('\n'));
    fc.assert(fc.property(long, text => { checkChunks(text); }), { seed: UNIT_SEED + 2, numRuns: 400 });
  });

  it('our scanner reads exactly what dockerfile-ast reads, wherever it answers (grammar-built, mutated and long files)', () => {
    const long = fc.array(anyDockerfile(seeds), { minLength: 4, maxLength: 9 }).map(parts => parts.join('\n'));
    const any = fc.oneof(grammarDockerfile, mutatedDockerfile(seeds), long, scannerTokens);
    fc.assert(fc.property(any, text => { checkScanner(text); }), { seed: UNIT_SEED + 3, numRuns: 2000 });
  });
});
