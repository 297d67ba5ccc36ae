// Rule metadata as the CLI, SARIF and the README table see it: every Rule plus Docker's syntax checks.
import { ALL_RULES, SYNTAX_RULE } from '../rules';
import { Category, Severity } from '../analysis/types';
import { docPath } from './docs';

export interface RuleInfo {
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  equivalents: { hadolint?: string[]; buildkit?: string[] };
  explanation?: string;
  /** The page's path in the installed package (no public URL exists); absent for rules without one. */
  docs?: string;
}

export function ruleCatalog(): RuleInfo[] {
  const rules: RuleInfo[] = ALL_RULES.map(r => ({
    id: r.id, category: r.category, severity: r.severity, title: r.title,
    equivalents: r.equivalents ?? {}, explanation: r.explanation, docs: docPath(r.id),
  }));
  rules.push({ ...SYNTAX_RULE, equivalents: SYNTAX_RULE.equivalents });
  return rules;
}

export const CATEGORIES: Category[] = ['cache', 'base-image-label', 'run-vs-cmd', 'multi-stage', 'syntax', 'best-practice', 'security'];

function list(ids: string[] | undefined): string {
  return ids?.length ? ids.join(', ') : '—';
}

/** The README rule list: one markdown table row per rule, in catalog (family) order. */
export function rulesMarkdown(rules: RuleInfo[] = ruleCatalog()): string {
  const rows = [
    '| Rule | Category | Default | What it catches | hadolint | BuildKit check | Docs |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  for (const r of rules) {
    const link = r.docs ? `[${r.id}.md](docs/rules/${r.id}.md)` : '—';
    rows.push(`| \`${r.id}\` | ${r.category} | ${r.severity} | ${cell(r.title)} | ${cell(list(r.equivalents.hadolint))} | ${cell(list(r.equivalents.buildkit))} | ${link} |`);
  }
  return rows.join('\n') + '\n';
}

/** `layerwise rules` as aligned plain text. */
export function rulesText(rules: RuleInfo[] = ruleCatalog()): string {
  const idWidth = Math.max(...rules.map(r => r.id.length));
  const catWidth = Math.max(...rules.map(r => r.category.length));
  return rules.map(r => `${r.id.padEnd(idWidth)}  ${r.category.padEnd(catWidth)}  ${r.severity.padEnd(7)}  ${r.title}`).join('\n') + '\n';
}
