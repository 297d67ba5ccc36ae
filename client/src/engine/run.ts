// Running an image with its ports published, and stopping it.
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { PassThrough } from 'stream';
import { Engine } from './connection';
import { describeEndpoint } from './endpoint';
import { explainStreamEnd, validateContainerName } from './containers';
import { validateVolumeName } from './volumes';
import { validateNetworkName } from './networks';
import { MappedPort, PortMapping, RunMount, RunOptions, RunningContainer } from './types';

// Docker's reference grammar (distribution/reference), simplified to one expression.
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)';
const REFERENCE = new RegExp(`^${DOMAIN}?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);
const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{12,64}$/;

/** undefined when valid, else an actionable message. */
export function validateImageReference(ref: string): string | undefined {
  const r = ref.trim();
  if (!r) return 'Enter an image name, e.g. myapp:latest.';
  if (IMAGE_ID.test(r) || REFERENCE.test(r)) return undefined;
  if (/[A-Z]/.test(r.split(/[:@]/)[0].split('/').slice(-1)[0])) return `"${r}" is not a valid image name: repository names must be lower-case.`;
  return `"${r}" is not a valid image reference. Use name[:tag] (e.g. myapp:1.0, registry.example.com/team/app:latest) or an image id.`;
}

/** `80`, `80/tcp`, `8080:80`, `8080:80/udp` → PortMapping; throws a clear Error when invalid. */
export function parsePortMapping(text: string): PortMapping {
  const m = /^\s*(?:(\d+):)?(\d+)(?:\/(tcp|udp|sctp))?\s*$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a port mapping. Use CONTAINER_PORT[/tcp|udp] or HOST_PORT:CONTAINER_PORT, e.g. 8080:80.`);
  const hostPort = m[1] !== undefined ? checkPort(Number(m[1]), text) : undefined;
  const containerPort = checkPort(Number(m[2]), text);
  return { containerPort: `${containerPort}/${(m[3] ?? 'tcp').toLowerCase()}`, ...(hostPort !== undefined ? { hostPort } : {}) };
}

function checkPort(n: number, context: string): number {
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`Port ${n} in "${context}" is out of range: ports are 1–65535.`);
  return n;
}

function normaliseContainerPort(p: string): string {
  const m = /^(\d+)(?:\/(tcp|udp|sctp))?$/i.exec(p.trim());
  if (!m) throw new Error(`"${p}" is not a container port. Use e.g. 80 or 80/tcp.`);
  return `${checkPort(Number(m[1]), p)}/${(m[2] ?? 'tcp').toLowerCase()}`;
}

/** A host port nobody listens on right now (the OS picks it for a socket bound to port 0). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function notFound(err: unknown): boolean { return (err as { statusCode?: number }).statusCode === 404; }

/** The image's EXPOSEd ports (`80/tcp`), to prefill the run dialog. */
export async function exposedPorts(engine: Engine, image: string): Promise<string[]> {
  const docker = await engine.docker();
  try {
    const info = await docker.getImage(image).inspect();
    return Object.keys(info.Config?.ExposedPorts ?? {}).sort();
  } catch (err) {
    if (notFound(err)) throw new Error(`Image "${image}" is not present on the Docker engine. Build it first.`);
    throw engine.noteFailure(err);
  }
}

/**
 * An `--env-file`: NAME=value per line, `#` comments and blank lines skipped, no quote processing (like the
 * docker CLI); a bare NAME takes the value from `hostEnv` and is skipped when it is not set there.
 */
export function parseEnvFile(text: string, hostEnv: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\s+/, '');
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const name = eq < 0 ? line.trim() : line.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new Error(`Line ${i + 1} of the env file: "${name}" is not a variable name.`);
    if (eq >= 0) env[name] = line.slice(eq + 1);
    else if (hostEnv[name] !== undefined) env[name] = hostEnv[name]!;
  });
  return env;
}

/** undefined when the mount is valid, else why not. */
export function validateMount(m: RunMount): string | undefined {
  if (!m.target.startsWith('/')) return `The container path "${m.target}" must be absolute (start with /).`;
  if (m.type === 'volume') return validateVolumeName(m.source);
  if (!path.isAbsolute(m.source)) return `The folder "${m.source}" must be an absolute path.`;
  return undefined;
}

/** Whether the engine runs on this machine (its unix socket is here), so local checks tell the truth. */
function engineIsLocal(engine: Engine): boolean { return engine.endpoint.url.startsWith('unix://'); }

/** Someone on this machine listens on the port already (only meaningful for a local engine). */
export function hostPortTaken(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.unref();
    server.once('error', err => resolve((err as NodeJS.ErrnoException).code === 'EADDRINUSE'));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(false)));
  });
}

/** The engine's wording for a port or mount problem → a sentence saying what to change. */
function explainRunFailure(message: string, options: RunOptions): string | undefined {
  const port = /(?:Bind for [^\s]*:(\d+) failed|listen tcp[46]? [^\s]*:(\d+): bind: address already in use)/.exec(message);
  if (port) return `Host port ${port[1] ?? port[2]} is already in use. Pick another host port (or leave it empty for a free one).`;
  const bind = /bind source path does not exist: (.*)$/m.exec(message);
  if (bind) return `The folder ${bind[1].trim()} does not exist on the Docker engine's machine. Create it, or pick another folder to mount.`;
  const netMissing = /network (\S+) not found/.exec(message);
  if (netMissing) return `The network ${netMissing[1]} does not exist. Pick another network, or create it first.`;
  if (options.restartPolicy && options.restartPolicy !== 'no' && /AutoRemove|conflicting options/i.test(message)) return 'A restart policy cannot be combined with removing the container when it exits (--rm).';
  return undefined;
}

function validateRunOptions(options: RunOptions): void {
  const invalid = validateImageReference(options.image);
  if (invalid) throw new Error(invalid);
  if (options.name !== undefined) {
    const bad = validateContainerName(options.name);
    if (bad) throw new Error(bad);
  }
  for (const key of Object.keys(options.env ?? {})) {
    if (!key || key.includes('=')) throw new Error(`"${key}" is not a valid environment variable name.`);
  }
  for (const m of options.mounts ?? []) {
    const bad = validateMount(m);
    if (bad) throw new Error(bad);
  }
  if (options.network !== undefined && !['bridge', 'host', 'none'].includes(options.network)) {
    const bad = validateNetworkName(options.network);
    if (bad) throw new Error(bad);
  }
  if (options.restartPolicy && options.restartPolicy !== 'no' && (options.autoRemove ?? true)) {
    throw new Error('A restart policy cannot be combined with removing the container when it exits (--rm): turn one of them off.');
  }
}

export async function runImage(engine: Engine, options: RunOptions): Promise<RunningContainer> {
  validateRunOptions(options);
  let env = { ...(options.env ?? {}) };
  if (options.envFile) {
    let text: string;
    try { text = await fs.promises.readFile(options.envFile, 'utf8'); } catch (err) {
      throw new Error(`Cannot read the env file ${options.envFile}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (err as Error).message}.`);
    }
    env = { ...parseEnvFile(text), ...env };
  }
  const local = engineIsLocal(engine);
  for (const m of options.mounts ?? []) {
    // Said before the engine would say it less clearly (only when the folder is on this machine).
    if (m.type === 'bind' && local && !fs.existsSync(m.source)) throw new Error(`The folder ${m.source} does not exist. Create it, or pick another folder to mount.`);
  }
  const requested = (options.ports ?? (await exposedPorts(engine, options.image)).map((containerPort): PortMapping => ({ containerPort })))
    .map(p => ({ containerPort: normaliseContainerPort(p.containerPort), hostPort: p.hostPort === undefined ? undefined : checkPort(p.hostPort, String(p.hostPort)) }));
  const bindings: Record<string, Array<{ HostPort: string }>> = {};
  const exposed: Record<string, object> = {};
  for (const p of requested) {
    if (p.hostPort !== undefined && local && !p.containerPort.endsWith('/udp') && await hostPortTaken(p.hostPort)) {
      throw new Error(`Host port ${p.hostPort} is already in use. Pick another host port (or leave it empty for a free one).`);
    }
    const host = p.hostPort ?? await findFreePort();
    exposed[p.containerPort] = {};
    bindings[p.containerPort] = [...(bindings[p.containerPort] ?? []), { HostPort: String(host) }];
  }
  const tty = options.tty ?? false;
  const docker = await engine.docker();
  let container;
  try {
    container = await docker.createContainer({
      Image: options.image,
      name: options.name,
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      ...(options.cmd?.length ? { Cmd: options.cmd } : {}),
      Tty: tty,
      AttachStdout: true,
      AttachStderr: true,
      ExposedPorts: exposed,
      HostConfig: {
        AutoRemove: options.autoRemove ?? true,
        PortBindings: bindings,
        Mounts: (options.mounts ?? []).map(m => ({ Type: m.type, Source: m.source, Target: m.target, ReadOnly: !!m.readOnly })),
        ...(options.network ? { NetworkMode: options.network } : {}),
        ...(options.restartPolicy && options.restartPolicy !== 'no' ? { RestartPolicy: { Name: options.restartPolicy, ...(options.restartPolicy === 'on-failure' ? { MaximumRetryCount: 0 } : {}) } } : {}),
        ...(options.init ? { Init: true } : {}),
      },
    });
  } catch (err) {
    const e = err as { statusCode?: number; json?: { message?: string }; message: string };
    if (e.statusCode === 404 && /network/i.test(e.json?.message ?? '')) throw new Error(`The network ${options.network} does not exist. Pick another network, or create it first.`);
    if (e.statusCode === 404) throw new Error(`Image "${options.image}" is not present on the Docker engine. Build it first.`);
    if (e.statusCode === 409) throw new Error(`A container named "${options.name}" already exists. Choose another name or remove it.`);
    const explained = explainRunFailure(e.json?.message ?? e.message, options);
    if (explained) throw new Error(explained);
    if (e.statusCode !== undefined) throw new Error(`Could not create a container from "${options.image}": ${e.json?.message ?? e.message}`);
    throw engine.noteFailure(err);
  }
  try {
    // Attach and wait before starting: an auto-removed container may be gone by the time we ask later.
    // Stream only, as `docker run` does: the engine subscribes the stream first and replays logs after,
    // so with `logs: true` output written during the replay arrived twice (seen under load).
    const attached = await container.attach({ stream: true, stdout: true, stderr: true, logs: false }) as NodeJS.ReadableStream;
    const waited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode: number }>;
    waited.catch(() => undefined);
    const logs = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    // The engine dying drops the attach connection: end our streams rather than let an 'error' event go
    // unheard (an uncaught exception in the extension host).
    attached.on('error', () => { for (const s of [logs, stdout, stderr]) s.end(); });
    const attachEnded = new Promise<void>(resolve => { for (const e of ['end', 'close', 'error']) attached.on(e, () => resolve()); });
    if (tty) {
      attached.pipe(logs);
      attached.pipe(stdout);
      stderr.end();
    } else {
      const out = new PassThrough();
      const errs = new PassThrough();
      docker.modem.demuxStream(attached, out, errs);
      out.pipe(stdout);
      errs.pipe(stderr);
      out.on('data', c => logs.write(c));
      errs.on('data', c => logs.write(c));
      attached.on('end', () => { out.end(); errs.end(); logs.end(); });
    }
    await container.start();
    const info = await container.inspect().catch(() => undefined);
    const ports: MappedPort[] = [];
    for (const [containerPort, hosts] of Object.entries(info?.NetworkSettings?.Ports ?? {})) {
      for (const h of (hosts as Array<{ HostIp: string; HostPort: string }> | null) ?? []) {
        // The engine lists IPv4 and IPv6 bindings of the same port separately: one entry per port is enough.
        if (!ports.some(p => p.containerPort === containerPort && p.hostPort === Number(h.HostPort))) ports.push({ containerPort, hostPort: Number(h.HostPort), hostIp: h.HostIp });
      }
    }
    if (!info) for (const [containerPort, hosts] of Object.entries(bindings)) for (const h of hosts) ports.push({ containerPort, hostPort: Number(h.HostPort), hostIp: '0.0.0.0' });
    return {
      id: container.id,
      name: (info?.Name ?? '').replace(/^\//, '') || container.id.slice(0, 12),
      ports, logs, stdout, stderr,
      wait: async () => {
        const gone = () => new Error(`The Docker engine at ${describeEndpoint(engine.endpoint)} went away while the container ran; its state is unknown.`);
        // /wait answers its headers at once and the body at exit; when the engine dies in between, dockerode's
        // promise never settles. The attach stream does end, so ask the engine then why.
        const fromAttach = attachEnded.then(async () => {
          const why = await explainStreamEnd(engine, container.id);
          if (why.reason === 'engine-gone') throw gone();
          if (why.reason === 'exited' && why.exitCode !== undefined) return why.exitCode;
          return (await waited).StatusCode;
        });
        try {
          return { exitCode: await Promise.race([waited.then(w => w.StatusCode), fromAttach]) };
        } catch (err) {
          engine.noteFailure(err);
          throw gone();
        }
      },
    };
  } catch (err) {
    await container.remove({ force: true }).catch(() => undefined);
    const e = err as { json?: { message?: string }; message: string };
    const detail = e.json?.message ?? e.message;
    throw new Error(explainRunFailure(detail, options) ?? `Could not start a container from "${options.image}": ${detail}`);
  }
}

export async function stopContainer(engine: Engine, id: string, options: { timeoutSec?: number } = {}): Promise<void> {
  const docker = await engine.docker();
  try {
    await docker.getContainer(id).stop({ t: options.timeoutSec ?? 10 });
  } catch (err) {
    const code = (err as { statusCode?: number }).statusCode;
    if (code === 304 || code === 404) return; // already stopped, or auto-removed
    throw engine.noteFailure(err);
  }
}
