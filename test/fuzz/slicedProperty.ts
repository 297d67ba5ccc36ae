// The language server runs analyses in slices (server/src/slices.ts over analysisSteps) and drops
// one at a pause when a newer version arrives. What must hold: pausing changes nothing — with
// another document's analysis stepping in between (the caches they share), and after earlier
// versions were dropped part-way (their half-done work must not leak into the next) — each
// finished analysis equals analyze() of the same text from scratch.
import fc from 'fast-check';
import { analysisSteps, analyze, Analysis, AnalysisSteps } from '../../server/src/analysis/analyze';
import { anyDockerfile, editSequence } from './arbitraries';
import { FUZZ_OPTIONS } from './properties';

/** How one version is run: dropped after `dropAfter` steps (when set), else finished; `other` steps of the other document between its own. */
export interface SliceSchedule { dropAfter?: number; interleave: number }

export const sliceSchedule: fc.Arbitrary<SliceSchedule> = fc.record({
  dropAfter: fc.option(fc.nat({ max: 30 }), { nil: undefined }),
  interleave: fc.nat({ max: 3 }),
});

export function slicedCase(seeds: string[], maxEdits = 10): fc.Arbitrary<{ versions: string[]; other: string; schedules: SliceSchedule[] }> {
  return fc.record({
    versions: editSequence(seeds, maxEdits),
    other: anyDockerfile(seeds),
    schedules: fc.array(sliceSchedule, { minLength: maxEdits + 1, maxLength: maxEdits + 1 }),
  });
}

function same(a: Analysis, b: Analysis, what: string): void {
  const x = JSON.stringify(a.findings), y = JSON.stringify(b.findings);
  if (x === y) return;
  const i = a.findings.findIndex((f, j) => JSON.stringify(f) !== JSON.stringify(b.findings[j]));
  throw new Error(`${what}: the sliced analysis differs from analyze() at finding ${i}:\n  sliced:    ${JSON.stringify(a.findings[i])}\n  analyze(): ${JSON.stringify(b.findings[i])}\n(${a.findings.length} vs ${b.findings.length} findings)`);
}

/**
 * Runs each version as the server would: from the last finished version's model, one step at a
 * time, with steps of another document's analysis in between; a version may be dropped part-way
 * (the last one never is). Every finished analysis must equal analyze() from scratch.
 */
export function checkSliced(input: { versions: string[]; other: string; schedules: SliceSchedule[] }): void {
  const { versions, other, schedules } = input;
  let previous: Analysis | undefined;
  let otherPrevious: Analysis | undefined;
  let otherSteps: AnalysisSteps | undefined;
  const stepOther = () => {
    otherSteps ??= analysisSteps(other, { ...FUZZ_OPTIONS, previous: otherPrevious?.model });
    const next = otherSteps.next();
    if (next.done) {
      same(next.value, analyze(other, FUZZ_OPTIONS), 'the other document');
      otherPrevious = next.value;
      otherSteps = undefined;
    }
  };
  versions.forEach((text, n) => {
    const schedule = schedules[n % schedules.length];
    const drop = n < versions.length - 1 ? schedule.dropAfter : undefined;
    const steps = analysisSteps(text, { ...FUZZ_OPTIONS, previous: previous?.model });
    for (let taken = 0; ; taken++) {
      if (drop !== undefined && taken >= drop) { steps.return(undefined as never); return; }
      const next = steps.next();
      if (next.done) {
        same(next.value, analyze(text, FUZZ_OPTIONS), `version ${n}`);
        previous = next.value;
        return;
      }
      for (let i = 0; i < schedule.interleave; i++) stepOther();
    }
  });
}
