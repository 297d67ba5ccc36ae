import { pinRule } from './pinRule';
import { hasWord, operandsAfter } from './commandArgs';
import { RPM_VALUE_FLAGS, rpmUnpinnable, rpmVersionFixed } from './rpmVersions';

export const yumPinVersions = pinRule({
  id: 'yum-pin-versions', code: 'DL3033', hadolintSeverity: 'warning', recommended: false,
  title: '`yum install` without a package version',
  explanation: 'Without `package-version` each build installs whatever the repositories offer that day, so two builds of the same Dockerfile can differ. Pinning trades that for a maintenance cost: a pinned build fails once the repository no longer carries that version. Module streams are pinned as `module:stream`.',
  programs: ['yum'],
  command: 'yum install',
  packages: (prog, args) => prog === 'yum' && hasWord(args, ['install']) ? operandsAfter(args.filter(a => a !== 'module'), ['install'], RPM_VALUE_FLAGS) : undefined,
  pinned: rpmOrModulePinned,
  unpinnable: rpmUnpinnable,
  example: p => `${p}-<version>`,
});

/** `yum module install nodejs:18` pins a stream with `:`; plain packages need `-version`. */
export function rpmOrModulePinned(word: string): boolean {
  return rpmVersionFixed(word) || /^[A-Za-z0-9._+-]+:[A-Za-z0-9._+-]+/.test(word);
}
