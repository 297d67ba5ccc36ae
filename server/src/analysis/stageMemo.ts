// Per-stage summaries for the file-scope rules. A Stage object is kept from one version to the next
// only while its instructions are the same objects at the same places (stageModel.ts), so whatever a
// rule derives from one stage's instructions and lines alone (ranges included) holds as long as the
// object lives: an edit recomputes the summaries of the stages it rebuilt, not of the whole file.
import type { DockerfileModel, Instr, Stage } from './model';

/** `compute(stage, context)` once per Stage object, per cache (one cache per rule); no closure per call. */
export function perStage<T, C = undefined>(cache: WeakMap<Stage, T>, stage: Stage, compute: (stage: Stage, context: C) => T, context?: C): T {
  let value = cache.get(stage);
  if (value === undefined) cache.set(stage, (value = compute(stage, context as C)));
  return value;
}

/** The instructions before the first FROM (global ARGs, parser errors): no stage holds them. */
export function globalInstructions(model: DockerfileModel): Instr[] {
  const end = model.stages.length > 0 ? model.stages[0].from.index : model.instructions.length;
  return model.instructions.slice(0, end);
}
