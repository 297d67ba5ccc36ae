import { pinRule } from './pinRule';
import { operands } from './commandArgs';

const VALUE_FLAGS = ['loglevel', 'registry', 'omit', 'include', 'location', 'w', 'workspace', 'tag', 'cache', 'userconfig', 'prefix'];
const GIT = /^git(\+(ssh|https?))?:\/\//;

export const npmPinVersions = pinRule({
  id: 'npm-pin-versions', code: 'DL3016', hadolintSeverity: 'warning',
  title: '`npm install <package>` without a version',
  explanation: 'Without `package@version` npm installs the newest release (the `latest` tag) on the day of the build, so a later build can get a new major version, and two builds of the same Dockerfile differ. `npm install` / `npm ci` without package names install what package-lock.json says and are not affected.',
  programs: ['npm'],
  command: 'npm install',
  packages: (prog, args) => {
    if (prog !== 'npm') return undefined;
    // Like hadolint: only when the subcommand comes first (`npm install …`, also `npm i`, `npm add`).
    const [sub, ...rest] = operands(args, VALUE_FLAGS);
    return sub === 'install' || sub === 'i' || sub === 'add' ? rest : undefined;
  },
  pinned: w => {
    if (GIT.test(w)) return w.includes('#');
    if (/\.(tar|tar\.gz|tgz)$/.test(w) || /^(\/|\.\/|\.\.\/|~\/)/.test(w)) return true;
    return (w.startsWith('@') ? w.slice(w.indexOf('/') + 1) : w).includes('@');
  },
  unpinnable: w => w === '.' || w === '..',
  example: p => `${p}@<version>`,
});
