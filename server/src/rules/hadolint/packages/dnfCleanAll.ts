import { cleanRule } from './cleanRule';
import { hasWord, operands } from './commandArgs';

const INSTALLS = ['install', 'in', 'upgrade', 'up', 'update', 'upgrade-minimal', 'up-min', 'reinstall', 'rei', 'groupinstall'];

export const dnfCleanAll = cleanRule({
  id: 'dnf-clean-all', code: 'DL3040', hadolintSeverity: 'warning',
  title: '`dnf install` without `dnf clean all` in the same RUN',
  explanation: 'dnf keeps the repository metadata it downloads (often 100 MB or more) under /var/cache/dnf (dnf5: /var/cache/libdnf5), and the layer keeps it. Cleaning in a later RUN does not shrink the image. End the installing RUN with `dnf clean all` (`microdnf clean all`).',
  programs: ['dnf'],
  install: (prog, args) => (prog === 'dnf' || prog === 'microdnf') && INSTALLS.includes(operands(args)[0] ?? '') ? prog : undefined,
  cleans: (prog, args, installer) => ((prog === installer || prog === 'dnf') && hasWord(args, ['clean']))
    || (prog === 'rm' && operands(args).some(p => /^\/var\/cache\/(dnf|yum|libdnf5)(\/\*?)?\/?\*?$/.test(p))),
  mountTargets: ['/var/cache/dnf', '/var/cache/libdnf5', '.cache/libdnf5', '/var/cache/yum'],
  cleanCommand: installer => `${installer} clean all`,
  what: installer => installer === 'microdnf' ? 'its cache (/var/cache/yum)' : 'its cache (/var/cache/dnf)',
});
