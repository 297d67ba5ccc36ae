import { Rule, RuleFinding } from '../rule';
import { describe } from '../edits';
import { firstStageNamed, stageReferences } from '../../analysis/stageRefs';
import { emptyList } from '../../analysis/lists';

// A stage's files do not exist yet while it is being built, so it cannot be its own --from source.
export const copyFromOwnStage: Rule = {
  id: 'copy-from-own-stage',
  category: 'multi-stage',
  severity: 'error',
  title: 'COPY --from names the stage it is in',
  equivalents: { hadolint: ['DL3023'] },
  hadolintSeverity: 'error',
  scope: 'file',
  fileScopeReason: 'resolves stage references against the stage names of the whole file',
  check(model) {
    const out: RuleFinding[] = emptyList();
    for (const ref of stageReferences(model)) {
      if (ref.kind === 'from' || !ref.complete) continue;
      const stage = model.stages[ref.stage];
      const own = /^\d+$/.test(ref.expanded)
        ? Number(ref.expanded) === stage.index
        : stage.name !== undefined && stage.name.toLowerCase() === ref.expanded.toLowerCase()
          && firstStageNamed(model, ref.expanded) === stage.index;
      if (!own) continue;
      out.push({
        message: `${ref.kind === 'copy' ? '--from' : 'The mount\'s from'}=${ref.value} at ${describe(model, ref.instr)} names the stage it is in (${describe(model, stage.from)}): a stage cannot read its own files while it is being built. Copy from an earlier stage, or drop --from to copy from the build context.`,
        range: ref.range,
        related: [{ range: stage.from.range, message: 'the stage this instruction belongs to' }],
      });
    }
    return out;
  },
};
