import { StageRule, RuleFinding } from '../rule';
import { emptyList } from '../../analysis/lists';

// `ENV key value` / `LABEL key value`: the pre-1.0 form, where the rest of the line is one value.
export const legacyKeyValueFormat: StageRule = {
  id: 'legacy-key-value-format',
  category: 'best-practice',
  severity: 'warning',
  title: 'Legacy `ENV key value` form: use `ENV key=value`',
  equivalents: { buildkit: ['LegacyKeyValueFormat'] },
  explanation: 'In the legacy form everything after the first space is one value (`ENV A B=1` sets A to "B=1"), '
    + 'and only one variable can be set. Docker deprecated it; `key=value` is unambiguous and can set several at once.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'ENV' && instr.keyword !== 'LABEL') continue;
      const [prop] = instr.properties;
      if (instr.properties.length !== 1 || !prop || prop.operator !== null || !prop.valueRange || prop.value === '') continue;
      const finding: RuleFinding = {
        message: `"${instr.keyword} key=value" should be used instead of legacy "${instr.keyword} key value" format.`,
        range: { start: prop.nameRange.start, end: prop.valueRange.end },
      };
      // Offer the rewrite only for one-line values with nothing a quoted value would read differently.
      if (instr.range.start.line === instr.range.end.line && !(model.lines[instr.range.start.line] ?? '').includes(model.escapeChar)
        && !/["'\\`]/.test(prop.value)) {
        const value = /\s/.test(prop.value) ? `"${prop.value}"` : prop.value;
        finding.fixes = [{
          title: `Write ${prop.name}=${value}`,
          edits: [{ range: { start: prop.nameRange.end, end: prop.valueRange.end }, newText: `=${value}` }],
          isPreferred: true,
        }];
      }
      out.push(finding);
    }
    return out;
  },
};
