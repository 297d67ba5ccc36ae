// An sshd of our own (Debian openssh-server) on a free loopback port, key auth only, whose sessions
// reach the test engine (SetEnv DOCKER_HOST), so `ssh://root@127.0.0.1:PORT` is a real remote engine.
// The client side is a `ssh` wrapper on PATH adding `-F our_config`, so /root/.ssh is never touched.
import { ChildProcess, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ensureInstalled, freePort, privateDir, startProcess, stopProcess, tcpOpen, waitFor } from './common';

export class SshServer {
  private made?: string;
  /** Created on first use, so a suite that is filtered out (mocha --grep) leaves no folder behind. */
  get dir(): string { return (this.made ??= privateDir('sshd')); }
  port = 0;
  private proc?: ChildProcess;
  /** PATH entries whose `ssh` uses the accepted key, or a key the server does not know. */
  get goodBin(): string { return path.join(this.dir, 'bin-good'); }
  get wrongBin(): string { return path.join(this.dir, 'bin-wrong'); }

  constructor(private readonly dockerHost: string) {}

  get url(): string { return `ssh://root@127.0.0.1:${this.port}`; }

  async start(): Promise<void> {
    ensureInstalled('/usr/sbin/sshd', 'openssh-server');
    ensureInstalled('ssh', 'openssh-client');
    this.port = await freePort();
    const d = this.dir;
    const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'layerwise-test', '-f', file]);
    for (const k of ['host_key', 'client_key', 'wrong_key']) keygen(path.join(d, k));
    fs.copyFileSync(path.join(d, 'client_key.pub'), path.join(d, 'authorized_keys'));
    fs.writeFileSync(path.join(d, 'sshd_config'), [
      `Port ${this.port}`, 'ListenAddress 127.0.0.1', `HostKey ${d}/host_key`, `PidFile ${d}/sshd.pid`,
      `AuthorizedKeysFile ${d}/authorized_keys`, 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes', 'PermitRootLogin prohibit-password', 'UsePAM no', 'StrictModes no',
      `SetEnv DOCKER_HOST=${this.dockerHost}`, 'LogLevel ERROR',
    ].join('\n') + '\n');
    fs.writeFileSync(path.join(d, 'known_hosts'), `[127.0.0.1]:${this.port} ${fs.readFileSync(path.join(d, 'host_key.pub'), 'utf8')}`);
    for (const [bin, key] of [[this.goodBin, 'client_key'], [this.wrongBin, 'wrong_key']]) {
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, `${key}.config`), [
        'Host *', `  IdentityFile ${d}/${key}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${d}/known_hosts`,
        '  StrictHostKeyChecking yes', '  IdentityAgent none', '  LogLevel ERROR',
      ].join('\n') + '\n');
      fs.writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${bin}/${key}.config "$@"\n`, { mode: 0o755 });
    }
    fs.mkdirSync('/run/sshd', { recursive: true });
    const log = path.join(d, 'sshd.log');
    this.proc = startProcess('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(d, 'sshd_config')], log);
    await waitFor('sshd', () => tcpOpen(this.port), this.proc, log);
  }

  async destroy(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    await stopProcess(p);
    if (this.made) fs.rmSync(this.made, { recursive: true, force: true });
  }
}

/** Runs `fn` with `bin` first on PATH (the ssh wrapper), restoring PATH afterwards. */
export async function withPath<T>(bin: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.PATH;
  process.env.PATH = `${bin}:${before}`;
  try { return await fn(); } finally { process.env.PATH = before; }
}
