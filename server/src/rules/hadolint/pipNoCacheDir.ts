import { missingFlagRule, hasCacheMount, subcommand } from './missingFlag';

// pip keeps every downloaded wheel in ~/.cache/pip: in an image that is dead weight.
export const pipNoCacheDir = missingFlagRule({
  id: 'pip-no-cache-dir', code: 'DL3042', category: 'best-practice', severity: 'info', hadolintSeverity: 'warning',
  title: '`pip install` without `--no-cache-dir` keeps pip\'s download cache in the layer',
  explanation: 'pip caches downloaded packages under ~/.cache/pip so a second install is faster. In an image there is no second install: the cache only adds megabytes. `--no-cache-dir`, `ENV PIP_NO_CACHE_DIR=1` or a `RUN --mount=type=cache` for the cache keeps it out.',
  programs: ['pip'],
  matches: (prog, args) => /^pip[0-9.]*$/.test(prog) && subcommand(args) === 'install',
  satisfied: args => args.includes('--no-cache-dir') || args.some(a => a.startsWith('--no-cache-dir=')),
  satisfiedBy: (instr, env) => env.has('PIP_NO_CACHE_DIR') || /\bPIP_NO_CACHE_DIR=/.test(instr.command) || hasCacheMount(instr, ['/root/.cache', '~/.cache', '/home/']),
  locate: /\bpip[0-9.]*(?:\s+-[-\w=:.]+)*\s+install\b/,
  flag: '--no-cache-dir',
  message: where => `${where} runs \`pip install\` without \`--no-cache-dir\`: pip's download cache stays in the layer.`,
});
