// The reference registry v2 (Debian `docker-registry`) on a free loopback port with its own storage,
// optionally behind htpasswd basic auth.
import { ChildProcess, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ensureInstalled, privateDir, startProcess, stopProcess, tcpOpen, waitFor } from './common';

export class RegistryServer {
  private made?: string;
  /** Created on first use, so a suite that is filtered out (mocha --grep) leaves no folder behind. */
  get dir(): string { return (this.made ??= privateDir('registry')); }
  port = 0;
  private proc?: ChildProcess;

  /** `auth`: htpasswd basic auth; `token`: bearer tokens from a token service (see tokenServer.ts). */
  constructor(private readonly auth?: { username: string; password: string }, private readonly token?: { realm: string; service: string; issuer: string; certFile: string }) {}

  /** `127.0.0.1:PORT` — loopback, so the engine speaks plain HTTP to it without --insecure-registry. */
  get address(): string { return `127.0.0.1:${this.port}`; }

  async start(): Promise<void> {
    ensureInstalled('docker-registry', 'docker-registry');
    if (this.auth) ensureInstalled('htpasswd', 'apache2-utils');
    // Port 0 on first start: the registry binds a port itself and its log says which. Probing for a free
    // port and passing it on raced with other servers started meanwhile (then tcpOpen saw someone else's
    // server and the test talked to it). A restart asks for the same port again.
    const lines = [
      'version: 0.1',
      'log: { level: info }',
      `storage: { filesystem: { rootdirectory: ${JSON.stringify(path.join(this.dir, 'data'))} }, delete: { enabled: true } }`,
      `http: { addr: "127.0.0.1:${this.port}" }`, // 0 on the first start
    ];
    if (this.auth) {
      const htpasswd = execFileSync('htpasswd', ['-Bbn', this.auth.username, this.auth.password]).toString();
      fs.writeFileSync(path.join(this.dir, 'htpasswd'), htpasswd);
      lines.push(`auth: { htpasswd: { realm: layerwise-test, path: ${JSON.stringify(path.join(this.dir, 'htpasswd'))} } }`);
    }
    if (this.token) {
      const t = this.token;
      lines.push(`auth: { token: { realm: ${JSON.stringify(t.realm)}, service: ${t.service}, issuer: ${t.issuer}, rootcertbundle: ${JSON.stringify(t.certFile)} } }`);
    }
    fs.writeFileSync(path.join(this.dir, 'config.yml'), lines.join('\n') + '\n');
    const log = path.join(this.dir, 'registry.log');
    const before = fs.existsSync(log) ? fs.statSync(log).size : 0;
    this.proc = startProcess('docker-registry', ['serve', path.join(this.dir, 'config.yml')], log);
    // Ready when *this* process says where it listens (a restart appends to the same log).
    const listening = async () => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(fs.readFileSync(log).subarray(before).toString());
      if (!m) return false;
      this.port = Number(m[1]);
      return tcpOpen(this.port);
    };
    await waitFor('docker-registry', listening, this.proc, log);
  }

  /** Stops the process (storage kept, so start() brings the same content back on the same port). */
  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    await stopProcess(p);
  }

  async destroy(): Promise<void> {
    await this.stop();
    if (this.made) fs.rmSync(this.made, { recursive: true, force: true });
  }
}
