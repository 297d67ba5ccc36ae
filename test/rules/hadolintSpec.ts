// A fires/silent table for one hadolint-equivalent rule: every fix applied and re-linted, and the
// rule silenced by `# hadolint ignore=<its DL code>` on the line above, as hadolint users write it.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { RULES_BY_ID } from '../../server/src/rules';
import { applyFix, ruleCatches, ruleCatchesNot } from '../support/ruleSpec';

export interface RuleTable { fires: string[]; silent: string[]; fixes?: Array<[before: string, after: string]>; noFix?: string[] }

export function hadolintSpec(id: string, table: RuleTable): void {
  describe(id, () => {
    table.fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(id, t)));
    table.silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(id, t)));
    (table.fixes ?? []).forEach(([before, after], i) => it(`fix #${i + 1} gives the expected text and no longer fires`, () => {
      const fixed = applyFix(id, before);
      assert.strictEqual(fixed, after);
      ruleCatchesNot(id, fixed);
      assert.deepStrictEqual(analyze(fixed).findings.filter(f => f.ruleId === 'syntax').map(f => f.message), [], 'the fixed file parses');
    }));
    (table.noFix ?? []).forEach((t, i) => it(`offers no fix where the edit is not safe #${i + 1}`, () => {
      for (const f of ruleCatches(id, t)) assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress ')).map(x => x.title), []);
    }));
    it('is silenced by # hadolint ignore=<code> above the instruction', () => {
      const code = RULES_BY_ID.get(id)?.equivalents?.hadolint?.[0];
      assert.ok(code, 'the rule names its hadolint code');
      const [first] = table.fires;
      const lines = first.split('\n');
      const at = lines.findIndex(l => /^\s*run\b/i.test(l) && l.length > 0);
      lines.splice(at, 0, `# hadolint ignore=${code}`);
      ruleCatchesNot(id, lines.join('\n'));
    });
  });
}
