import { pinRule } from './pinRule';
import { aptSimulates, hasWord, operandsAfter } from './commandArgs';

// `apt-get install curl` installs whatever version the mirror has on the day of the build.
export const aptPinVersions = pinRule({
  id: 'apt-pin-versions', code: 'DL3008', hadolintSeverity: 'warning', recommended: false,
  title: '`apt-get install` without a package version',
  explanation: 'Without `package=version` each build installs whatever the mirror offers that day, so two builds of the same Dockerfile can differ. Pinning trades that for a maintenance cost: Debian and Ubuntu mirrors drop superseded versions, and a pinned build then fails until the pin is updated. The base image tag already fixes the distribution release.',
  programs: ['apt-get'],
  command: 'apt-get install',
  // `-t release` names a target release, not a package; `-o`/`-c` carry apt options.
  packages: (prog, args) => prog === 'apt-get' && hasWord(args, ['install']) && !aptSimulates(args) ? operandsAfter(args, ['install'], ['t', 'target-release', 'o', 'option', 'c', 'config-file']) : undefined,
  // `pkg=1.2`, `pkg/bookworm-backports` (a release) and a local `.deb` file all fix what is installed.
  pinned: w => w.includes('=') || w.includes('/') || w.endsWith('.deb'),
  // `pkg-` asks apt-get to remove pkg.
  unpinnable: w => w.endsWith('-'),
  example: p => `${p}=<version>`,
});
