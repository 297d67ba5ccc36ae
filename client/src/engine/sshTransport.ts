// ssh:// engines the way the docker CLI reaches them: the system `ssh` runs `docker system dial-stdio` on
// the remote, and HTTP flows over its stdin/stdout. Using the real ssh keeps the user's ~/.ssh/config,
// keys, agent, known_hosts checking and ProxyJump. Connections are kept alive and reused, so one SSH
// login serves many API calls instead of one login per call.
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as http from 'http';
import { Duplex } from 'stream';

export interface SshTarget { host: string; port?: number; username?: string }

/** The arguments the docker CLI passes to ssh, plus BatchMode: no prompt can be answered from VS Code or CI. */
export function sshArguments(target: SshTarget, connectTimeoutSeconds: number): string[] {
  const args = ['-o', 'BatchMode=yes', '-o', `ConnectTimeout=${Math.max(1, Math.round(connectTimeoutSeconds))}`, '-T'];
  if (target.username) args.push('-l', target.username);
  if (target.port) args.push('-p', String(target.port));
  // `--` so a host name can never be read as an option.
  args.push('--', target.host, 'docker', 'system', 'dial-stdio');
  return args;
}

export class SshError extends Error {
  readonly code = 'ESSH';
  constructor(message: string, readonly stderr: string) { super(message); }
}

/** One `ssh … docker system dial-stdio` process as a socket for http. */
class SshSocket extends Duplex {
  private readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';
  private idleTimer?: NodeJS.Timeout;
  private idleMs = 0;
  timeout = 0;

  constructor(target: SshTarget, connectTimeoutSeconds: number) {
    super({ allowHalfOpen: false });
    this.child = spawn('ssh', sshArguments(target, connectTimeoutSeconds), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => { this.touch(); if (!this.push(chunk)) this.child.stdout.pause(); });
    // End of output is decided in 'close': a failed login closes stdout too, and must surface as an error.
    this.child.stderr.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString()).slice(-4000); });
    this.child.stdin.on('error', () => undefined);
    this.child.on('error', err => {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      this.destroy(new SshError(missing ? 'the ssh program is not installed (install OpenSSH: apt install openssh-client)' : err.message, ''));
    });
    this.child.on('close', code => {
      if (code !== 0 && code !== null && !this.destroyed) {
        const line = this.stderr.split('\n').map(l => l.trim()).filter(Boolean).filter(l => !/^Warning: Permanently added/.test(l)).pop() ?? `ssh exited with code ${code}`;
        this.destroy(new SshError(line, this.stderr));
      } else if (!this.destroyed) {
        this.push(null);
      }
    });
  }

  _read(): void { this.child.stdout.resume(); }

  _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.touch();
    // A write to an ssh that already exited fails with EPIPE; the real reason (ssh's stderr) arrives
    // with the process's exit in 'close', so that is the error the caller gets.
    this.child.stdin.write(chunk, () => done());
  }

  _final(done: () => void): void { this.child.stdin.end(); done(); }

  _destroy(err: Error | null, done: (err: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    done(err);
  }

  // The socket methods http.Agent calls on kept-alive connections.
  setKeepAlive(): this { return this; }
  setNoDelay(): this { return this; }
  ref(): this { this.child.ref(); for (const s of [this.child.stdout, this.child.stderr, this.child.stdin]) (s as unknown as { ref?: () => void }).ref?.(); return this; }
  unref(): this { this.child.unref(); for (const s of [this.child.stdout, this.child.stderr, this.child.stdin]) (s as unknown as { unref?: () => void }).unref?.(); return this; }
  setTimeout(ms: number, callback?: () => void): this {
    this.timeout = ms;
    this.idleMs = ms;
    // As net.Socket does: 0 removes the callback, anything else adds it once.
    if (callback) {
      if (ms === 0) this.removeListener('timeout', callback);
      else this.once('timeout', callback);
    }
    this.touch();
    return this;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (!this.idleMs) return;
    this.idleTimer = setTimeout(() => this.emit('timeout'), this.idleMs);
    this.idleTimer.unref();
  }
}

/** An http.Agent whose connections are ssh processes; destroy() ends them all. */
export function sshAgent(target: SshTarget, connectTimeoutSeconds = 10): http.Agent {
  // Idle connections close after 30 s, at most two wait for reuse. (No cap on busy ones: event and log streams hold theirs.)
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 2, timeout: 30000 });
  (agent as unknown as { createConnection: () => Duplex }).createConnection = () => new SshSocket(target, connectTimeoutSeconds) as unknown as Duplex;
  return agent;
}
