// What every rule declares. One rule per file; the family index lists them.
import { DockerfileModel } from '../analysis/model';
import { Category, Finding, Severity } from '../analysis/types';

export const DOCS_BASE = 'https://github.com/layerwise-dev/layerwise/blob/main/docs/rules/';

export interface RuleContext {
  /** Label keys that record the base image; the first is preferred in fixes. */
  baseImageLabelKeys: string[];
  /** Files at the top of the build context, when the caller knows them. */
  contextFiles?: string[];
  /** Text of a small file in the build context (path relative to it), when the caller can read it; undefined if not. */
  readContextFile?: (relativePath: string) => string | undefined;
}

/** A finding as a rule returns it; analyze() adds the rule id and the effective severity. */
export type RuleFinding = Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity };

export interface Rule {
  /** Stable, readable id (`copy-before-install`); also the doc page name. */
  id: string;
  category: Category;
  severity: Severity;
  /** One line for the rule list and the CLI. */
  title: string;
  /** The same check in other tools, for people migrating. */
  equivalents?: { hadolint?: string[]; buildkit?: string[] };
  /** Two or three sentences on why it matters, shown on hover and in the CLI's SARIF help. */
  explanation?: string;
  check(model: DockerfileModel, ctx: RuleContext): RuleFinding[];
}

export function docUrl(ruleId: string): string {
  return DOCS_BASE + ruleId + '.md';
}
