import { StageRule } from '../../rule';
import { describe } from '../../edits';

// hadolint's test: the user part is root or uid 0 (`root`, `0`, `root:grp`, `0:0`).
function isRoot(user: string): boolean {
  return user === 'root' || user === '0' || user.startsWith('root:') || user.startsWith('0:');
}

// A container whose image ends with `USER root` runs its process as root: a breakout starts with every privilege.
export const lastUserRoot: StageRule = {
  id: 'last-user-root', category: 'security', severity: 'warning', hadolintSeverity: 'warning',
  title: 'The last USER of a stage is root',
  equivalents: { hadolint: ['DL3002'] },
  explanation: 'The last USER of a stage is the user its containers run as. Switching to root for installs is fine; '
    + 'ending the stage as root runs the application with every privilege. Switch back to an unprivileged user after the root steps.',
  scope: 'stage',
  checkStage(stage, model) {
    let last;
    for (const instr of stage.instructions) if (instr.keyword === 'USER') last = instr;
    if (!last || !isRoot(last.args[0] ?? '')) return [];
    return [{ message: `Last USER should not be root: ${describe(model, last)} leaves the stage running as root.`, range: last.argRanges[0] ?? last.range }];
  },
};
