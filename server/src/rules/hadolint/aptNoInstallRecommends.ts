import { missingFlagRule, subcommand } from './missingFlag';
import { aptSimulates } from './packages/commandArgs';

// Recommended packages are pulled in by default: often tens of megabytes the image never uses.
export const aptNoInstallRecommends = missingFlagRule({
  id: 'apt-no-install-recommends', code: 'DL3015', category: 'best-practice', severity: 'info', hadolintSeverity: 'info',
  title: '`apt-get install` without `--no-install-recommends` adds packages nobody asked for',
  explanation: 'By default apt-get also installs every package the requested ones "recommend" (documentation, GUIs, extra tools). They make the image larger and widen its attack surface; `--no-install-recommends` installs only what is needed.',
  // `-s` (simulate) installs nothing and asks nothing.
  programs: ['apt-get'],
  matches: (prog, args) => prog === 'apt-get' && subcommand(args) === 'install' && !aptSimulates(args),
  satisfied: (args, cmd) => args.includes('--no-install-recommends') || /APT::Install-Recommends\s*=\s*(false|0|no)\b/i.test(cmd.text),
  locate: /\bapt-get(?:\s+-[-\w=:.]+)*\s+install\b/,
  flag: '--no-install-recommends',
  message: where => `${where} runs \`apt-get install\` without \`--no-install-recommends\`: recommended packages are installed too and enlarge the image.`,
});
