import { pinRule } from './pinRule';
import { hasWord, operandsAfter } from './commandArgs';
import { RPM_VALUE_FLAGS, rpmUnpinnable } from './rpmVersions';
import { rpmOrModulePinned } from './yumPinVersions';

export const dnfPinVersions = pinRule({
  id: 'dnf-pin-versions', code: 'DL3041', hadolintSeverity: 'warning', recommended: false,
  title: '`dnf install` without a package version',
  explanation: 'Without `package-version` each build installs whatever the repositories offer that day, so two builds of the same Dockerfile can differ. Pinning trades that for a maintenance cost: a pinned build fails once the repository no longer carries that version. Module streams are pinned as `module:stream`.',
  programs: ['dnf'],
  command: 'dnf install',
  packages: (prog, args) => {
    if ((prog !== 'dnf' && prog !== 'microdnf') || !hasWord(args, ['install'])) return undefined;
    if (hasWord(args, ['group', 'groupinstall'])) return undefined; // groups have no versions
    return operandsAfter(args.filter(a => a !== 'module'), ['install'], RPM_VALUE_FLAGS);
  },
  pinned: rpmOrModulePinned,
  unpinnable: rpmUnpinnable,
  example: p => `${p}-<version>`,
});
