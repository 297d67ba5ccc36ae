// Which rules run and at which severity depends only on the per-rule settings, the profile and
// whether the file is a template: worked out once per distinct combination, not on every
// analysis (a lint of many small files, or every keystroke, asks with the same settings).
import { ALL_RULES, TEMPLATE_ID } from '../rules';
import { FileRule, Rule, StageRule } from '../rules/rule';
import { effectiveSetting } from '../rules/profiles';
import { AnalysisOptions, Severity, SeveritySetting } from './types';
import { createHash } from 'crypto';
import { listOf } from './lists';

export interface RuleSetup {
  fileRules: FileRule[];
  stageRules: StageRule[];
  /** Rule ids in ALL_RULES order that run (findings are grouped in this order). */
  enabledIds: string[];
  /** Rule id → its index in enabledIds. */
  position: Map<string, number>;
  /** The setting that applies to each rule (undefined: its own or the finding's severity). */
  settings: Map<string, SeveritySetting | undefined>;
  /** A digest of the stage rules, their severities and the profile: part of the per-stage cache key. */
  stageRulesKey: string;
  /** Per rule id: the hadolint profile is on and the user set no severity for the rule or its category. */
  hadolintOwn: Set<string>;
}

const setups = new Map<string, RuleSetup>();
const MAX_SETUPS = 32;

export function ruleSetup(options: AnalysisOptions, template: boolean): RuleSetup {
  const overrides = options.rules ?? {};
  // By value, not identity: a caller may change its settings object between analyses.
  const key = (template ? 'T' : 'F') + (options.profile ?? '') + JSON.stringify(overrides);
  let setup = setups.get(key);
  if (!setup) {
    if (setups.size >= MAX_SETUPS) setups.clear();
    setup = build(overrides, options.profile, template);
    setups.set(key, setup);
  }
  return setup;
}

/**
 * The severity a finding of `rule` gets: the setting, else the finding's own, else the rule's. In
 * the hadolint profile a finding may carry hadolint's own severity for the check it matches, which
 * wins unless the user set the rule's (or its category's) severity.
 */
export function severityOf(setup: RuleSetup, rule: Rule, own?: Severity, hadolintOwn?: Severity): Severity {
  return (hadolintOwn && setup.hadolintOwn.has(rule.id) ? hadolintOwn : undefined)
    ?? setup.settings.get(rule.id) as Severity | undefined ?? own ?? rule.severity;
}

function build(overrides: Record<string, SeveritySetting>, profile: AnalysisOptions['profile'], template: boolean): RuleSetup {
  // The profile decides first; a rule's or its category's own setting wins over it (rules/profiles.ts).
  const settings = new Map(listOf(ALL_RULES, rule => [rule.id, effectiveSetting(rule, overrides, profile)]));
  // A template ({{ … }} placeholders) gets one note and nothing else (rules/templateFile.ts).
  const enabled = ALL_RULES.filter(rule => settings.get(rule.id) !== 'off' && template === (rule.id === TEMPLATE_ID));
  const setup: RuleSetup = {
    fileRules: enabled.filter((r): r is FileRule => r.scope === 'file'),
    stageRules: enabled.filter((r): r is StageRule => r.scope === 'stage'),
    enabledIds: listOf(enabled, r => r.id),
    position: new Map(listOf(enabled, (r, i) => [r.id, i])),
    settings,
    stageRulesKey: '',
    hadolintOwn: new Set(profile === 'hadolint' ? listOf(enabled.filter(r => overrides[r.id] === undefined && overrides[r.category] === undefined), r => r.id) : []),
  };
  const described = JSON.stringify([listOf(setup.stageRules, r => r.id + '=' + severityOf(setup, r)), profile ?? null]);
  setup.stageRulesKey = createHash('sha1').update(described).digest('base64');
  return setup;
}
