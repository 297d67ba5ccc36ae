import { Rule, RuleFinding } from '../../rule';
import { ownLabels, where } from './labelRules';
import { emptyList } from '../../../analysis/lists';

// With strict labels, the schema is the complete list: anything else is a typo or a label nobody agreed on.
export const labelNotInSchema: Rule = {
  id: 'label-not-in-schema',
  category: 'best-practice',
  severity: 'info',
  hadolintSeverity: 'info',
  title: 'Strict labels: a label that the label schema does not list',
  equivalents: { hadolint: ['DL3050'] },
  explanation: 'With `strict-labels: true` (`.hadolint.yaml`) or `layerwise.strictLabels`, the label schema is the complete list of allowed labels: any other key is reported (every key, when there is no schema), catching typos such as `maintaner`.',
  scope: 'stage',
  checkStage(stage, model, ctx) {
    if (!ctx.strictLabels) return [];
    const schema = ctx.labelSchema ?? {};
    const out: RuleFinding[] = emptyList();
    for (const label of ownLabels(stage)) {
      if (Object.prototype.hasOwnProperty.call(schema, label.key)) continue;
      out.push({ message: `${where(model, label)}, which the label schema does not list (strict labels).`, range: label.range });
    }
    return out;
  },
};
