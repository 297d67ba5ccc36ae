// The shape shared by hadolint's label-schema rules: which LABEL entries of the stage a rule looks
// at, and one finding per entry that breaks the schema.
import { LabelEntry, Stage } from '../../../analysis/model';
import { LabelType } from '../../../analysis/types';
import { Rule, RuleFinding, StageView } from '../../rule';
import { describe } from '../../edits';
import { VALIDATORS } from './valueTypes';
import { emptyList } from '../../../analysis/lists';

/** The stage's own LABEL entries (inherited ones were checked in the stage that wrote them). */
export function ownLabels(stage: Stage): LabelEntry[] {
  return stage.labels.filter(l => l.instr.stage === stage.index);
}

export function where(model: StageView, label: LabelEntry): string {
  return `${describe(model, label.instr)} sets \`${label.key}\``;
}

export interface ValueRuleSpec {
  id: string;
  code: string;
  type: Exclude<LabelType, 'text'>;
  title: string;
  /** What a value of the type looks like, for the message (`a URL such as https://…`). */
  expected: string;
  explanation: string;
}

/** DL3052–DL3056, DL3058: a label the schema types as url/rfc3339/… has a value of another shape. */
export function labelValueRule(spec: ValueRuleSpec): Rule {
  const valid = VALIDATORS[spec.type];
  return {
    id: spec.id, category: 'best-practice', severity: 'warning', hadolintSeverity: 'warning',
    title: spec.title, equivalents: { hadolint: [spec.code] }, explanation: spec.explanation,
    scope: 'stage',
    checkStage(stage, model, ctx) {
      const schema = ctx.labelSchema;
      if (!schema) return [];
      const out: RuleFinding[] = emptyList();
      for (const label of ownLabels(stage)) {
        if (schema[label.key] !== spec.type) continue;
        // A build argument without a default is only known at build time; hadolint asks for `text` then.
        const value = label.complete ? label.expanded : label.value;
        if (valid(value)) continue;
        const unknown = label.complete ? '' : ` Its value comes from a variable with no known value: type it \`text\` in the label schema if it is set at build time.`;
        out.push({ message: `${where(model, label)} to \`${value}\`, which is not ${spec.expected} (label schema: ${spec.type}).${unknown}`, range: label.range });
      }
      return out;
    },
  };
}
