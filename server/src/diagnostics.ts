// Findings → LSP diagnostics, re-using the previous version's Diagnostic objects for findings that
// did not change. Equal objects are what make a keystroke cheap downstream: their JSON is kept
// (diagnosticsWire.ts), and an unchanged set keeps its pull-diagnostics result id, so a client
// asking again gets "unchanged" instead of the whole list.
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver/node';
import { Finding, Severity } from './analysis/types';
import { TOO_LARGE_ID } from './analysis/limits';
import { docUrl } from './rules/rule';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};
const TAG = { unnecessary: DiagnosticTag.Unnecessary, deprecated: DiagnosticTag.Deprecated };

/** Findings of unchanged stages are the same objects from version to version: so are their diagnostics. */
let diagnosticOf = new WeakMap<Finding, Diagnostic>();

/** A WeakMap's table keeps the size it grew to after its keys are gone: a fresh one when no document is open. */
export function releaseDiagnosticCaches(): void {
  diagnosticOf = new WeakMap();
}

export function toDiagnostic(f: Finding): Diagnostic {
  let d = diagnosticOf.get(f);
  if (!d) diagnosticOf.set(f, (d = makeDiagnostic(f)));
  return d;
}

/** One `codeDescription` per rule, shared by its diagnostics (never modified; a first publish has thousands). */
const descriptions = new Map<string, { href: string }>();

function makeDiagnostic(f: Finding): Diagnostic {
  const d: Diagnostic = { range: f.range, severity: SEVERITY[f.severity], source: 'layerwise', code: f.ruleId, message: f.message };
  if (f.ruleId !== 'syntax' && f.ruleId !== TOO_LARGE_ID) {
    let description = descriptions.get(f.ruleId);
    if (!description) descriptions.set(f.ruleId, (description = { href: docUrl(f.ruleId) }));
    d.codeDescription = description;
  }
  if (f.tags) d.tags = f.tags.map(t => TAG[t]);
  return d;
}

/** What a diagnostic says, for a finding: equal findings give equal diagnostics. */
function describes(d: Diagnostic, f: Finding): boolean {
  const a = d.range, b = f.range;
  if (a.start.line !== b.start.line || a.start.character !== b.start.character || a.end.line !== b.end.line || a.end.character !== b.end.character) return false;
  if (d.code !== f.ruleId || d.severity !== SEVERITY[f.severity] || d.message !== f.message) return false;
  const tags = d.tags ?? [], ftags = f.tags ?? [];
  return tags.length === ftags.length && ftags.every((t, i) => tags[i] === TAG[t]);
}

export interface DiagnosticSet {
  diagnostics: Diagnostic[];
  /** Changes exactly when the diagnostics do (LSP pull diagnostics' resultId). */
  resultId: string;
  /** The findings they were made from, index for index. */
  findings: Finding[];
}

let nextResultId = 1;

/** The old diagnostic at `f`'s start that says what `f` says, by binary search (no index built per version). */
function samePlace(old: Diagnostic[], f: Finding): Diagnostic | undefined {
  const { line, character } = f.range.start;
  let lo = 0, hi = old.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = old[mid].range.start;
    if (s.line < line || (s.line === line && s.character < character)) lo = mid + 1; else hi = mid;
  }
  for (let k = lo; k < old.length && old[k].range.start.line === line && old[k].range.start.character === character; k++) {
    if (describes(old[k], f)) return old[k];
  }
  return undefined;
}

/** The diagnostics of `findings`, re-using `previous`'s objects (and its result id when nothing changed). */
export function diagnosticSet(findings: Finding[], previous: DiagnosticSet | undefined): DiagnosticSet {
  const old = previous?.diagnostics ?? [];
  const before = previous?.findings ?? [];
  let changed = findings.length !== old.length;
  const diagnostics = findings.map((f, i) => {
    // The usual case after an edit: the same finding object at the same index (no lookup).
    if (f === before[i]) return old[i];
    let d = diagnosticOf.get(f);
    if (!d) {
      // A finding recomputed with the same content (file rules, syntax checks): the old object,
      // at the same index or among the old ones at the same place (both lists are in document order).
      if (old[i] && describes(old[i], f)) d = old[i];
      else d = samePlace(old, f) ?? makeDiagnostic(f);
      diagnosticOf.set(f, d);
    }
    if (d !== old[i]) changed = true;
    return d;
  });
  if (!changed && previous) { previous.findings = findings; return previous; }
  return { diagnostics, resultId: String(nextResultId++), findings };
}
