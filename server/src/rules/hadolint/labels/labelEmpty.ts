import { Rule, RuleFinding } from '../../rule';
import { ownLabels, where } from './labelRules';
import { emptyList } from '../../../analysis/lists';

// A required label set to nothing passes a presence check and tells nobody anything.
export const labelEmpty: Rule = {
  id: 'label-empty',
  category: 'best-practice',
  severity: 'warning',
  hadolintSeverity: 'warning',
  title: 'Label schema: a required label is set to an empty value',
  equivalents: { hadolint: ['DL3051'] },
  explanation: 'A label the schema lists but set to `""` satisfies a presence check while carrying nothing. A value that comes from a build argument is not judged: it is known only at build time.',
  scope: 'stage',
  checkStage(stage, model, ctx) {
    const schema = ctx.labelSchema;
    if (!schema) return [];
    const out: RuleFinding[] = emptyList();
    for (const label of ownLabels(stage)) {
      if (!Object.prototype.hasOwnProperty.call(schema, label.key) || label.value !== '') continue;
      out.push({ message: `${where(model, label)} to an empty value; the label schema requires it.`, range: label.range });
    }
    return out;
  },
};
