import { Rule, RuleFinding } from '../../rule';
import { describe, firstLine } from '../../edits';
import { invocations } from './commands';
import { emptyList } from '../../../analysis/lists';

// Replacing /bin/sh changes the shell of every later build step *and* of every script the
// running container starts; the SHELL instruction changes it for the build's RUNs only.
export const symlinkBinSh: Rule = {
  id: 'symlink-bin-sh',
  category: 'best-practice',
  severity: 'warning',
  hadolintSeverity: 'warning',
  readsShell: true,
  title: 'RUN re-links /bin/sh: use the SHELL instruction to change the build\'s shell',
  equivalents: { hadolint: ['DL4005'] },
  explanation: '`ln -sf /bin/bash /bin/sh` swaps the shell of the whole image: every later RUN, and every `#!/bin/sh` script and shell-form CMD of the running container, now runs under another shell, and package upgrades may put the original link back. `SHELL ["/bin/bash", "-c"]` changes the shell of the following RUN instructions only.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of stage.instructions) {
      // The link being created is the last operand (`ln -sf bash /bin/sh`); /bin/sh as the target of another link is fine.
      const hit = invocations(instr).some(i => i.name === 'ln' && i.args.filter(a => !a.startsWith('-')).pop() === '/bin/sh');
      if (!hit) continue;
      out.push({
        message: `${describe(model, instr)} replaces /bin/sh for the whole image, the running container's scripts included. Use \`SHELL ["/bin/bash", "-c"]\` to change the shell of the following RUN steps only (no quick fix: what the container runs would change).`,
        range: firstLine(model, instr),
      });
    }
    return out;
  },
};
