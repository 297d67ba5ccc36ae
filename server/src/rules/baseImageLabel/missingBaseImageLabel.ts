import { Rule, RuleFinding } from '../rule';
import { describe, insertAfter } from '../edits';
import { DockerfileModel, Instr, Stage } from '../../analysis/model';
import { Fix } from '../../analysis/types';
import { baseImageLabels, isScratch, quoteLabelValue, variablesIn, writtenBase } from './labelKeys';
import { emptyList, listOf } from '../../analysis/lists';

// An image does not record which image it was built from in a way `docker inspect` shows
// reliably, so the image people ship should carry a label naming its base. That is the default
// target (the last stage); another stage only when it describes itself as an image with its own
// `org.opencontainers.image.*` labels. Test, lint and validate stages are never shipped.
export const missingBaseImageLabel: Rule = {
  id: 'missing-base-image-label',
  category: 'base-image-label',
  severity: 'warning',
  title: 'The shipped stage has no label recording its base image',
  equivalents: {},
  scope: 'stage',
  checkStage(thisStage, model, ctx) {
    const keys = ctx.baseImageLabelKeys;
    const out: RuleFinding[] = emptyList();
    for (const stage of isShipped(thisStage, model) ? [thisStage] : []) {
      if (isScratch(stage) || baseImageLabels(stage, keys).length > 0 || !stage.image) continue;
      const base = writtenBase(model, stage);
      const named = stage.name ? `Stage "${stage.name}"` : `Stage ${stage.index + 1}`;
      const via = stage.parent !== undefined ? ` (via stage "${model.stages[stage.parent].name ?? stage.parent}")` : '';
      out.push({
        message: `${named} at ${describe(model, stage.from)} is built on ${base}${via} but has no ${listOf(keys, k => `\`${k}\``).join(' or ')} label, so the image does not say which base it came from.`,
        range: stage.from.argRanges[0] ?? stage.from.range,
        // A reference with quotes, spaces or escapes is not one the builder accepts: no label to write for it.
        fixes: /^[\w.\/:@${}+-]+$/.test(base) ? listOf(keys, (key, i) => labelFix(model, stage, key, base, i === 0)) : [],
      });
    }
    return out;
  },
};

function labelFix(model: DockerfileModel, stage: Stage, key: string, base: string, preferred: boolean): Fix {
  // Insert after the ARG block that directly follows FROM, so the label can use those ARGs.
  let anchor: Instr = stage.from;
  const declared = new Set<string>();
  for (const instr of stage.instructions) {
    if (instr.keyword !== 'ARG') break;
    anchor = instr;
    for (const a of instr.args) declared.add(a.split('=')[0]);
  }
  // Spaces and tabs only: JavaScript's \s also matches a byte-order mark, which must stay first in the file.
  const indent = /^[ \t]*/.exec(model.lines[stage.from.range.start.line] ?? '')?.[0] ?? '';
  // Global ARGs are not visible inside a stage until re-declared there.
  const lines = listOf(variablesIn(base).filter(v => !declared.has(v)), v => `${indent}ARG ${v}`);
  const label = `LABEL ${key}=${quoteLabelValue(base)}`;
  lines.push(indent + label);
  return {
    title: `Add ${label}`,
    edits: [insertAfter(model, anchor, lines.join(model.eol) + model.eol)],
    isPreferred: preferred,
  };
}

/**
 * The last stage (the default target: part of the stage's cache key), or an earlier stage that
 * labels itself as a published image with its own `org.opencontainers.image.*` labels.
 */
function isShipped(stage: Stage, model: DockerfileModel): boolean {
  return stage.index === model.stages.length - 1 || stage.labels.some(l => l.instr.stage === stage.index && /^org\.opencontainers\.image\./.test(l.key));
}
