import { pinRule } from './pinRule';
import { hasWord, operandsAfter } from './commandArgs';

const VALUE_FLAGS = ['t', 'type', 'r', 'repo', 'from', 'p', 'plus-repo', 'download', 'root', 'R'];

export const zypperPinVersions = pinRule({
  id: 'zypper-pin-versions', code: 'DL3037', hadolintSeverity: 'warning', recommended: false,
  title: '`zypper install` without a package version',
  explanation: 'Without `package=version` (or `>=version`) each build installs whatever the repositories offer that day, so two builds of the same Dockerfile can differ. Pinning trades that for a maintenance cost: a pinned build fails once the repository no longer carries that version.',
  programs: ['zypper'],
  command: 'zypper install',
  packages: (prog, args) => {
    if (prog !== 'zypper' || !hasWord(args, ['install', 'in'])) return undefined;
    // Patterns, patches and products (`-t pattern devel_basis`) are not versioned packages.
    const type = args.findIndex(a => a === '-t' || a === '--type');
    if (type >= 0 && args[type + 1] !== 'package') return undefined;
    if (args.some(a => /^--type=(?!package$)/.test(a))) return undefined;
    return operandsAfter(args, ['install', 'in'], VALUE_FLAGS);
  },
  pinned: w => /[=<>]/.test(w) || w.endsWith('.rpm'),
  unpinnable: w => w.includes('(') || w.startsWith('/'),
  example: p => `${p}=<version>`,
});
