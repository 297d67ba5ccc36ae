import { pinRule } from './pinRule';
import { hasAnyFlag, hasWord, operandsAfter } from './commandArgs';

// pip options that take a value written as the next word (`-i URL`, `--target DIR`).
const VALUE_FLAGS = ['abi', 'b', 'build', 'e', 'editable', 'extra-index-url', 'f', 'find-links', 'i', 'index-url',
  'implementation', 'no-binary', 'only-binary', 'platform', 'prefix', 'progress-bar', 'proxy', 'python', 'python-version',
  'root', 'root-user-action', 'src', 't', 'target', 'trusted-host', 'upgrade-strategy', 'cache-dir', 'log', 'retries',
  'timeout', 'exists-action', 'cert', 'client-cert', 'global-option', 'config-settings', 'C', 'report', 'keyring-provider',
  'use-feature', 'use-deprecated'];
const VCS = /^(git|hg|svn|bzr)(\+[a-z-]+)?:/;

export const pipPinVersions = pinRule({
  id: 'pip-pin-versions', code: 'DL3013', hadolintSeverity: 'warning',
  title: '`pip install` without a package version',
  explanation: 'Without a version (`flask==3.0.3`, or a requirements or constraints file) each build installs the newest release on PyPI, so a build next month can get a new major version with breaking changes, and two builds of the same Dockerfile differ.',
  programs: ['pip'],
  command: 'pip install',
  packages: (prog, args) => {
    if (!/^pip(?:x|[0-9.]*)$/.test(prog) || !hasWord(args, ['install'])) return undefined;
    // Installing from a requirements file, under a constraints file, or the local project: versions are decided there.
    if (hasWord(args, ['-r', '--requirement', '.']) || args.some(a => a.startsWith('--requirement=') || a.startsWith('--constraint=')) || hasAnyFlag(args, ['c', 'constraint'])) return undefined;
    return operandsAfter(args, ['install'], VALUE_FLAGS);
  },
  pinned: w => /==|>=|<=|>|<|!=|~=/.test(w) || (VCS.test(w) && w.includes('@')) || /\.(whl|tar\.gz|zip)$/.test(w) || (!VCS.test(w) && w.includes('/')),
  // `.[dev]`, `./pkg`: a local project, versioned by its own files.
  unpinnable: w => w.startsWith('.') || w.startsWith('~'),
  example: p => VCS.test(p) ? `${p}@<tag or commit>` : `${p}==<version>`,
});
