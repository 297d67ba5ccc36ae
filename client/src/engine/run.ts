// Running an image with its ports published, and stopping it.
import * as net from 'net';
import { PassThrough } from 'stream';
import { Engine } from './connection';
import { MappedPort, PortMapping, RunOptions, RunningContainer } from './types';

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

export async function runImage(engine: Engine, options: RunOptions): Promise<RunningContainer> {
  const invalid = validateImageReference(options.image);
  if (invalid) throw new Error(invalid);
  if (options.name !== undefined && !/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(options.name)) {
    throw new Error(`"${options.name}" is not a valid container name: use letters, digits, _ . - (starting with a letter or digit).`);
  }
  for (const key of Object.keys(options.env ?? {})) {
    if (!key || key.includes('=')) throw new Error(`"${key}" is not a valid environment variable name.`);
  }
  const requested = (options.ports ?? (await exposedPorts(engine, options.image)).map((containerPort): PortMapping => ({ containerPort })))
    .map(p => ({ containerPort: normaliseContainerPort(p.containerPort), hostPort: p.hostPort === undefined ? undefined : checkPort(p.hostPort, String(p.hostPort)) }));
  const bindings: Record<string, Array<{ HostPort: string }>> = {};
  const exposed: Record<string, object> = {};
  for (const p of requested) {
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
      Env: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
      ...(options.cmd ? { Cmd: options.cmd } : {}),
      Tty: tty,
      AttachStdout: true,
      AttachStderr: true,
      ExposedPorts: exposed,
      HostConfig: { AutoRemove: options.autoRemove ?? true, PortBindings: bindings },
    });
  } catch (err) {
    const e = err as { statusCode?: number; json?: { message?: string }; message: string };
    if (e.statusCode === 404) throw new Error(`Image "${options.image}" is not present on the Docker engine. Build it first.`);
    if (e.statusCode === 409) throw new Error(`A container named "${options.name}" already exists. Choose another name or remove it.`);
    throw engine.noteFailure(err);
  }
  try {
    // Attach and wait before starting: an auto-removed container may be gone by the time we ask later.
    const attached = await container.attach({ stream: true, stdout: true, stderr: true, logs: true }) as NodeJS.ReadableStream;
    const waited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode: number }>;
    waited.catch(() => undefined);
    const logs = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    // The engine dying drops the attach connection: end our streams rather than let an 'error' event go
    // unheard (an uncaught exception in the extension host).
    attached.on('error', () => { for (const s of [logs, stdout, stderr]) s.end(); });
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
      wait: async () => ({ exitCode: (await waited).StatusCode }),
    };
  } catch (err) {
    await container.remove({ force: true }).catch(() => undefined);
    const e = err as { json?: { message?: string }; message: string };
    throw new Error(`Could not start a container from "${options.image}": ${e.json?.message ?? e.message}`);
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
