import { StageRule } from '../../rule';
import { describe } from '../../edits';

// Windows images name their accounts (ContainerUser); the check is about Linux uids.
const WINDOWS_BASE = /windows|nanoserver|servercore/i;

/**
 * `USER nginx` in the image a container runs: Kubernetes' `runAsNonRoot` can only check a numeric
 * uid, and a host or a volume sees uids, not the names in the image's /etc/passwd.
 */
export const userNotNumeric: StageRule = {
  id: 'user-not-numeric', category: 'best-practice', severity: 'info', recommended: false, hadolintSeverity: 'info',
  title: 'The image runs as a user name, not a numeric uid',
  equivalents: { hadolint: ['DL3066'] },
  explanation: 'A user name is resolved inside the container from the image\'s /etc/passwd. Kubernetes cannot verify '
    + '`runAsNonRoot` for a non-numeric user (the pod is refused: "image has non-numeric user"), and files written to '
    + 'volumes are owned by whatever uid the name maps to. `USER 101` (or `101:101`) says the same thing and can be checked.',
  scope: 'stage',
  checkStage(stage, model) {
    // Only the user a container of this image starts as matters: the last USER of a stage that can ship.
    if (!model.ships || WINDOWS_BASE.test(stage.rootImage)) return [];
    let last;
    for (const instr of stage.instructions) if (instr.keyword === 'USER') last = instr;
    const spec = last?.args[0];
    if (!last || !spec) return [];
    const user = spec.split(':')[0];
    // A variable's value is unknown here (a build argument, or an ENV of the base image such as .NET's APP_UID).
    // root is uid 0 everywhere (last-user-root has its own say about running as root).
    if (user === '' || user === 'root' || /^\d+$/.test(user) || user.includes('$')) return [];
    return [{
      message: `${describe(model, last)} runs containers as the user name \`${user}\`: Kubernetes' runAsNonRoot cannot verify a name, and hosts and volumes see only uids. Use its numeric uid (\`USER <uid>[:<gid>]\`).`,
      range: last.argRanges[0] ?? last.range,
    }];
  },
};
