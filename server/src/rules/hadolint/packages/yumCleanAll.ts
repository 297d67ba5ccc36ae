import { cleanRule } from './cleanRule';
import { hasWord, operands } from './commandArgs';

export const yumCleanAll = cleanRule({
  id: 'yum-clean-all', code: 'DL3032', hadolintSeverity: 'warning',
  title: '`yum install` without `yum clean all` in the same RUN',
  explanation: 'yum keeps the repository metadata it downloads (often 100 MB or more) under /var/cache/yum, and the layer keeps it. Cleaning in a later RUN does not shrink the image. End the installing RUN with `yum clean all`.',
  programs: ['yum'],
  install: (prog, args) => prog === 'yum' && operands(args).some(w => w === 'install' || w === 'groupinstall' || w === 'localinstall' || w === 'reinstall') ? 'yum' : undefined,
  // On EL8+ yum is dnf: `dnf clean all` cleans the same cache.
  cleans: (prog, args) => ((prog === 'yum' || prog === 'dnf') && hasWord(args, ['clean']))
    || (prog === 'rm' && operands(args).some(p => /^\/var\/cache\/(yum|dnf)(\/\*?)?\/?$/.test(p))),
  mountTargets: ['/var/cache/yum', '/var/cache/dnf'],
  cleanCommand: () => 'yum clean all',
  what: () => 'its cache (/var/cache/yum; /var/cache/dnf where yum is dnf)',
});
