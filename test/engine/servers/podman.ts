// Podman's Docker-compatible API (Debian podman): `podman system service` on a private socket with its
// own storage, and its own CNI network (bridge lwpod<K>, no iptables rules) so it never touches the
// machine's podman0/cni-podman0 or another job's containers. Quirks handled here are listed in the recipes.
import { ChildProcess, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Docker from 'dockerode';
import { ensureInstalled, privateDir, startProcess, stopProcess, waitFor } from './common';

export class PodmanService {
  private made?: string;
  /** Created on first use, so a suite that is filtered out (mocha --grep) leaves no folder behind. */
  get dir(): string { return (this.made ??= privateDir('podman')); }
  get socket(): string { return path.join(this.dir, 'podman.sock'); }
  readonly bridge = `lwpod${process.pid % 100000}`;
  private proc?: ChildProcess;

  get host(): string { return `unix://${this.socket}`; }

  async start(): Promise<void> {
    ensureInstalled('podman', 'podman');
    const d = this.dir;
    fs.mkdirSync(path.join(d, 'networks'));
    // A CNI network of our own: bridge only (no portmap/firewall plugins, so no iptables chains to leave behind).
    fs.writeFileSync(path.join(d, 'networks', 'lwpod.conflist'), JSON.stringify({
      cniVersion: '0.4.0', name: 'lwpod',
      plugins: [{ type: 'bridge', bridge: this.bridge, isGateway: true, ipMasq: false, hairpinMode: true,
        ipam: { type: 'host-local', dataDir: path.join(d, 'ipam'), routes: [{ dst: '0.0.0.0/0' }], ranges: [[{ subnet: '10.198.14.0/24', gateway: '10.198.14.1' }]] } }],
    }));
    // Without explicit ulimits, runc fails here with "error setting rlimit type 7".
    fs.writeFileSync(path.join(d, 'containers.conf'), [
      '[containers]', 'default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]',
      '[network]', `network_config_dir = "${path.join(d, 'networks')}"`, 'default_network = "lwpod"',
    ].join('\n') + '\n');
    const log = path.join(d, 'podman.log');
    // Absolute --root/--runroot, or podman refuses with "database configuration mismatch".
    this.proc = startProcess('podman', ['--root', path.join(d, 'root'), '--runroot', path.join(d, 'runroot'), 'system', 'service', '--time=0', this.host], log,
      { ...process.env, CONTAINERS_CONF: path.join(d, 'containers.conf') });
    const docker = new Docker({ socketPath: this.socket });
    await waitFor('podman system service', () => docker.ping().then(() => true), this.proc, log, 30000);
  }

  async destroy(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    await stopProcess(p);
    try { execFileSync('ip', ['link', 'delete', this.bridge], { stdio: 'ignore' }); } catch { /* never created */ }
    // Podman bind-mounts its overlay folder onto itself.
    try { execFileSync('umount', [path.join(this.dir, 'root', 'overlay')], { stdio: 'ignore' }); } catch { /* not mounted */ }
    if (this.made) fs.rmSync(this.made, { recursive: true, force: true, maxRetries: 2 });
  }
}
