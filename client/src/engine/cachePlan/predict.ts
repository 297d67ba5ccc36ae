// The prediction: the step keys of the next build against the recorded builds → cached or reruns, with
// the first reason. Pure: no file system, no engine.
import { BuilderKind, Plan, PlannedStep, StepKey, StepRecord, UNREADABLE } from './types';

export interface RecordedBuild {
  builder: BuilderKind;
  /** ISO time the build finished. */
  time: string;
  steps: StepRecord[];
}

export interface PlanInput {
  builder: BuilderKind;
  steps: StepKey[];
  /** Earlier builds with the same Dockerfile, context, target and builder, newest first. */
  records: RecordedBuild[];
  /** Why there is no usable record (e.g. an older format); shown instead of "no earlier build". */
  recordProblem?: string;
  /** Context problems (unreadable files…), passed through. */
  problems?: string[];
}

const PART_REASONS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^command$/, () => 'instruction changed'],
  [/^flags$/, () => 'instruction changed'],
  [/^arg:(.+)$/, m => `build arg ${m[1]} changed`],
  [/^env:(.+)$/, m => `ENV ${m[1]} changed`],
  [/^user$/, () => 'USER changed'],
  [/^workdir$/, () => 'WORKDIR changed'],
  [/^shell$/, () => 'SHELL changed'],
];

export function planBuild(input: PlanInput): Plan {
  const problems = [...(input.problems ?? [])];
  const usable = input.records.filter(r => r.builder === input.builder && Array.isArray(r.steps));
  if (usable.length === 0) {
    const reason = input.recordProblem ? 'no usable earlier build' : 'no earlier build';
    const steps = input.steps.map(s => planned(s, false, reason));
    return {
      builder: input.builder, steps, problems, rerun: steps.length, estimatedMs: 0,
      notice: input.recordProblem ?? 'No earlier build of this Dockerfile with this context, target and builder: build once to see cache predictions.',
    };
  }
  const known = new Set<string>();
  for (const r of usable) for (const s of r.steps) known.add(s.chain);
  const last = usable[0];
  const counterpartOf = (s: StepKey) => last.steps.find(r => r.stage === s.stage && r.ordinal === s.ordinal && r.keyword === s.keyword)
    ?? last.steps.find(r => r.stageName === s.stageName && r.ordinal === s.ordinal && r.keyword === s.keyword);

  /** Per stage: the first step that reruns in its chain (inherited by stages built FROM it). */
  const firstRerun = new Map<number, { line: number; chain: number[] }>();
  const stageStart = new Set<number>();
  const out: PlannedStep[] = [];
  for (const step of input.steps) {
    if (!stageStart.has(step.stage)) {
      stageStart.add(step.stage);
      // A stage built FROM another continues its chain: a rerun there reruns this stage from its first step.
      const inherited = step.parentStage !== undefined ? firstRerun.get(step.parentStage) : undefined;
      if (inherited) firstRerun.set(step.stage, inherited); else firstRerun.delete(step.stage);
    }
    const counterpart = counterpartOf(step);
    const lastMs = counterpart?.durationMs;
    const earlier = firstRerun.get(step.stage);
    const unreadable = Object.entries(step.files ?? {}).find(([, sig]) => sig === UNREADABLE);
    let cached = false;
    let reason: string;
    let because: number[] | undefined;
    const fromRerun = (step.fromStages ?? []).map(i => ({ i, r: firstRerun.get(i) })).find(x => x.r);
    if (unreadable) {
      reason = `${unreadable[0]} cannot be read`;
    } else if (earlier) {
      reason = `an earlier step rebuilds (line ${earlier.line + 1})`;
      because = earlier.chain;
    } else if (fromRerun) {
      const name = input.steps.find(s => s.stage === fromRerun.i)?.stageName ?? `stage-${fromRerun.i}`;
      reason = `stage ${name} rebuilds (line ${fromRerun.r!.line + 1})`;
      because = fromRerun.r!.chain;
    } else if (step.remote) {
      reason = `remote source (ADD ${step.remote}) is always re-checked`;
    } else if (known.has(step.chain)) {
      cached = true;
      reason = step.cacheMount ? 'cached; its --mount=type=cache is kept' : 'cached';
    } else {
      reason = firstDifference(step, counterpart);
    }
    if (!cached && step.cacheMount) reason += ' (its --mount=type=cache is kept, so it reruns faster)';
    if (!cached && !firstRerun.has(step.stage)) firstRerun.set(step.stage, { line: step.line, chain: [...(because ?? []), step.line] });
    out.push({ ...planned(step, cached, reason), ...(because ? { because } : {}), ...(lastMs !== undefined ? { lastDurationMs: lastMs } : {}) });
  }
  return finish(input.builder, out, problems);
}

function firstDifference(step: StepKey, counterpart: StepRecord | undefined): string {
  if (step.base && counterpart?.base && step.base.ref === counterpart.base.ref && step.base.id !== counterpart.base.id) {
    return step.base.id ? `base image ${step.base.ref} now points to another image` : `base image ${step.base.ref} is not present locally (it will be pulled)`;
  }
  if (step.base && counterpart?.base && step.base.ref !== counterpart.base.ref) return `base image changed to ${step.base.ref}`;
  if (!counterpart) return 'instruction changed';
  for (const [re, text] of PART_REASONS) {
    const names = new Set([...Object.keys(step.parts), ...Object.keys(counterpart.parts)].filter(k => re.test(k)));
    for (const k of [...names].sort()) if (step.parts[k] !== counterpart.parts[k]) return text(re.exec(k)!);
  }
  if (step.parts.files !== counterpart.parts.files) return filesReason(step, counterpart);
  const from = Object.keys(step.parts).find(k => k.startsWith('from:') && step.parts[k] !== counterpart.parts[k]);
  if (from) return `the image ${from.slice(5)} changed`;
  if (step.base && !counterpart.base) return 'instruction changed';
  return 'not in the cache of the earlier builds';
}

function filesReason(step: StepKey, counterpart: StepRecord): string {
  if (!step.files || !counterpart.files) return 'the files it copies changed';
  const changed: string[] = [];
  const now = step.files, before = counterpart.files;
  for (const p of new Set([...Object.keys(now), ...Object.keys(before)])) if (now[p] !== before[p]) changed.push(p);
  if (changed.length === 0) return 'the files it copies changed';
  changed.sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
  const first = changed[0];
  const what = !(first in before) ? 'added' : !(first in now) ? 'removed' : now[first][0] === 'f' && before[first][0] === 'f' && now[first].split(':')[1] === before[first].split(':')[1] ? 'changed mode' : 'changed';
  const more = changed.length - 1;
  return `${first} ${what}${more ? ` (and ${more} more file${more === 1 ? '' : 's'})` : ''}`;
}

const depth = (p: string) => p.split('/').length;

function planned(step: StepKey, cached: boolean, reason: string): PlannedStep {
  return { line: step.line, keyword: step.keyword, instruction: step.instruction, stageName: step.stageName, cached, reason };
}

function finish(builder: BuilderKind, steps: PlannedStep[], problems: string[]): Plan {
  const rerun = steps.filter(s => !s.cached);
  return { builder, steps, problems, rerun: rerun.length, estimatedMs: rerun.reduce((t, s) => t + (s.lastDurationMs ?? 0), 0) };
}
