// Every rule Layerwise runs, by family. Each family folder lists its own rules.
import { Rule } from './rule';
import { cacheRules } from './cache';
import { baseImageLabelRules } from './baseImageLabel';
import { runVsCmdRules } from './runVsCmd';
import { multiStageRules } from './multiStage';
import { securityRules } from './security';
import { buildkitRules } from './buildkit';
import { templateFile } from './templateFile';
import { hadolintRules } from './hadolint';
import { listOf } from '../analysis/lists';

/** Docker's own syntax checks (dockerfile-utils); not a Rule object because it reads the raw text. */
export const SYNTAX_RULE = {
  id: 'syntax', category: 'syntax' as const, severity: 'error' as const,
  title: 'Syntax errors Docker\'s builder would raise', equivalents: { buildkit: ['(parse errors)'] },
};

export const ALL_RULES: Rule[] = [...cacheRules, ...baseImageLabelRules, ...runVsCmdRules, ...multiStageRules, ...securityRules, ...buildkitRules, ...hadolintRules, templateFile];

export const RULES_BY_ID = new Map<string, Rule>(listOf(ALL_RULES, r => [r.id, r]));

export { Rule };
export { isTemplate } from './fileTraits';
export { TEMPLATE_ID } from './templateFile';
