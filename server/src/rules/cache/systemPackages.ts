// Recognises OS package-manager commands, downloads and cleanups in RUN commands.
import { ShellCommand } from '../../analysis/shell';
import { commandOf, positional } from './common';
import { listOf } from '../../analysis/lists';

export type PackageFamily = 'apt' | 'apk' | 'yum' | 'zypper';

/** `apt-get update` / `apt update` / `apk update`. */
export function indexUpdate(cmd: ShellCommand): PackageFamily | undefined {
  const { prog, args } = commandOf(cmd);
  const sub = positional(args)[0];
  if ((prog === 'apt-get' || prog === 'apt') && sub === 'update') return 'apt';
  if (prog === 'apk' && sub === 'update') return 'apk';
  return undefined;
}

/** Package installs: `apt-get install`, `apk add`, `yum|dnf|microdnf install`, `zypper install|in`. */
export function packageInstall(cmd: ShellCommand): PackageFamily | undefined {
  const { prog, args } = commandOf(cmd);
  const sub = positional(args)[0];
  if ((prog === 'apt-get' || prog === 'apt') && sub === 'install') return 'apt';
  if (prog === 'apk' && sub === 'add') return 'apk';
  if ((prog === 'yum' || prog === 'dnf' || prog === 'microdnf') && sub === 'install') return 'yum';
  if (prog === 'zypper' && (sub === 'install' || sub === 'in')) return 'zypper';
  return undefined;
}

/** Files a `curl`/`wget` command writes (relative names as written), or undefined when it is not a download to a file. */
export function downloadOutputs(cmd: ShellCommand): string[] | undefined {
  const { prog, args } = commandOf(cmd);
  const urls = args.filter(a => /^[a-z]+:\/\//i.test(a));
  if (urls.length === 0) return undefined;
  const outputs: string[] = [];
  if (prog === 'curl') {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-o' || a === '--output') outputs.push(args[i + 1] ?? '');
      else if (a.startsWith('--output=')) outputs.push(a.slice(9));
      else if (/^-[a-zA-Z]*o$/.test(a) && !a.startsWith('--')) outputs.push(args[i + 1] ?? '');
      else if (a === '-O' || a === '--remote-name' || (/^-[a-zA-Z]*O[a-zA-Z]*$/.test(a) && !a.startsWith('--'))) outputs.push(...listOf(urls, baseName));
    }
    return outputs.length > 0 ? outputs.filter(Boolean) : undefined;
  }
  if (prog === 'wget') {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-O' || a === '--output-document') outputs.push(args[i + 1] ?? '');
      else if (a.startsWith('--output-document=')) outputs.push(a.slice(18));
      else if (/^-[a-zA-Z]*O$/.test(a) && !a.startsWith('--')) outputs.push(args[i + 1] ?? '');
    }
    if (outputs.includes('-')) return undefined;
    return outputs.length > 0 ? outputs.filter(Boolean) : listOf(urls, baseName);
  }
  return undefined;
}

function baseName(url: string): string {
  const path = url.replace(/[?#].*$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Cleanups of package-manager state: `apt-get clean|purge|autoremove`, `yum|dnf clean`, `rm -rf /var/lib/apt/lists/*`. */
export function packageCleanup(cmd: ShellCommand): PackageFamily | undefined {
  const { prog, args } = commandOf(cmd);
  const sub = positional(args)[0];
  if ((prog === 'apt-get' || prog === 'apt') && ['clean', 'purge', 'autoremove', 'autoclean', 'remove'].includes(sub)) return 'apt';
  if ((prog === 'yum' || prog === 'dnf' || prog === 'microdnf') && (sub === 'clean' || sub === 'remove' || sub === 'autoremove')) return 'yum';
  if (prog === 'zypper' && sub === 'clean') return 'zypper';
  if (prog === 'apk' && sub === 'del') return 'apk';
  if (prog === 'rm') {
    const paths = positional(args);
    if (paths.length === 0) return undefined;
    if (paths.every(p => /^\/var\/(?:lib\/apt\/lists|cache\/apt)(?:\/|$)/.test(p))) return 'apt';
    if (paths.every(p => /^\/var\/cache\/(?:yum|dnf)(?:\/|$)/.test(p))) return 'yum';
    if (paths.every(p => /^\/var\/cache\/apk(?:\/|$)/.test(p))) return 'apk';
  }
  return undefined;
}
