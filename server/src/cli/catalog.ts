// Rule metadata as the CLI, SARIF and the README table see it: every Rule plus Docker's syntax checks.
import { ALL_RULES, SYNTAX_RULE } from '../rules';
import { Category, Severity } from '../analysis/types';
import { docPath } from './docs';
import { PROFILES, Profile, profileSetting } from '../rules/profiles';

export interface RuleInfo {
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  equivalents: { hadolint?: string[]; buildkit?: string[] };
  explanation?: string;
  /** The page's path in the installed package (no public URL exists); absent for rules without one. */
  docs?: string;
  /** What each profile makes of the rule before per-rule settings: its severity there, or off. */
  profiles: Record<Profile, Severity | 'off'>;
}

function profilesOf(rule: Parameters<typeof profileSetting>[0]): Record<Profile, Severity | 'off'> {
  return Object.fromEntries(PROFILES.map(p => [p, profileSetting(rule, p)])) as Record<Profile, Severity | 'off'>;
}

export function ruleCatalog(): RuleInfo[] {
  const rules: RuleInfo[] = ALL_RULES.map(r => ({
    id: r.id, category: r.category, severity: r.severity, title: r.title,
    equivalents: r.equivalents ?? {}, explanation: r.explanation, docs: docPath(r.id), profiles: profilesOf(r),
  }));
  // Docker's syntax errors are reported in every profile (hadolint reports parse errors too).
  rules.push({ ...SYNTAX_RULE, equivalents: SYNTAX_RULE.equivalents, profiles: { recommended: 'error', strict: 'error', hadolint: 'error' } });
  return rules;
}

export const CATEGORIES: Category[] = ['cache', 'base-image-label', 'run-vs-cmd', 'multi-stage', 'syntax', 'best-practice', 'security'];

function list(ids: string[] | undefined): string {
  return ids?.length ? ids.join(', ') : '—';
}

/** The README rule list: one markdown table row per rule, in catalog (family) order. */
export function rulesMarkdown(rules: RuleInfo[] = ruleCatalog()): string {
  const rows = [
    '| Rule | Category | Default | Profiles | What it catches | hadolint | BuildKit check | Docs |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  for (const r of rules) {
    const link = r.docs ? `[${r.id}.md](docs/rules/${r.id}.md)` : '—';
    rows.push(`| \`${r.id}\` | ${r.category} | ${r.severity} | ${profileList(r)} | ${cell(r.title)} | ${cell(list(r.equivalents.hadolint))} | ${cell(list(r.equivalents.buildkit))} | ${link} |`);
  }
  return rows.join('\n') + '\n';
}

/** The profiles a rule is on in: `recommended strict hadolint:info` (hadolint's severity when it differs). */
export function profileList(r: RuleInfo): string {
  const on = PROFILES.filter(p => r.profiles[p] !== 'off');
  return on.map(p => p === 'hadolint' && r.profiles.hadolint !== r.severity ? `hadolint:${r.profiles.hadolint}` : p).join(' ') || '—';
}

/** `layerwise rules` as aligned plain text: id, category, default severity, profiles, equivalents, title. */
export function rulesText(rules: RuleInfo[] = ruleCatalog()): string {
  const rows = rules.map(r => [r.id, r.category, r.severity, profileList(r), list([...(r.equivalents.hadolint ?? []), ...(r.equivalents.buildkit ?? [])]), r.title]);
  const widths = rows[0].slice(0, -1).map((_c, i) => Math.max(...rows.map(row => row[i].length)));
  return rows.map(row => row.map((c, i) => (i < widths.length ? c.padEnd(widths[i]) : c)).join('  ')).join('\n') + '\n';
}
