// Shared helpers for the engine tests: a real Engine, temp build folders, cleanup, a private dockerd.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import { Engine } from '../../client/src/engine';

export const TEST_PREFIX = 'layerwise-test/';
export const BASE = 'local/busybox:1';

/** The engine the suite runs against (DOCKER_HOST, as engine-up.sh exported it). */
export async function testEngine(): Promise<Engine> {
  const engine = new Engine({ recovery: false });
  const state = await engine.check();
  if (state !== 'reachable') throw new Error(`engine tests need a Docker engine (run scripts/engine-up.sh): ${engine.lastError}`);
  return engine;
}

/** A temp folder with the given files (relative path → content). */
export function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-engine-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

export function uniqueTag(name: string): string {
  return `${TEST_PREFIX}${name}:${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Removes test images by tag (and containers using them), ignoring ones already gone. */
export async function removeImages(engine: Engine, refs: string[]): Promise<void> {
  const docker = await engine.docker();
  for (const ref of refs) {
    let id: string;
    try { id = (await docker.getImage(ref).inspect()).Id; } catch { continue; }
    for (const c of await docker.listContainers({ all: true, filters: { ancestor: [id] } })) {
      await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    }
    await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
  }
}

export async function containerIds(engine: Engine): Promise<string[]> {
  return (await (await engine.docker()).listContainers({ all: true })).map(c => c.Id);
}

/** Runs `cmd` in a throwaway container of `image` and returns stdout. */
export async function runIn(engine: Engine, image: string, cmd: string[]): Promise<{ exitCode: number; stdout: string }> {
  const docker = await engine.docker();
  const container = await docker.createContainer({ Image: image, Cmd: cmd, Tty: false, HostConfig: { NetworkMode: 'none' } });
  try {
    await container.start();
    const { StatusCode } = await container.wait();
    const buf = await container.logs({ stdout: true, stderr: false }) as unknown as Buffer;
    // Non-tty logs are framed: 8-byte header per chunk.
    let out = '';
    for (let i = 0; i + 8 <= buf.length;) { const n = buf.readUInt32BE(i + 4); out += buf.subarray(i + 8, i + 8 + n).toString(); i += 8 + n; }
    return { exitCode: StatusCode, stdout: out };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

export function httpGet(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: 5000 }, res => {
      let body = '';
      res.on('data', c => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

let bridgeCount = 0;

/**
 * Bridges of private daemons whose test process died before destroy() (a killed run): they keep
 * their 172.31.2xx subnets up, which later daemons' bridges would then share.
 */
function removeStaleBridges(): void {
  let names: string[] = [];
  try { names = execFileSync('ip', ['-o', 'link', 'show', 'type', 'bridge'], { encoding: 'utf8' }).split('\n').map(l => l.split(': ')[1]?.split('@')[0] ?? ''); } catch { return; }
  for (const name of names) {
    const m = /^lwt(\d+)x\d+$/.exec(name);
    if (!m || Number(m[1]) === process.pid % 100000) continue;
    let alive = true;
    try { process.kill(Number(m[1]), 0); } catch { alive = false; }
    if (!alive) { try { execFileSync('ip', ['link', 'delete', name], { stdio: 'ignore' }); } catch { /* gone meanwhile */ } }
  }
}

/**
 * A second, private dockerd of our own (never the shared one): own data/exec root, pid file and socket,
 * its own bridge and no iptables so it cannot disturb the shared daemon's network.
 * (Not `--bridge=none`: dockerd 20.10 then deletes an existing docker0 at startup, the shared daemon's.)
 */
export class PrivateDaemon {
  readonly root = fs.mkdtempSync('/tmp/lw-dockerd-');
  readonly socket = path.join(this.root, 'd.sock');
  readonly host = 'unix://' + this.socket;
  readonly bridge = `lwt${process.pid % 100000}x${bridgeCount}`;
  private readonly subnet = `172.31.${200 + (bridgeCount++ % 50)}.1/24`;
  private proc?: ChildProcess;

  async start(): Promise<void> {
    removeStaleBridges();
    try { execFileSync('ip', ['link', 'show', this.bridge], { stdio: 'ignore' }); } catch {
      execFileSync('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
      execFileSync('ip', ['addr', 'add', this.subnet, 'dev', this.bridge]);
      execFileSync('ip', ['link', 'set', this.bridge, 'up']);
    }
    this.proc = spawn('dockerd', ['-H', this.host, '--data-root', path.join(this.root, 'data'), '--exec-root', path.join(this.root, 'x'),
      '--pidfile', path.join(this.root, 'd.pid'), `--bridge=${this.bridge}`, '--iptables=false', '--ip-masq=false', '--storage-driver=overlay2'], {
      stdio: ['ignore', fs.openSync(path.join(this.root, 'log'), 'a'), fs.openSync(path.join(this.root, 'log'), 'a')],
    });
    const docker = new Docker({ socketPath: this.socket });
    await until('the private dockerd', () => docker.ping().then(() => true, () => false), 60000);
  }

  /** Stops it (SIGTERM, then SIGKILL) and waits for the socket to stop answering. */
  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    // A process killed by a signal has exitCode null and signalCode set: without that check, waiting for
    // an 'exit' already emitted (the test killed it) never ends.
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise(r => p.once('exit', r));
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), 15000);
    await exited;
    clearTimeout(t);
  }

  /** Copies an image from `from` into this daemon (image save → load), so tests need no registry. */
  async loadImageFrom(from: Engine, ref: string): Promise<void> {
    const src = await (await from.docker()).getImage(ref).get();
    const dst = new Docker({ socketPath: this.socket });
    const res = await dst.loadImage(src as never);
    await new Promise((resolve, reject) => { res.on('end', resolve); res.on('error', reject); res.resume(); });
  }

  async destroy(): Promise<void> {
    await this.stop();
    try { execFileSync('ip', ['link', 'delete', this.bridge], { stdio: 'ignore' }); } catch { /* already gone */ }
    // Layers are mounted under data/; leave the folder if the kernel still holds a mount.
    fs.rmSync(this.root, { recursive: true, force: true, maxRetries: 2 });
  }
}
