// A fires/silent table for one rule with a hadolint equivalent, plus its quick fixes applied and re-linted,
// and hadolint's own `# hadolint global ignore=DLxxxx` silencing it.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { AnalysisOptions } from '../../server/src/analysis/types';
import { applyFix, ruleCatches, ruleCatchesNot } from '../support/ruleSpec';

export interface HadolintTable {
  fires: string[];
  silent: string[];
  fixes?: Array<[before: string, after: string]>;
  /** Cases that must fire but offer no fix (the edit would not be safe). */
  noFix?: string[];
  options?: AnalysisOptions;
}

export function hadolintSpec(id: string, code: string, table: HadolintTable): void {
  const options = { ...table.options, rules: { [id]: 'warning' as const, ...table.options?.rules } };
  describe(`${id} (${code})`, () => {
    table.fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(id, t, options)));
    table.silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(id, t, options)));
    (table.fixes ?? []).forEach(([before, after], i) => it(`fix #${i + 1} gives the expected text and no longer fires`, () => {
      const fixed = applyFix(id, before, undefined, options);
      assert.strictEqual(fixed, after);
      ruleCatchesNot(id, fixed, options);
      assert.deepStrictEqual(analyze(fixed, options).findings.filter(f => f.ruleId === 'syntax').map(f => f.message), [], 'the fixed file parses');
    }));
    (table.noFix ?? []).forEach((t, i) => it(`offers no fix where it would not be safe #${i + 1}`, () => {
      for (const f of ruleCatches(id, t, options)) assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress ')).map(x => x.title), []);
    }));
    it(`is silenced by # hadolint ignore=${code} directly above the instruction`, () => {
      const text = table.fires[0];
      const line = ruleCatches(id, text, options)[0].range.start.line;
      const instr = analyze(text).model.instructions.find(i => i.range.start.line <= line && line <= i.range.end.line);
      if (!instr) return; // a finding on a comment line (hadolint-ignore-pragma): only the global form applies
      const lines = text.split('\n');
      lines.splice(instr.range.start.line, 0, `# hadolint ignore=${code}`);
      ruleCatchesNot(id, lines.join('\n'), options);
    });
    it(`is silenced by # hadolint global ignore=${code}`, () => {
      ruleCatchesNot(id, `# hadolint global ignore=${code}\n` + table.fires[0], options);
    });
  });
}
