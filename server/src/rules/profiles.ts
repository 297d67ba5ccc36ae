// Profiles: which rules run, at which severity, before the per-rule and per-category settings
// (`layerwise.rules`, `"rules"` in .layerwise.json, .hadolint.yaml), which still win.
//   recommended (default): every rule that points at a real build or runtime cost, at its severity;
//   strict: every rule, at its severity;
//   hadolint: only the rules with a hadolint equivalent, at the severity hadolint gives it.
import { Severity, SeveritySetting } from '../analysis/types';
import type { Rule } from './rule';

export type Profile = 'recommended' | 'strict' | 'hadolint';
export const PROFILES: Profile[] = ['recommended', 'strict', 'hadolint'];
export const DEFAULT_PROFILE: Profile = 'recommended';

export function isProfile(value: unknown): value is Profile {
  return typeof value === 'string' && (PROFILES as string[]).includes(value);
}

type RuleFacts = Pick<Rule, 'severity' | 'recommended' | 'hadolintSeverity'> & { equivalents?: Rule['equivalents'] };

/** What the profile alone makes of a rule: its severity, or off. */
export function profileSetting(rule: RuleFacts, profile: Profile = DEFAULT_PROFILE): Severity | 'off' {
  if (profile === 'strict') return rule.severity;
  if (profile === 'hadolint') return rule.hadolintSeverity ?? 'off';
  return rule.recommended === false ? 'off' : rule.severity;
}

/**
 * The setting that applies to a rule: its own (`rules[id]`), else its category's, else the
 * profile's. undefined means "the profile's severity", so a rule's per-finding severity still
 * applies in the recommended and strict profiles.
 */
export function effectiveSetting(rule: RuleFacts & { id: string; category: string }, overrides: Record<string, SeveritySetting>, profile: Profile = DEFAULT_PROFILE): SeveritySetting | undefined {
  const own = overrides[rule.id] ?? overrides[rule.category];
  if (own !== undefined) return own;
  const fromProfile = profileSetting(rule, profile);
  if (fromProfile === 'off') return 'off';
  return profile === 'hadolint' ? fromProfile : undefined;
}
