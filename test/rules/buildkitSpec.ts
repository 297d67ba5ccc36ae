// A fires/silent table for one build check, plus its quick fix applied and re-linted.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { applyFix, ruleCatches, ruleCatchesNot } from '../support/ruleSpec';

export interface CheckTable { fires: string[]; silent: string[]; fixes?: Array<[before: string, after: string]> }

export function checkSpec(id: string, table: CheckTable): void {
  describe(id, () => {
    table.fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(id, t)));
    table.silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(id, t)));
    (table.fixes ?? []).forEach(([before, after], i) => it(`fix #${i + 1} gives the expected text and no longer fires`, () => {
      const fixed = applyFix(id, before);
      assert.strictEqual(fixed, after);
      ruleCatchesNot(id, fixed);
      assert.deepStrictEqual(analyze(fixed).findings.filter(f => f.ruleId === 'syntax').map(f => f.message), [], 'the fixed file parses');
    }));
    it('is skipped by BuildKit\'s # check=skip directive and by # layerwise ignore', () => {
      const [first] = table.fires;
      if (/^\s*#\s*\w+=/.test(first)) return; // a file with its own directives
      ruleCatchesNot(id, '# check=skip=all\n' + first);
    });
  });
}
