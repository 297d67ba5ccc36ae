import { Rule, RuleFinding } from '../../rule';
import { listOf } from '../../../analysis/lists';

// A label the team's schema requires (`author`, `org.opencontainers.image.source`, …) is absent
// from an image the file can produce.
export const labelMissing: Rule = {
  id: 'label-missing',
  category: 'best-practice',
  severity: 'info',
  hadolintSeverity: 'info',
  title: 'Label schema: an image this file builds lacks a required label',
  equivalents: { hadolint: ['DL3049'] },
  explanation: 'The label schema (`.hadolint.yaml` label-schema, `layerwise.labelSchema`) lists the labels every image must carry. A stage that can be shipped (it is the last, or nothing else builds on, copies from or mounts it) and that neither sets the label nor builds on a stage that does is reported at its FROM.',
  scope: 'stage',
  checkStage(stage, model, ctx) {
    const schema = ctx.labelSchema;
    // Stages other stages build on, copy or mount are not images anyone runs: hadolint also skips the copied ones.
    if (!schema || !model.ships) return [];
    const have = new Set(listOf(stage.labels, l => l.key));
    const missing = Object.keys(schema).filter(k => !have.has(k));
    if (missing.length === 0) return [];
    const name = stage.name ? `stage \`${stage.name}\`` : `the stage built FROM \`${stage.image}\``;
    const out: RuleFinding[] = [{
      message: `The image of ${name} has no ${listOf(missing, k => `\`${k}\``).join(', ')} label${missing.length > 1 ? 's' : ''}, which the label schema requires.`,
      range: stage.from.range.start.line === stage.from.range.end.line ? stage.from.range : { start: stage.from.range.start, end: { line: stage.from.range.start.line, character: (model.lines[stage.from.range.start.line] ?? '').length } },
    }];
    return out;
  },
};
