// The language server's analyses in slices (server/src/slices.ts over analysisSteps): pausing
// changes no finding, and an analysis no longer wanted stops at its next pause.
import * as assert from 'assert';
import fc from 'fast-check';
import { analysisSteps, analyze } from '../../server/src/analysis/analyze';
import { runInSlices, SUPERSEDED } from '../../server/src/slices';
import { seedTexts } from '../fuzz/corpus';
import { checkSliced, slicedCase } from '../fuzz/slicedProperty';
import { FUZZ_OPTIONS } from '../fuzz/properties';
// Same base seed as test/fuzz/analyze.fuzz.test.ts (importing it would register its suite twice).
const UNIT_SEED = 20240611;

const seeds = seedTexts();

/** A multi-stage file with findings in every stage. */
function generated(stages: number): string {
  const out = ['ARG V=20'];
  for (let i = 0; i < stages; i++) out.push(`FROM node:\${V} AS s${i}`, 'COPY . .', 'RUN npm ci', 'RUN apt-get update && apt-get install -y curl', 'CMD npm start');
  return out.join('\n') + '\n';
}

describe('analysis in slices', function () {
  this.timeout(120000);

  it('equals analyze() after random edit sequences, with another document stepping in between and versions dropped part-way', () => {
    fc.assert(fc.property(slicedCase(seeds), input => { checkSliced(input); }), { seed: UNIT_SEED + 20, numRuns: 100 });
  });

  it('runInSlices pauses between slices and gives what analyze() gives', async () => {
    const text = generated(60);
    let pauses = 0;
    const result = await runInSlices(analysisSteps(text, FUZZ_OPTIONS), () => true, { sliceMs: 0, between: async () => { pauses++; } });
    assert.notStrictEqual(result, SUPERSEDED);
    assert.ok(pauses > 60, `one pause per step at sliceMs 0 (${pauses})`);
    assert.deepStrictEqual(JSON.stringify(result !== SUPERSEDED && result.findings), JSON.stringify(analyze(text, FUZZ_OPTIONS).findings));
  });

  it('an analysis no longer wanted stops at its next pause and runs no further step', async () => {
    const text = generated(60);
    let wanted = true;
    let pauses = 0;
    let stepsAfter = 0;
    const steps = analysisSteps(text, FUZZ_OPTIONS);
    // Counts the steps taken once the analysis was dropped (there must be none).
    const counted = (function* () {
      for (;;) {
        const next = steps.next();
        if (!wanted) stepsAfter++;
        if (next.done) return next.value;
        yield;
      }
    })();
    const result = await runInSlices(counted, () => wanted, { sliceMs: 0, between: async () => { if (++pauses === 5) wanted = false; } });
    assert.strictEqual(result, SUPERSEDED);
    assert.strictEqual(pauses, 5);
    assert.strictEqual(stepsAfter, 0);
  });
});
