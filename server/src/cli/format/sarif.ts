// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
import { Severity } from '../../analysis/types';
import { RuleInfo } from '../catalog';
import { FileResult } from './result';
import { docMarkdown } from '../docs';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** `multiple-cmd` → `MultipleCmd`: SARIF wants a readable name besides the id. */
function pascal(id: string): string {
  return id.split('-').map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

export function formatSarif(results: FileResult[], rules: RuleInfo[], version: string): string {
  const index = ruleIndex(rules);
  return JSON.stringify(sarifLog(rules, version, results.flatMap(r => sarifResults(r, index))), null, 2) + '\n';
}

/** Rule id → its position in the driver's rule list (results point at it). */
export function ruleIndex(rules: RuleInfo[]): Map<string, number> {
  return new Map(rules.map((r, i) => [r.id, i]));
}

/** The log around the results: the tool, its rules, the column kind. */
export function sarifLog(rules: RuleInfo[], version: string, results: object[]): object {
  const driverRules = rules.map(r => ({
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    // No public URL exists for the rule pages (no helpUri): the page itself travels as help.markdown.
    ...(r.explanation ? { fullDescription: { text: r.explanation }, help: { text: r.explanation, ...markdownOf(r.id) } } : {}),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { category: r.category, equivalents: r.equivalents, tags: [r.category] },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'layerwise', version, semanticVersion: version, rules: driverRules } },
      columnKind: 'utf16CodeUnits',
      // Last key of the run: report.ts streams the results in between the text before and after it.
      results,
    }],
  };
}

/** One file's results (also what report.ts streams, one file at a time). */
export function sarifResults(r: FileResult, index: Map<string, number>): object[] {
  return r.findings.map(f => ({
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: toUri(r.path), ...(isRelative(r.path) ? { uriBaseId: '%SRCROOT%' } : {}) },
        // SARIF is one-based and endColumn points just past the last character, like LSP's exclusive end.
        region: {
          startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1,
          endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1,
        },
      },
    }],
  }));
}

function markdownOf(ruleId: string): { markdown?: string } {
  const markdown = docMarkdown(ruleId);
  return markdown ? { markdown } : {};
}

function isRelative(p: string): boolean {
  return !p.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(p) && p !== '<stdin>';
}

function toUri(p: string): string {
  if (p === '<stdin>') return 'stdin';
  const slashed = p.replace(/\\/g, '/');
  const encoded = slashed.split('/').map(encodeURIComponent).join('/');
  return isRelative(p) ? encoded : 'file://' + (encoded.startsWith('/') ? '' : '/') + encoded;
}
