import { hasAnyFlag, hasWord } from './commandArgs';
import { missingFlagRule } from '../missingFlag';

// dnf asks "Is this ok [y/N]"; a build has no terminal, reads no answer, and the install aborts.
// microdnf (which hadolint's DL3038 also names) never asks: its -y does nothing, so it is not reported.
export const dnfY = missingFlagRule({
  id: 'dnf-y', code: 'DL3038', category: 'best-practice', severity: 'warning', hadolintSeverity: 'warning',
  title: '`dnf install` without `-y`: the build cannot answer the prompt',
  explanation: 'dnf asks for confirmation before it installs anything. A build has no one to answer, so dnf reads end-of-input, prints "Operation aborted" and the RUN fails. `-y` (`--assumeyes`) answers yes. (microdnf never asks, so it needs no `-y`.)',
  programs: ['dnf'],
  matches: (prog, args) => prog === 'dnf' && hasWord(args, ['install', 'groupinstall', 'localinstall']),
  satisfied: args => hasAnyFlag(args, ['y', 'assumeyes']),
  locate: /\bdnf(?:\s+-[-\w=:.,/*]+)*\s+(?:install|groupinstall|localinstall)\b/,
  flag: '-y',
  message: where => `${where} runs \`dnf install\` without \`-y\`: dnf asks for confirmation and the non-interactive build aborts.`,
});
