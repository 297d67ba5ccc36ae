// Table helpers for rule specs, in the spirit of hadolint's `ruleCatches` / `ruleCatchesNot`.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { AnalysisOptions, Finding, Fix, TextEdit } from '../../server/src/analysis/types';

export function findingsOf(ruleId: string, text: string, options: AnalysisOptions = {}): Finding[] {
  return analyze(text, { syntaxChecks: false, ...options }).findings.filter(f => f.ruleId === ruleId);
}

export function ruleCatches(ruleId: string, text: string, options?: AnalysisOptions): Finding[] {
  const found = findingsOf(ruleId, text, options);
  assert.ok(found.length > 0, `expected ${ruleId} to fire on:\n${text}`);
  return found;
}

export function ruleCatchesNot(ruleId: string, text: string, options?: AnalysisOptions): void {
  const found = findingsOf(ruleId, text, options);
  assert.deepStrictEqual(found.map(f => `${f.range.start.line + 1}: ${f.message}`), [], `expected ${ruleId} to stay silent on:\n${text}`);
}

/** Applies non-overlapping edits to text (positions refer to the original text). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') { lineStarts.push(i + 2); i++; } else if (c === '\n' || c === '\r') lineStarts.push(i + 1);
  }
  const offset = (p: { line: number; character: number }) => {
    if (p.line >= lineStarts.length) return text.length;
    return Math.min(lineStarts[p.line] + p.character, p.line + 1 < lineStarts.length ? lineStarts[p.line + 1] : text.length);
  };
  const sorted = edits.map(e => ({ s: offset(e.range.start), e: offset(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s || b.e - a.e);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].e <= sorted[i - 1].s, 'edits overlap');
  let out = text;
  for (const x of sorted) out = out.slice(0, x.s) + x.t + out.slice(x.e);
  return out;
}

/** Applies the fix with the given title (or the first non-suppression fix) of the first finding. */
export function applyFix(ruleId: string, text: string, title?: string | RegExp, options?: AnalysisOptions): string {
  const [finding] = ruleCatches(ruleId, text, options);
  const fix = pickFix(finding, title);
  assert.ok(fix, `no fix ${title ?? ''} on ${ruleId}; have: ${(finding.fixes ?? []).map(f => f.title).join(' | ')}`);
  return applyEdits(text, fix.edits);
}

export function pickFix(finding: Finding, title?: string | RegExp): Fix | undefined {
  const fixes = finding.fixes ?? [];
  if (title === undefined) return fixes.find(f => !f.title.startsWith('Suppress '));
  return fixes.find(f => (typeof title === 'string' ? f.title === title : title.test(f.title)));
}

/** Lines joined with \n; keeps test tables readable. */
export function df(...lines: string[]): string {
  return lines.join('\n') + '\n';
}
