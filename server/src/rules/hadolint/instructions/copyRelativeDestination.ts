import { Stage } from '../../../analysis/model';
import { StageRule, RuleFinding, StageView } from '../../rule';
import { describe } from '../../edits';
import { dropQuotes, isWindowsAbsolute } from './imageRef';
import { emptyList, listOf } from '../../../analysis/lists';

// `COPY app.py .` in a stage that never set WORKDIR lands wherever the base image's WORKDIR points.
export const copyRelativeDestination: StageRule = {
  id: 'copy-relative-destination', category: 'best-practice', severity: 'warning', hadolintSeverity: 'warning',
  title: 'COPY to a relative destination before any WORKDIR',
  equivalents: { hadolint: ['DL3045'] },
  explanation: 'A relative COPY destination is resolved against the working directory. Before the stage (or the stage it '
    + 'builds on) sets WORKDIR, that is whatever the base image chose, often `/`, and it can change when the base image does. '
    + 'Set WORKDIR first, or copy to an absolute path.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    // On scratch the directory is `/` and cannot change upstream; hadolint reports it all the same, and so do we, saying so.
    const onScratch = stage.rootComplete && stage.rootImage === 'scratch';
    let workdirSet = inheritsWorkdir(stage, model);
    const copyOf = new Map(listOf(stage.copies, c => [c.instr, c]));
    for (const instr of stage.instructions) {
      if (instr.keyword === 'WORKDIR') { workdirSet = true; continue; }
      if (instr.keyword !== 'COPY' || workdirSet) continue;
      const copy = copyOf.get(instr);
      if (!copy || copy.dest === '') continue;
      const dest = dropQuotes(copy.dest);
      if (dest.startsWith('/') || isWindowsAbsolute(dest) || dest.startsWith('$')) continue;
      const range = instr.execForm || instr.copyExecWords ? instr.range : instr.argRanges[instr.argRanges.length - 1] ?? instr.range;
      const where = onScratch ? 'in `/` (scratch sets no WORKDIR); an absolute path says so' : 'in the base image\'s working directory';
      out.push({ message: `COPY to a relative destination without WORKDIR set: ${describe(model, instr)} copies to '${dest}' ${where}.`, range });
    }
    return out;
  },
};

/** hadolint carries "WORKDIR was set" from a stage to the stages built FROM it. */
function inheritsWorkdir(stage: Stage, model: StageView): boolean {
  for (let p = stage.parent; p !== undefined;) {
    const parent = model.stages[p];
    if (!parent) return false;
    if (parent.instructions.some(i => i.keyword === 'WORKDIR')) return true;
    p = parent.parent;
  }
  return false;
}
