// What yum and dnf accept as "a package with a version": hadolint's reading of `name-version`.

/** `nodejs-18.19.0`, `httpd-2.4.57-5.el9`, a `.rpm` file: the part after the first `-` looks like a version. */
export function rpmVersionFixed(word: string): boolean {
  const parts = word.split('-');
  if (parts.length <= 1) return false;
  if (word.endsWith('.rpm')) return true;
  const rest = parts.slice(1);
  return rest.every(p => /^[A-Za-z0-9.~^_:+]*$/.test(p)) && rest.some(p => /^[0-9]/.test(p));
}

/** Groups (`@development`), file or capability provides (`/usr/bin/ps`, `perl(JSON)`), URLs: nothing to pin by name. */
export function rpmUnpinnable(word: string): boolean {
  return word.startsWith('@') || word.startsWith('/') || word.includes('(') || word.includes('://');
}

/** yum/dnf options whose value may be the next word. */
export const RPM_VALUE_FLAGS = ['enablerepo', 'disablerepo', 'setopt', 'installroot', 'releasever', 'c', 'config', 'x', 'exclude',
  'repo', 'repoid', 'downloaddir', 'destdir', 'd', 'debuglevel', 'e', 'errorlevel', 'rpmverbosity', 'color', 'forcearch'];
