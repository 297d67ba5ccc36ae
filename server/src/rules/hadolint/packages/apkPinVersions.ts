import { pinRule } from './pinRule';
import { hasWord, operandsAfter } from './commandArgs';

// `apk add curl` installs the repository's current version on the day of the build.
export const apkPinVersions = pinRule({
  id: 'apk-pin-versions', code: 'DL3018', hadolintSeverity: 'warning', recommended: false,
  title: '`apk add` without a package version',
  explanation: 'Without `package=version` (or `~version`, `>version`) each build installs whatever the Alpine repository offers that day. Pinning trades that for a maintenance cost: Alpine keeps only the newest build of a package in a branch, so an exact pin fails once the package is updated; `package~1.2` follows patch releases. The base image tag already fixes the Alpine branch.',
  programs: ['apk'],
  command: 'apk add',
  // `--virtual .deps` names a virtual package; `-X`/`--repository` a repository URL.
  packages: (prog, args) => prog === 'apk' && hasWord(args, ['add']) ? operandsAfter(args, ['add'], ['t', 'virtual', 'X', 'repository', 'p', 'root', 'arch', 'keys-dir', 'cache-dir', 'repositories-file']) : undefined,
  pinned: w => /[=~<>]/.test(w) || w.endsWith('.apk'),
  example: p => `${p}~<version>`,
});
