import { missingFlagRule, hasShort, subcommand } from './missingFlag';
import { aptSimulates } from './packages/commandArgs';

// Without -y, apt-get asks "Do you want to continue?"; a build has no terminal, so the install aborts.
export const aptGetY = missingFlagRule({
  id: 'apt-get-y', code: 'DL3014', category: 'best-practice', severity: 'warning', hadolintSeverity: 'warning',
  title: '`apt-get install` without `-y`: the build cannot answer the prompt',
  explanation: 'apt-get asks for confirmation before installing anything that pulls extra packages. A build has no one to answer, so apt-get aborts and the RUN fails. `-y` (or `--yes`, `--assume-yes`, `-qq`) answers yes.',
  // `-s` (simulate) installs nothing and asks nothing.
  programs: ['apt-get'],
  matches: (prog, args) => prog === 'apt-get' && subcommand(args) === 'install' && !aptSimulates(args),
  satisfied: args => hasShort(args, 'y') || args.some(a => a === '--yes' || a === '--assume-yes' || a === '-qq' || a === '-q=2' || a === '--quiet=2' || /^-o\s*APT::Get::Assume-Yes=(true|1|yes)$/i.test(a)),
  locate: /\bapt-get(?:\s+-[-\w=:.]+)*\s+install\b/,
  flag: '-y',
  message: where => `${where} runs \`apt-get install\` without \`-y\`: apt-get asks for confirmation and the non-interactive build aborts.`,
});
