import { DockerfileModel, Instr, Stage, textOf } from '../../analysis/model';
import { Rule, RuleFinding } from '../rule';
import { describe, insertAfter } from '../edits';
import { contextCopies, referencesVar, takeInstruction } from './common';

// Constant metadata after `COPY . .` is re-executed after every source edit; near the top
// of the stage it stays cached and is easy to find.
export const metadataAfterCopy: Rule = {
  id: 'metadata-after-copy',
  category: 'cache',
  severity: 'info',
  title: 'Constant EXPOSE, LABEL or ENV after the sources are copied',
  equivalents: {},
  scope: 'stage',
  checkStage(thisStage, model) {
    const out: RuleFinding[] = [];
    for (const stage of [thisStage]) {
      const copy = contextCopies(stage)[0];
      if (!copy) continue;
      const anchor = topAnchor(stage);
      for (const instr of stage.instructions) {
        if (instr.index <= copy.instr.index || !movable(model, stage, anchor, instr)) continue;
        const taken = takeInstruction(model, instr);
        out.push({
          message: `${describe(model, instr)} comes after ${describe(model, copy.instr)}, so every edit in the build context re-executes it; constant metadata belongs at the top of the stage.`,
          range: instr.range,
          related: [{ range: copy.instr.range, message: 'the copy whose cache miss re-executes it' }],
          fixes: [{
            title: `Move it below ${describe(model, anchor)}`,
            edits: [insertAfter(model, anchor, taken.text), taken.remove],
            isPreferred: true,
          }],
        });
      }
    }
    return out;
  },
};

/** The stage's FROM, or the last ARG directly after it: where moved metadata goes. */
function topAnchor(stage: Stage): Instr {
  let anchor = stage.from;
  for (const i of stage.instructions) {
    if (i.keyword !== 'ARG') break;
    anchor = i;
  }
  return anchor;
}

function movable(model: DockerfileModel, stage: Stage, anchor: Instr, instr: Instr): boolean {
  if (!['EXPOSE', 'LABEL', 'ENV'].includes(instr.keyword)) return false;
  const text = textOf(model.lines, instr.range);
  if (text.includes('$')) return false;
  if (instr.keyword !== 'ENV') return true;
  // An ENV moved up reaches every step in between: only when none could see the difference.
  const names = envNames(instr);
  for (const i of stage.instructions) {
    if (i.index <= anchor.index || i.index >= instr.index) continue;
    if (i.keyword === 'RUN' || i.keyword === 'ONBUILD') return false;
    if ((i.keyword === 'ENV' || i.keyword === 'ARG') && i.args.some(a => names.includes(a.split('=')[0]))) return false;
    const t = textOf(model.lines, i.range);
    if (names.some(n => referencesVar(t, n))) return false;
  }
  return true;
}

function envNames(instr: Instr): string[] {
  return instr.properties.map(p => p.name);
}
