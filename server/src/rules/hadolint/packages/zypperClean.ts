import { cleanRule } from './cleanRule';
import { hasWord, operands } from './commandArgs';

export const zypperClean = cleanRule({
  id: 'zypper-clean', code: 'DL3036', hadolintSeverity: 'warning',
  title: '`zypper install` without `zypper clean` in the same RUN',
  explanation: 'zypper keeps repository metadata and downloaded packages under /var/cache/zypp, and the layer keeps them. Cleaning in a later RUN does not shrink the image. End the installing RUN with `zypper clean --all`.',
  programs: ['zypper'],
  install: (prog, args) => prog === 'zypper' && hasWord(operands(args), ['install', 'in']) ? 'zypper' : undefined,
  cleans: (prog, args) => (prog === 'zypper' && hasWord(operands(args), ['clean', 'cc']))
    || (prog === 'rm' && operands(args).some(p => /^\/var\/cache\/zypp(\/\*?)?\/?$/.test(p))),
  mountTargets: ['/var/cache/zypp'],
  cleanCommand: () => 'zypper clean --all',
  what: () => 'its cache (/var/cache/zypp)',
});
