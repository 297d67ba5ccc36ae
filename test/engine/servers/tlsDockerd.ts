// A second dockerd of our own listening on tcp://127.0.0.1:PORT with --tlsverify, and a test CA with
// server and client certificates made here with openssl (plus an unrelated CA for the wrong-CA case).
import { ChildProcess, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Docker from 'dockerode';
import { ensureInstalled, freePort, privateDir, startProcess, stopProcess, waitFor } from './common';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** ca.pem/cert.pem/key.pem folders in DOCKER_CERT_PATH layout: `client` (right CA), `wrongCa`, and the server's files. */
export function makeCertificates(dir: string): { server: string; client: string; wrongCa: string } {
  ensureInstalled('openssl', 'openssl');
  const server = path.join(dir, 'server'), client = path.join(dir, 'client'), wrongCa = path.join(dir, 'wrong-ca');
  for (const d of [server, client, wrongCa]) fs.mkdirSync(d, { recursive: true });
  const days = ['-days', '2'];
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-subj', '/CN=layerwise test CA', ...days], dir);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other-ca-key.pem', '-out', 'other-ca.pem', '-subj', '/CN=some other CA', ...days], dir);
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName = IP:127.0.0.1,DNS:localhost\nextendedKeyUsage = serverAuth\n');
  fs.writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage = clientAuth\n');
  for (const [name, ext] of [['server', 'server.ext'], ['client', 'client.ext']]) {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}/key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}/cert.pem`, '-extfile', ext, ...days], dir);
    fs.copyFileSync(path.join(dir, 'ca.pem'), path.join(dir, name, 'ca.pem'));
  }
  fs.copyFileSync(path.join(dir, 'other-ca.pem'), path.join(wrongCa, 'ca.pem'));
  fs.copyFileSync(path.join(client, 'cert.pem'), path.join(wrongCa, 'cert.pem'));
  fs.copyFileSync(path.join(client, 'key.pem'), path.join(wrongCa, 'key.pem'));
  return { server, client, wrongCa };
}

export class TlsDaemon {
  private made?: string;
  /** Created on first use, so a suite that is filtered out (mocha --grep) leaves no folder behind. */
  get root(): string { return (this.made ??= privateDir('tls-dockerd')); }
  readonly bridge = `lwtls${process.pid % 100000}`;
  port = 0;
  certs!: { server: string; client: string; wrongCa: string };
  private proc?: ChildProcess;

  get host(): string { return `tcp://127.0.0.1:${this.port}`; }

  /** Env that selects this engine the way a user would: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH. */
  env(certPath = this.certs.client): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, DOCKER_HOST: this.host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath };
  }

  async start(): Promise<void> {
    this.certs = makeCertificates(path.join(this.root, 'certs'));
    this.port = await freePort();
    // Our own bridge on a subnet no other test engine uses; no iptables changes.
    try { execFileSync('ip', ['link', 'show', this.bridge], { stdio: 'ignore' }); } catch {
      execFileSync('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
      execFileSync('ip', ['addr', 'add', '10.199.14.1/24', 'dev', this.bridge]);
      execFileSync('ip', ['link', 'set', this.bridge, 'up']);
    }
    const s = this.certs.server;
    const log = path.join(this.root, 'dockerd.log');
    this.proc = startProcess('dockerd', [
      '-H', this.host, '--tlsverify', `--tlscacert=${s}/ca.pem`, `--tlscert=${s}/cert.pem`, `--tlskey=${s}/key.pem`,
      '--data-root', path.join(this.root, 'data'), '--exec-root', path.join(this.root, 'x'), '--pidfile', path.join(this.root, 'd.pid'),
      `--bridge=${this.bridge}`, '--iptables=false', '--ip-masq=false', '--storage-driver=overlay2',
    ], log);
    const c = this.certs.client;
    const docker = new Docker({ host: '127.0.0.1', port: this.port, protocol: 'https', ca: fs.readFileSync(`${c}/ca.pem`), cert: fs.readFileSync(`${c}/cert.pem`), key: fs.readFileSync(`${c}/key.pem`) });
    await waitFor('the TLS dockerd', () => docker.ping().then(() => true), this.proc, log, 60000);
  }

  async destroy(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    await stopProcess(p, 15000);
    try { execFileSync('ip', ['link', 'delete', this.bridge], { stdio: 'ignore' }); } catch { /* gone */ }
    if (this.made) fs.rmSync(this.made, { recursive: true, force: true, maxRetries: 2 });
  }
}
