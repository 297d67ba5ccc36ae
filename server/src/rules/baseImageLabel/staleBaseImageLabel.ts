import { Rule, RuleFinding } from '../rule';
import { describe } from '../edits';
import { DockerfileModel, LabelEntry, Stage } from '../../analysis/model';
import { Range } from '../../analysis/types';
import { normalizeImageReference, parseImageReference } from '../../analysis/expand';
import { textOf } from '../../analysis/model';
import { baseImageLabels, isScratch, quoteLabelValue, variablesIn, writtenBase } from './labelKeys';
import { emptyList, listOf } from '../../analysis/lists';

// A base-image label that names another image than FROM does is worse than none: it
// survives base upgrades and then tells `docker inspect` readers the wrong thing.
export const staleBaseImageLabel: Rule = {
  id: 'stale-base-image-label',
  category: 'base-image-label',
  severity: 'warning',
  title: 'The base-image label names a different image than FROM',
  equivalents: {},
  scope: 'stage',
  checkStage(thisStage, model, ctx) {
    const out: RuleFinding[] = emptyList();
    for (const stage of [thisStage]) {
      if (isScratch(stage) || !stage.rootComplete) continue;
      // Inherited labels are checked in the stage that declares them.
      for (const label of baseImageLabels(stage, ctx.baseImageLabelKeys).filter(l => l.instr.stage === stage.index)) {
        if (!label.complete || sameImage(label.expanded, stage.rootImage)) continue;
        const valueRange = labelValueRange(label);
        out.push({
          message: `Label \`${label.key}\` at ${describe(model, label.instr)} says ${label.expanded} but the stage is built on ${stage.rootImage} (${describe(model, stage.from)}).`,
          range: valueRange,
          related: [{ range: stage.from.argRanges[0] ?? stage.from.range, message: 'the actual base image' }],
          fixes: updateFix(model, stage, label, valueRange),
        });
      }
    }
    return out;
  },
};

/** Equal after normalising, comparing tags and digests only where both sides have them. */
function sameImage(a: string, b: string): boolean {
  const x = parseImageReference(normalizeImageReference(a));
  const y = parseImageReference(normalizeImageReference(b));
  if (x.name !== y.name) return false;
  if (x.digest && y.digest) return x.digest === y.digest;
  if (x.digest || y.digest) return true; // `nginx@sha256:…` vs `nginx:1.25`: cannot tell, stay silent.
  return x.tag === y.tag;
}

function labelValueRange(label: LabelEntry): Range {
  for (const p of label.instr.properties) {
    const r = p.range;
    if (r.start.line === label.range.start.line && r.start.character === label.range.start.character) return p.valueRange ?? r;
  }
  return label.range;
}

function updateFix(model: DockerfileModel, stage: Stage, label: LabelEntry, range: Range) {
  // Keep the ARG form (`node:${V}`) when every variable is declared in the stage before the label;
  // otherwise write the expanded reference, which is what the label would have to say today.
  const written = writtenBase(model, stage);
  const declaredBefore = new Set(stage.instructions
    .filter(i => i.keyword === 'ARG' && i.index < label.instr.index && i.stage === stage.index)
    .flatMap(i => listOf(i.args, a => a.split('=')[0])));
  const value = variablesIn(written).every(v => declaredBefore.has(v)) ? written : stage.rootImage;
  const current = textOf(model.lines, range);
  // An escape in the value (`a\ b`, a continuation): the parser's value range may not cover it all; no fix beats a wrong one.
  if (current.includes(model.escapeChar) || range.start.line !== range.end.line) return [];
  // No image reference holds quotes, blanks, escapes or control characters: such a FROM is broken, and writing it into a label would break the label too.
  if (/[\s"'\\`\x00-\x1f\x7f]/.test(value)) return [];
  const quote = current[0] === '"' || current[0] === "'" ? current[0] : '';
  const newText = quote === '"' ? quoteLabelValue(value)
    : quote === "'" && !value.includes('$') ? `'${value}'`
    : /^[^\s"'\\$]+$/.test(value) && !quote ? value : quoteLabelValue(value);
  return [{ title: `Change the label to ${value}`, edits: [{ range, newText }], isPreferred: true }];
}
