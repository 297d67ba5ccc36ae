// Volumes: list with size (from /system/df) and the containers that mount them, create, remove, inspect.
import { Engine } from './connection';
import { systemDf } from './images';
import { ContainerRefLite, VolumeItem } from './types';

/** Docker's volume name rule (volume/local): like container names, one character allowed. */
export function validateVolumeName(name: string): string | undefined {
  if (/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) return undefined;
  return `"${name}" is not a valid volume name: it starts with a letter or digit and uses only letters, digits, _ . -.`;
}

function statusCode(err: unknown): number | undefined { return (err as { statusCode?: number })?.statusCode; }
function apiMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  return e?.json?.message ?? e?.message ?? String(err);
}

interface DfVolume { Name: string; UsageData?: { Size: number; RefCount: number } | null }

/** Containers by the volumes they mount (running or stopped). */
export async function volumeUsers(engine: Engine): Promise<Map<string, ContainerRefLite[]>> {
  const docker = await engine.docker();
  const users = new Map<string, ContainerRefLite[]>();
  for (const c of await docker.listContainers({ all: true })) {
    for (const m of c.Mounts ?? []) {
      if (m.Type !== 'volume' || !m.Name) continue;
      users.set(m.Name, [...(users.get(m.Name) ?? []), { id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''), state: c.State }]);
    }
  }
  return users;
}

export async function listVolumes(engine: Engine): Promise<VolumeItem[]> {
  const docker = await engine.docker();
  try {
    const [res, df, users] = await Promise.all([
      docker.listVolumes(),
      systemDf(engine).catch(() => undefined) as Promise<{ Volumes?: DfVolume[] } | undefined>,
      volumeUsers(engine),
    ]);
    const sizes = new Map((df?.Volumes ?? []).map(v => [v.Name, v.UsageData?.Size ?? -1]));
    return (res.Volumes ?? []).map(v => {
      const created = (v as { CreatedAt?: string }).CreatedAt;
      const labels = v.Labels ?? {};
      return {
        name: v.Name, driver: v.Driver, mountpoint: v.Mountpoint,
        created: created ? new Date(created) : undefined,
        size: sizes.get(v.Name) ?? -1,
        usedBy: users.get(v.Name) ?? [],
        labels,
        // Anonymous volumes (VOLUME in a Dockerfile, `-v /data`) get a 64-hex name and, on newer engines, a label.
        anonymous: /^[0-9a-f]{64}$/.test(v.Name) || 'com.docker.volume.anonymous' in labels,
      };
    }).sort((a, b) => Number(a.anonymous) - Number(b.anonymous) || a.name.localeCompare(b.name));
  } catch (err) { throw engine.noteFailure(err); }
}

export async function createVolume(engine: Engine, name: string): Promise<string> {
  const invalid = validateVolumeName(name);
  if (invalid) throw new Error(invalid);
  const docker = await engine.docker();
  try {
    await docker.createVolume({ Name: name });
    return name;
  } catch (err) {
    if (statusCode(err) !== undefined) throw new Error(`Could not create volume "${name}": ${apiMessage(err)}`);
    throw engine.noteFailure(err);
  }
}

/** Removes a volume; one still in use gets a message naming the containers that use it. */
export async function removeVolume(engine: Engine, name: string): Promise<void> {
  const docker = await engine.docker();
  try {
    await docker.getVolume(name).remove();
  } catch (err) {
    const code = statusCode(err);
    if (code === 404) return;
    if (code === 409) {
      const users = (await volumeUsers(engine).catch(() => new Map<string, ContainerRefLite[]>())).get(name) ?? [];
      const who = users.length ? users.map(u => `${u.name} (${u.state})`).join(', ') : 'a container';
      throw new Error(`Volume "${name}" is in use by ${who}. Remove ${users.length === 1 ? 'that container' : 'those containers'} first (stopped containers keep their volumes).`);
    }
    if (code !== undefined) throw new Error(`Could not remove volume "${name}": ${apiMessage(err)}`);
    throw engine.noteFailure(err);
  }
}

export async function inspectVolume(engine: Engine, name: string): Promise<Record<string, unknown>> {
  const docker = await engine.docker();
  try {
    return await docker.getVolume(name).inspect() as unknown as Record<string, unknown>;
  } catch (err) {
    if (statusCode(err) === 404) throw new Error(`Volume "${name}" no longer exists.`);
    throw engine.noteFailure(err);
  }
}
