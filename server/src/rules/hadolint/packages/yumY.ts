import { hasAnyFlag, hasWord } from './commandArgs';
import { missingFlagRule } from '../missingFlag';

// yum asks "Is this ok [y/N]"; a build has no terminal, reads no answer, and the install aborts.
export const yumY = missingFlagRule({
  id: 'yum-y', code: 'DL3030', category: 'best-practice', severity: 'warning', hadolintSeverity: 'warning',
  title: '`yum install` without `-y`: the build cannot answer the prompt',
  explanation: 'yum asks for confirmation before it installs anything. A build has no one to answer, so yum reads end-of-input, prints "Exiting on user command" and the RUN fails. `-y` (`--assumeyes`) answers yes.',
  programs: ['yum'],
  matches: (prog, args) => prog === 'yum' && hasWord(args, ['install', 'groupinstall', 'localinstall']),
  satisfied: args => hasAnyFlag(args, ['y', 'assumeyes']),
  locate: /\byum(?:\s+-[-\w=:.,/*]+)*\s+(?:install|groupinstall|localinstall)\b/,
  flag: '-y',
  message: where => `${where} runs \`yum install\` without \`-y\`: yum asks for confirmation and the non-interactive build aborts.`,
});
