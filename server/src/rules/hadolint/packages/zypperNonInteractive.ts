import { hasAnyFlag, hasWord } from './commandArgs';
import { missingFlagRule } from '../missingFlag';

const SUBCOMMANDS = ['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch'];

// zypper stops at questions (confirmation, licenses, conflicts) unless told it runs unattended.
export const zypperNonInteractive = missingFlagRule({
  id: 'zypper-non-interactive', code: 'DL3034', category: 'best-practice', severity: 'warning', hadolintSeverity: 'warning',
  title: '`zypper install` without `-n`: the build cannot answer zypper\'s questions',
  explanation: 'zypper asks before it changes anything, and may also ask about licenses or dependency conflicts. A build has no one to answer. The global `-n` (`--non-interactive`) makes zypper take the default answers instead of waiting (`install -y` / `--no-confirm` only answers the confirmation).',
  programs: ['zypper'],
  matches: (prog, args) => prog === 'zypper' && hasWord(args, SUBCOMMANDS),
  satisfied: args => hasAnyFlag(args, ['n', 'non-interactive', 'y', 'no-confirm']),
  // The global option goes right after `zypper`.
  locate: /\bzypper(?=(?:\s+-[-\w=:.,/*]+)*\s+(?:install|in|remove|rm|source-install|si|patch)\b)/,
  flag: '-n',
  message: where => `${where} runs \`zypper\` without \`-n\` (\`--non-interactive\`): the build cannot answer zypper's questions.`,
});
