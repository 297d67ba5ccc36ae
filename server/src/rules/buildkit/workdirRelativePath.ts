import { StageRule, RuleFinding } from '../rule';
import { Stage } from '../../analysis/model';
import { StageView } from '../rule';
import { unquote } from './common';

// WORKDIR app/src is relative to whatever WORKDIR the base image chose, which can change upstream.
export const workdirRelativePath: StageRule = {
  id: 'workdir-relative-path',
  category: 'best-practice',
  severity: 'warning',
  title: 'Relative WORKDIR before any absolute one in the stage',
  equivalents: { buildkit: ['WorkdirRelativePath'] },
  explanation: 'A relative WORKDIR is resolved against the working directory of the base image. If the base image changes its WORKDIR, '
    + 'every path after it moves. An absolute WORKDIR first (in this stage or the stage it builds on) pins it.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = [];
    let pinned = inheritsAbsolute(stage, model);
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'WORKDIR') continue;
      const dir = unquote(instr.args[0] ?? '');
      if (isAbsolute(dir, model.escapeChar)) { pinned = true; continue; }
      // A variable may hold an absolute path: stay quiet rather than guess.
      if (pinned || dir.includes('$') || dir === '') continue;
      out.push({ message: `Relative workdir '${dir}' can have unexpected results if the base image changes.`, range: instr.argRanges[0] ?? instr.range });
    }
    return out;
  },
};

function isAbsolute(dir: string, escapeChar: string): boolean {
  return dir.startsWith('/') || /^[A-Za-z]:/.test(dir) || (escapeChar === '`' && dir.startsWith('\\'));
}

/** An earlier stage this one is built FROM has set an absolute WORKDIR. */
function inheritsAbsolute(stage: Stage, model: StageView): boolean {
  for (let p = stage.parent; p !== undefined;) {
    const parent = model.stages[p];
    if (!parent) return false;
    if (parent.instructions.some(i => i.keyword === 'WORKDIR' && isAbsolute(unquote(i.args[0] ?? ''), model.escapeChar))) return true;
    p = parent.parent;
  }
  return false;
}
