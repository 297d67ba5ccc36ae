import { StageRule } from '../rule';
import { expandWithDefaults, isValidReference, referencedVars, resolvedGlobalArgs, unquote } from './common';

// `ARG TAG` + `FROM busybox:${TAG}`: without --build-arg the reference is `busybox:`, which is invalid.
export const invalidDefaultArgInFrom: StageRule = {
  id: 'invalid-default-arg-in-from',
  category: 'best-practice',
  severity: 'warning',
  title: 'The ARG defaults make the FROM reference empty or invalid',
  equivalents: { buildkit: ['InvalidDefaultArgInFrom'] },
  explanation: 'A build without `--build-arg` should work: with the global ARGs at their defaults, every FROM must name a valid image. '
    + 'Give the ARG a default, or use `${TAG:-latest}` in the reference.',
  scope: 'stage',
  checkStage(stage, model) {
    const clause = stage.from.fromClause;
    if (!clause?.image || !clause.imageRange || !clause.image.includes('$')) return [];
    const names = referencedVars(clause.image, model.escapeChar);
    // Undeclared ARGs are undefined-arg-in-from's finding, not this one.
    if (names.length === 0 || names.some(n => !model.globalArgs.has(n))) return [];
    const expanded = unquote(expandWithDefaults(clause.image, resolvedGlobalArgs(model.globalArgs)));
    if (expanded.toLowerCase() === 'scratch' || isValidReference(expanded)) return [];
    return [{
      message: `With the default values of its ARGs, FROM names '${expanded}', which is not a valid image reference: give ${names.join(', ')} a default.`,
      range: clause.imageRange,
    }];
  },
};
