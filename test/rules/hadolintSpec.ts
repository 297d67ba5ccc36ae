// A fires/silent table for one hadolint-equivalent rule, its quick fixes applied and re-linted,
// and hadolint's own `# hadolint ignore=DLxxxx` honoured.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { AnalysisOptions } from '../../server/src/analysis/types';
import { RULES_BY_ID } from '../../server/src/rules';
import { applyFix, ruleCatches, ruleCatchesNot } from '../support/ruleSpec';

export interface HadolintTable { fires: string[]; silent: string[]; fixes?: Array<[before: string, after: string]>; options?: AnalysisOptions }

export function hadolintSpec(id: string, table: HadolintTable): void {
  describe(id, () => {
    const options = table.options;
    table.fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(id, t, options)));
    table.silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(id, t, options)));
    (table.fixes ?? []).forEach(([before, after], i) => it(`fix #${i + 1} gives the expected text and no longer fires`, () => {
      const fixed = applyFix(id, before, undefined, options);
      assert.strictEqual(fixed, after);
      ruleCatchesNot(id, fixed, options);
      assert.deepStrictEqual(analyze(fixed).findings.filter(f => f.ruleId === 'syntax').map(f => f.message), [], 'the fixed file parses');
    }));
    it('claims a hadolint code, and `# hadolint global ignore=` with it silences the rule', () => {
      const [code] = RULES_BY_ID.get(id)?.equivalents?.hadolint ?? [];
      assert.ok(code, `${id} names its hadolint equivalent`);
      assert.ok(RULES_BY_ID.get(id)?.hadolintSeverity, `${id} says which severity hadolint gives it`);
      ruleCatchesNot(id, `# hadolint global ignore=${code}\n` + table.fires[0], options);
    });
  });
}
