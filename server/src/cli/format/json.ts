// Machine output: one entry per linted file, findings with zero-based `range` (as in LSP) and one-based line/column.
import { RuleInfo } from '../catalog';
import { FileResult, fixTitles } from './result';

/** One file's entry of the report (also what report.ts streams, one file at a time). */
export function jsonEntry(r: FileResult, rules: Map<string, RuleInfo>): object {
  return {
    file: r.path,
    ...(r.fixed !== undefined ? { fixed: r.fixed } : {}),
    findings: r.findings.map(f => {
      const rule = rules.get(f.ruleId);
      return {
        ruleId: f.ruleId,
        category: rule?.category ?? 'syntax',
        severity: f.severity,
        message: f.message,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        range: f.range,
        docs: rule?.docs ?? null,
        equivalents: rule?.equivalents ?? {},
        fixes: fixTitles(f),
      };
    }),
  };
}

export function formatJson(results: FileResult[], rules: Map<string, RuleInfo>): string {
  return JSON.stringify(results.map(r => jsonEntry(r, rules)), null, 2) + '\n';
}
