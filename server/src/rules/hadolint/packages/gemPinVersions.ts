import { pinRule } from './pinRule';
import { hasAnyFlag, hasWord, operandsAfter } from './commandArgs';

// gem install options that take the next word as their value.
const VALUE_FLAGS = ['i', 'install-dir', 'n', 'bindir', 's', 'source', 'p', 'http-proxy', 'platform', 'g', 'file', 'P', 'trust-policy', 'build-root', 'target-rbconfig'];

export const gemPinVersions = pinRule({
  id: 'gem-pin-versions', code: 'DL3028', hadolintSeverity: 'warning',
  title: '`gem install` without a version',
  explanation: 'Without `gem:version` (or `-v version`) each build installs the newest release on rubygems.org, so a later build can get a new major version, and two builds of the same Dockerfile differ.',
  programs: ['gem'],
  command: 'gem install',
  packages: (prog, args) => {
    if (prog !== 'gem' || !hasWord(args, ['install', 'i'])) return undefined;
    if (hasAnyFlag(args, ['v', 'version'])) return undefined;
    const sub = args.find(a => a === 'install' || a === 'i') as string;
    // Words after `--` are build options for the gem, not gem names.
    const until = args.indexOf('--');
    return operandsAfter(until < 0 ? args : args.slice(0, until), [sub], VALUE_FLAGS);
  },
  pinned: w => w.includes(':'),
  // A local `.gem` file carries its version.
  unpinnable: w => w.endsWith('.gem') || w.includes('/'),
  example: p => `${p}:<version>`,
});
