// Building blocks for the extra servers the engine tests start themselves (registry, sshd, a TLS
// dockerd, podman): free loopback ports, private folders, apt installs on a clean CI machine.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

export function privateDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `lw-${prefix}-`));
}

function onPath(binary: string): boolean {
  if (binary.startsWith('/')) return fs.existsSync(binary);
  return (process.env.PATH ?? '').split(':').some(dir => fs.existsSync(path.join(dir, binary)));
}

/**
 * Makes sure `binary` exists, installing the Debian package when it does not (CI is a clean machine
 * running as root). apt may be locked by another job for a while: retried. Throws a clear reason.
 */
export function ensureInstalled(binary: string, aptPackage: string): void {
  if (onPath(binary)) return;
  if (process.getuid?.() !== 0) throw new Error(`${binary} is not installed and this test is not root: apt-get install ${aptPackage}`);
  let lastError = '';
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', aptPackage], { stdio: 'pipe', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 300000 });
      if (onPath(binary)) return;
    } catch (err) {
      lastError = String((err as { stderr?: Buffer }).stderr ?? err);
      if (/Unable to locate package/.test(lastError)) {
        try { execFileSync('apt-get', ['update', '-q'], { stdio: 'pipe', timeout: 300000 }); } catch { /* retried */ }
      }
      // Another apt run holds the lock: wait for it (a real wait for a resource, not a synchronisation sleep).
      execFileSync('sleep', ['6']);
    }
  }
  throw new Error(`Could not install ${aptPackage} (for ${binary}): ${lastError.split('\n').slice(-3).join(' ')}`);
}

/** Waits until `check` resolves true; fails with `what` and the process log when the process dies or time runs out. */
export async function waitFor(what: string, check: () => Promise<boolean>, proc?: ChildProcess, logFile?: string, timeoutMs = 30000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    const log = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
    if (proc && (proc.exitCode !== null || proc.signalCode !== null)) throw new Error(`${what} exited (${proc.signalCode ?? 'code ' + proc.exitCode}) before it was ready:\n${log}`);
    if (Date.now() > end) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${log}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

export function tcpOpen(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** Starts a long-running server process with its output in `logFile`. */
export function startProcess(cmd: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const fd = fs.openSync(logFile, 'a');
  const proc = spawn(cmd, args, { stdio: ['ignore', fd, fd], env });
  fs.closeSync(fd);
  return proc;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export async function stopProcess(proc: ChildProcess | undefined, graceMs = 10000): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise(r => proc.once('exit', r));
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(t);
}
