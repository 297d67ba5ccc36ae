// What a simple command does, by program and arguments: starts a server, does build work,
// daemonises. Shared by the RUN vs CMD rules; ambiguous commands classify as nothing.
import { ShellCommand, splitShell } from '../../analysis/shell';
import { Instr } from '../../analysis/model';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

function base(word: string | undefined): string {
  const w = word ?? '';
  return w.slice(w.lastIndexOf('/') + 1);
}

/** `sh -c 'script'` → the script, so commands inside it are seen too. */
export function innerScript(words: string[]): string | undefined {
  if (!SHELLS.has(base(words[0]))) return undefined;
  const c = words.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w));
  return c > 0 && c + 1 < words.length ? words[c + 1] : undefined;
}

/** Simple commands of an instruction, looking through `sh -c` (once) and exec form. */
export function commandsOf(instr: Instr): ShellCommand[] {
  if (instr.execForm) {
    const script = innerScript(instr.execForm);
    if (script !== undefined) return splitShell(script);
    return instr.execForm.length ? [{ words: instr.execForm, text: instr.execForm.join(' '), terminator: '' }] : [];
  }
  const out: ShellCommand[] = [];
  for (const cmd of instr.shell) {
    const script = innerScript(cmd.words);
    out.push(...(script !== undefined ? splitShell(script) : [cmd]));
  }
  return out;
}

/** Drops runners that start the real program: `bundle exec`, `npx`, `poetry run`, `pipenv run`, `uv run`. */
function unwrap(words: string[]): string[] {
  const p = base(words[0]);
  if ((p === 'bundle' && words[1] === 'exec') || ((p === 'poetry' || p === 'pipenv' || p === 'uv') && words[1] === 'run')) return words.slice(2);
  if (p === 'npx') return words.slice(1).filter((w, i) => i > 0 || !w.startsWith('-'));
  return words;
}

const NODE_INFO_FLAGS = new Set(['-e', '--eval', '-p', '--print', '-v', '--version', '-h', '--help', '-c', '--check', '--test', '--run', '-i', '--interactive']);
const NODE_VALUE_FLAGS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--conditions', '-C', '--title']);
const PY_VERSION = /^python(\d+(\.\d+)?)?$/;

function scriptArg(args: string[], infoFlags: Set<string>, valueFlags: Set<string>): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (infoFlags.has(a) || infoFlags.has(a.split('=')[0])) return undefined;
    if (valueFlags.has(a)) { i++; continue; }
    if (a.startsWith('-')) continue;
    return a;
  }
  return undefined;
}

/** Programs serverKind (and serviceStart, its last test) can classify; PHP, Python and /etc/init.d/ scripts are matched apart. */
const SERVER_PROGRAMS = new Set(['npm', 'yarn', 'pnpm', 'node', 'nodejs', 'ts-node', 'tsx', 'bun', 'deno', 'flask', 'uvicorn', 'gunicorn',
  'hypercorn', 'daphne', 'java', 'rails', 'httpd-foreground', 'nginx', 'service', 'systemctl', 'apachectl', 'apache2ctl']);

/** A command that runs a server or another long-lived process in the foreground, or starts a daemon. */
export function serverKind(cmd: ShellCommand): 'foreground' | 'daemon' | undefined {
  const words = unwrap(cmd.words);
  const p = base(words[0]);
  // Nearly every command is none of these: answer before building the argument views below.
  if (!SERVER_PROGRAMS.has(p) && !PY_VERSION.test(p) && !/^php[\d.]*$/.test(p) && !(words[0] ?? '').startsWith('/etc/init.d/')) return undefined;
  const args = words.slice(1);
  const has = (...flags: string[]) => args.some(a => flags.includes(a) || flags.some(f => f.startsWith('--') && a.startsWith(f + '=')));
  if (p === 'npm' || p === 'yarn' || p === 'pnpm') {
    const script = args[0] === 'run' || args[0] === 'run-script' ? args[1] : args[0];
    return script === 'start' || script === 'serve' || /^start:/.test(script ?? '') ? 'foreground' : undefined;
  }
  if (p === 'node' || p === 'nodejs' || p === 'ts-node' || p === 'tsx' || p === 'bun' || p === 'deno') {
    const script = scriptArg(p === 'deno' && args[0] === 'run' ? args.slice(1) : args, NODE_INFO_FLAGS, NODE_VALUE_FLAGS);
    return script && /^(server|app|index|main)\.(m|c)?(js|ts)$/.test(base(script)) ? 'foreground' : undefined;
  }
  if (PY_VERSION.test(p)) {
    const m = args.indexOf('-m');
    if (m >= 0) {
      const mod = args[m + 1];
      if (mod === 'http.server' || mod === 'uvicorn' || mod === 'gunicorn' || mod === 'hypercorn') return has('--help', '--version', '-h', '-V') ? undefined : 'foreground';
      if (mod === 'flask' && args[m + 2] === 'run') return 'foreground';
      if (mod === 'django' && args[m + 2] === 'runserver') return 'foreground';
      return undefined;
    }
    if (has('-c', '--version', '-V', '-h', '--help')) return undefined;
    const script = args.find(a => !a.startsWith('-'));
    if (!script) return undefined;
    if (base(script) === 'manage.py') return args[args.indexOf(script) + 1] === 'runserver' ? 'foreground' : undefined;
    return base(script) === 'app.py' || base(script) === 'server.py' ? 'foreground' : undefined;
  }
  if (p === 'flask') return args[0] === 'run' ? 'foreground' : undefined;
  if (p === 'uvicorn' || p === 'gunicorn' || p === 'hypercorn' || p === 'daphne') return has('--help', '--version', '-h', '-v', '-V') ? undefined : 'foreground';
  if (p === 'java') {
    // Build-time runs of a jar are common and legitimate: Spring Boot layer extraction, CDS/AOT training.
    if (!has('-jar') || args.some(a => /^-Djarmode=|^-XX:(ArchiveClassesAtExit|AOTMode|AOTCacheOutput)|^-Dspring\.context\.exit=/.test(a))) return undefined;
    if (has('-version', '--version', '-help', '--help', 'extract', 'list-layers')) return undefined;
    return 'foreground';
  }
  if (p === 'rails') return args[0] === 'server' || args[0] === 's' ? 'foreground' : undefined;
  if (/^php[\d.]*$/.test(p)) return has('-S') ? 'foreground' : undefined;
  if (p === 'httpd-foreground') return 'foreground';
  if (p === 'nginx') {
    if (has('-t', '-T', '-v', '-V', '-h', '-?', '-s')) return undefined;
    return nginxForeground(args) ? 'foreground' : 'daemon';
  }
  return serviceStart(words) ? 'daemon' : undefined;
}

/** `-g 'daemon off;'` on the command line. */
export function nginxForeground(args: string[]): boolean {
  const g = args.indexOf('-g');
  return g >= 0 && /\bdaemon\s+off\s*;/.test(args[g + 1] ?? '');
}

/** `service x start`, `systemctl start x`, `/etc/init.d/x start`: the service name, if this starts one. */
export function serviceStart(words: string[]): string | undefined {
  const p = base(words[0]);
  const verb = (v: string | undefined) => v === 'start' || v === 'restart';
  if (p === 'service' && words[1] && verb(words[2])) return words[1];
  if (p === 'systemctl') {
    const rest = words.slice(1).filter(w => !w.startsWith('-'));
    if (verb(rest[0]) && rest[1]) return rest[1].replace(/\.service$/, '');
  }
  if ((words[0] ?? '').startsWith('/etc/init.d/') && verb(words[1])) return p;
  if ((p === 'apachectl' || p === 'apache2ctl') && (words[1] === 'start' || (words[1] === '-k' && words[2] === 'start'))) return 'apache2';
  return undefined;
}

/** Build-time work: package installs, dependency installs, compiles. */
export function isBuildWork(cmd: ShellCommand): boolean {
  const words = cmd.words;
  const p = base(words[0]);
  const a = words.slice(1).filter(w => !w.startsWith('-'));
  switch (p) {
    case 'apt-get': case 'apt': case 'yum': case 'dnf': case 'microdnf': case 'zypper': return a[0] === 'install' || a[0] === 'update' || a[0] === 'upgrade';
    case 'apk': return a[0] === 'add' || a[0] === 'update' || a[0] === 'upgrade';
    case 'npm': return ['install', 'i', 'ci'].includes(a[0]) || (a[0] === 'run' && a[1] === 'build');
    case 'yarn': return a.length === 0 || a[0] === 'install' || a[0] === 'build';
    case 'pnpm': return a[0] === 'install' || a[0] === 'i' || (a[0] === 'run' && a[1] === 'build');
    case 'pip': case 'pip3': return a[0] === 'install';
    case 'mvn': case 'mvnw': return a.some(x => x === 'package' || x === 'install' || x === 'compile');
    case 'go': return a[0] === 'build' || a[0] === 'install' || (a[0] === 'mod' && a[1] === 'download');
    case 'gradle': case 'gradlew': return a.some(x => x === 'build' || x === 'assemble' || x === 'bootJar' || x === 'installDist');
    case 'bundle': return a[0] === 'install';
    case 'composer': return a[0] === 'install' || a[0] === 'update';
    case 'cargo': return a[0] === 'build';
  }
  if (PY_VERSION.test(p)) return words[1] === '-m' && (words[2] === 'pip' || words[2] === 'pip3') && words.slice(3).includes('install');
  return false;
}

/** The foreground form of a command that daemonises, when there is a well-known one. */
export function foregroundFor(cmd: ShellCommand): string[] | undefined {
  const words = cmd.words;
  const p = base(words[0]);
  const service = serviceStart(words);
  if (p === 'nginx' || service === 'nginx') return ['nginx', '-g', 'daemon off;'];
  if (p === 'httpd') return ['httpd', ...words.slice(1).filter(w => w !== '-k' && w !== 'start'), '-D', 'FOREGROUND'];
  if (service === 'apache2' || service === 'httpd') return [service === 'httpd' ? 'apachectl' : 'apache2ctl', '-D', 'FOREGROUND'];
  if (/^php-fpm[\d.]*$/.test(p)) return [words[0], ...words.slice(1).filter(w => w !== '-D' && w !== '--daemonize'), '-F'];
  return undefined;
}
