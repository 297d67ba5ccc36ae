import { missingFlagRule, hasCacheMount, subcommand } from './missingFlag';

// `apk add` keeps the downloaded index in /var/cache/apk, inside the layer.
export const apkNoCache = missingFlagRule({
  id: 'apk-no-cache', code: 'DL3019', category: 'best-practice', severity: 'info', hadolintSeverity: 'info',
  title: '`apk add` without `--no-cache` leaves the package index in the layer',
  explanation: '`apk add` stores the package index it downloads under /var/cache/apk, and that layer keeps it. `apk add --no-cache` fetches the index, installs and leaves nothing behind (no `apk update` needed).',
  programs: ['apk'],
  matches: (prog, args) => prog === 'apk' && subcommand(args) === 'add',
  // `--no-network` installs from packages already present: no index is fetched, nothing is cached.
  satisfied: args => args.includes('--no-cache') || args.includes('--no-network'),
  // A cache mount keeps the index out of the image on purpose.
  satisfiedBy: instr => hasCacheMount(instr, ['/var/cache/apk', '/etc/apk/cache']),
  locate: /\bapk(?:\s+-[-\w=:.]+)*\s+add\b/,
  flag: '--no-cache',
  message: where => `${where} runs \`apk add\` without \`--no-cache\`: the package index stays in the layer.`,
});
