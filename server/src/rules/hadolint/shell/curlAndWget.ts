import { Rule, RuleFinding } from '../../rule';
import { describe, firstLine } from '../../edits';
import { invocations } from './commands';
import { emptyList, listOf } from '../../../analysis/lists';

// Two download tools where one does: both get installed (and patched), and the stage's
// downloads behave differently (redirects, retries, TLS options) depending on which one a step used.
export const curlAndWget: Rule = {
  id: 'curl-and-wget',
  category: 'best-practice',
  severity: 'info',
  hadolintSeverity: 'warning',
  recommended: false,
  readsShell: true,
  title: 'A stage downloads with both curl and wget',
  equivalents: { hadolint: ['DL4001'] },
  explanation: 'Using curl in one step and wget in another means both are installed, both need updates, and downloads follow two sets of defaults (redirects, retries, certificate handling). Pick one per stage.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    const seen = new Set<string>();
    for (const instr of stage.instructions) {
      const used = new Set(listOf(invocations(instr), i => i.name).filter(n => n === 'curl' || n === 'wget'));
      if (used.size === 0) continue;
      for (const n of used) seen.add(n);
      if (seen.size < 2) continue;
      out.push({
        message: `${describe(model, instr)} uses ${listOf([...used], n => `\`${n}\``).join(' and ')} in a stage that downloads with both curl and wget: one tool is enough.`,
        range: firstLine(model, instr),
      });
    }
    return out;
  },
};
