import { Rule, RuleFinding } from '../../rule';
import { describe, firstLine } from '../../edits';
import { invocations } from './commands';
import { emptyList, listOf } from '../../../analysis/lists';

// A build step already runs as the stage's USER; sudo adds a setuid binary, a sudoers file and a
// TTY/password prompt that a build cannot answer, and hides which user a step really runs as.
export const sudoInRun: Rule = {
  id: 'sudo-in-run',
  category: 'security',
  severity: 'warning',
  hadolintSeverity: 'error',
  readsShell: true,
  title: '`sudo` in RUN: switch users with USER instead',
  equivalents: { hadolint: ['DL3004'] },
  explanation: 'RUN already runs as the user set by USER (root unless changed). sudo needs a sudoers entry, may prompt for a password the build cannot type, and keeps sudo in the image for anyone who gets in later. Use `USER root` before the step and `USER app` after it, or gosu/su-exec in an entrypoint.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of stage.instructions) {
      const hits = invocations(instr).filter(i => i.sudo);
      if (hits.length === 0) continue;
      const what = listOf([...new Set(listOf(hits, h => h.name))], n => `\`sudo ${n}\``).join(', ');
      out.push({
        message: `${describe(model, instr)} runs ${what}: a build step already runs as the stage's USER. Put \`USER root\` before it (and your user back after it) instead of sudo.`,
        range: firstLine(model, instr),
      });
    }
    return out;
  },
};
