// Containers: list (grouped by Compose project or image), start/stop/restart/remove, inspect, followed logs.
import { PassThrough } from 'stream';
import { Engine } from './connection';
import { describeEndpoint } from './endpoint';
import { ContainerGroup, ContainerItem, LogSession, SessionEnd } from './types';

const COMPOSE_PROJECT = 'com.docker.compose.project';
const COMPOSE_SERVICE = 'com.docker.compose.service';

/** Docker's own rule for container names (daemon/names.go): a letter or digit, then letters, digits, _ . -. */
export function validateContainerName(name: string): string | undefined {
  const value = name.replace(/^\//, '');
  if (/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(value)) return undefined;
  return `"${name}" is not a valid container name: it starts with a letter or digit and uses only letters, digits, _ . - (at least two characters).`;
}

function statusCode(err: unknown): number | undefined { return (err as { statusCode?: number })?.statusCode; }
function apiMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  return e?.json?.message ?? e?.message ?? String(err);
}

export async function listContainers(engine: Engine): Promise<ContainerItem[]> {
  const docker = await engine.docker();
  try {
    const list = await docker.listContainers({ all: true });
    return list.map(c => {
      const labels = c.Labels ?? {};
      const ports = (c.Ports ?? []).filter(p => p.PublicPort).map(p => ({ containerPort: `${p.PrivatePort}/${p.Type}`, hostPort: p.PublicPort, hostIp: p.IP ?? '' }));
      // The engine lists IPv4 and IPv6 bindings of one port separately.
      const unique = ports.filter((p, i) => ports.findIndex(q => q.containerPort === p.containerPort && q.hostPort === p.hostPort) === i);
      return {
        id: c.Id,
        name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
        image: c.Image, imageId: c.ImageID, state: c.State, status: c.Status,
        created: new Date(c.Created * 1000), ports: unique,
        composeProject: labels[COMPOSE_PROJECT], composeService: labels[COMPOSE_SERVICE],
        networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
        mounts: (c.Mounts ?? []).map(m => ({ type: m.Type, name: m.Name, source: m.Source, destination: m.Destination })),
      };
    });
  } catch (err) { throw engine.noteFailure(err); }
}

/** Compose projects first (by the compose label), then one group per image; running containers first in each. */
export function groupContainers(items: ContainerItem[]): ContainerGroup[] {
  const groups = new Map<string, ContainerGroup>();
  for (const c of items) {
    const key = c.composeProject ? `compose:${c.composeProject}` : `image:${c.image}`;
    const group = groups.get(key) ?? { kind: c.composeProject ? 'compose' as const : 'image' as const, name: c.composeProject ?? c.image, containers: [] };
    group.containers.push(c);
    groups.set(key, group);
  }
  const rank = (c: ContainerItem) => (c.state === 'running' ? 0 : 1);
  for (const g of groups.values()) g.containers.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return [...groups.values()].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'compose' ? -1 : 1));
}

async function act(engine: Engine, id: string, what: string, fn: () => Promise<unknown>, alreadyDone?: number): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const code = statusCode(err);
    if (code !== undefined && code === alreadyDone) return;
    if (code === 404) throw new Error(`Container ${id.slice(0, 12)} no longer exists.`);
    if (code !== undefined) throw new Error(`Could not ${what} container ${id.slice(0, 12)}: ${apiMessage(err)}`);
    throw engine.noteFailure(err);
  }
}

export async function startContainer(engine: Engine, id: string): Promise<void> {
  const docker = await engine.docker();
  await act(engine, id, 'start', () => docker.getContainer(id).start(), 304);
}

export async function restartContainer(engine: Engine, id: string, options: { timeoutSec?: number } = {}): Promise<void> {
  const docker = await engine.docker();
  await act(engine, id, 'restart', () => docker.getContainer(id).restart({ t: options.timeoutSec ?? 10 }));
}

/** Removes a container; a running one only with force (the caller asks the user first). */
export async function removeContainer(engine: Engine, id: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
  const docker = await engine.docker();
  try {
    await docker.getContainer(id).remove({ force: options.force ?? false, v: options.volumes ?? false });
  } catch (err) {
    const code = statusCode(err);
    if (code === 404) return;
    if (code === 409 && /running|stop the container/i.test(apiMessage(err))) {
      throw new Error(`Container ${id.slice(0, 12)} is running: stop it first, or remove it with force (which kills it).`);
    }
    if (code !== undefined) throw new Error(`Could not remove container ${id.slice(0, 12)}: ${apiMessage(err)}`);
    throw engine.noteFailure(err);
  }
}

/** `docker inspect` of a container, as the engine returns it. */
export async function inspectContainer(engine: Engine, id: string): Promise<Record<string, unknown>> {
  const docker = await engine.docker();
  try {
    return await docker.getContainer(id).inspect() as unknown as Record<string, unknown>;
  } catch (err) {
    if (statusCode(err) === 404) throw new Error(`Container ${id.slice(0, 12)} no longer exists.`);
    throw engine.noteFailure(err);
  }
}

/**
 * Why a stream from the engine ended: the container stopped (with its exit code), it was removed, or the
 * engine itself went away. Called after the connection closes, so it asks the engine once more.
 */
export async function explainStreamEnd(engine: Engine, id: string, streamError?: unknown): Promise<SessionEnd> {
  const gone = (): SessionEnd => ({ reason: 'engine-gone', message: `The Docker engine at ${describeEndpoint(engine.endpoint)} went away; the stream was closed.` });
  try {
    const docker = await engine.docker();
    const info = await docker.getContainer(id).inspect();
    if (info.State?.Running) return { reason: 'closed', message: streamError ? `The stream was interrupted: ${apiMessage(streamError)}` : 'The stream was closed.' };
    return { reason: 'exited', exitCode: info.State?.ExitCode, message: `Container exited with code ${info.State?.ExitCode ?? 'unknown'}.` };
  } catch (err) {
    if (statusCode(err) === 404) return { reason: 'removed', message: 'The container was removed.' };
    engine.noteFailure(err);
    return gone();
  }
}

/**
 * Follows a container's logs (like `docker logs -f --timestamps`): stdout and stderr stay apart; `ended`
 * resolves once, with why it ended, whether the container stopped, was removed or the engine went away.
 */
export async function followLogs(engine: Engine, id: string, options: { timestamps?: boolean; tail?: number; follow?: boolean } = {}): Promise<LogSession> {
  const docker = await engine.docker();
  const container = docker.getContainer(id);
  let stream: NodeJS.ReadableStream & { destroy?: (err?: Error) => void };
  let tty = false;
  try {
    tty = !!(await container.inspect()).Config?.Tty;
    stream = await container.logs({
      follow: (options.follow ?? true) as true, stdout: true, stderr: true,
      timestamps: options.timestamps ?? true, tail: options.tail ?? 500,
    }) as unknown as NodeJS.ReadableStream & { destroy?: (err?: Error) => void };
  } catch (err) {
    if (statusCode(err) === 404) throw new Error(`Container ${id.slice(0, 12)} no longer exists.`);
    throw engine.noteFailure(err);
  }
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (tty) stream.pipe(stdout);
  else docker.modem.demuxStream(stream, stdout, stderr);
  let stopped = false;
  let resolveEnd!: (end: SessionEnd) => void;
  const ended = new Promise<SessionEnd>(r => (resolveEnd = r));
  let settled = false;
  const finish = (err?: unknown) => {
    if (settled) return;
    settled = true;
    stdout.end();
    stderr.end();
    if (stopped) { resolveEnd({ reason: 'closed', message: 'Stopped following the logs.' }); return; }
    void explainStreamEnd(engine, id, err).then(resolveEnd);
  };
  stream.on('end', () => finish());
  stream.on('close', () => finish());
  stream.on('error', err => finish(err));
  return {
    stdout, stderr, tty, ended,
    stop: () => { stopped = true; stream.destroy?.(); finish(); },
  };
}
