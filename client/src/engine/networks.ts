// Networks: list with driver, subnets and the containers attached, create, remove, inspect.
import { Engine } from './connection';
import { ContainerRefLite, NetworkItem } from './types';

/** The networks every engine has; they cannot be removed. */
export const BUILT_IN_NETWORKS = ['bridge', 'host', 'none'];

/** Network names: a letter or digit, then letters, digits, _ . - (what the docker CLI accepts in practice). */
export function validateNetworkName(name: string): string | undefined {
  if (BUILT_IN_NETWORKS.includes(name)) return `"${name}" is one of the engine's built-in networks; choose another name.`;
  if (/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name) && name.length <= 128) return undefined;
  return `"${name}" is not a valid network name: it starts with a letter or digit and uses only letters, digits, _ . -.`;
}

function statusCode(err: unknown): number | undefined { return (err as { statusCode?: number })?.statusCode; }
function apiMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  return e?.json?.message ?? e?.message ?? String(err);
}

/** Containers (running or not) by network name: what a prune or remove would leave connected. */
async function networkUsers(engine: Engine): Promise<Map<string, ContainerRefLite[]>> {
  const docker = await engine.docker();
  const users = new Map<string, ContainerRefLite[]>();
  for (const c of await docker.listContainers({ all: true })) {
    for (const net of Object.keys(c.NetworkSettings?.Networks ?? {})) {
      users.set(net, [...(users.get(net) ?? []), { id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''), state: c.State }]);
    }
  }
  return users;
}

export async function listNetworks(engine: Engine): Promise<NetworkItem[]> {
  const docker = await engine.docker();
  try {
    const [nets, users] = await Promise.all([docker.listNetworks(), networkUsers(engine)]);
    return nets.map(n => ({
      id: n.Id, name: n.Name, driver: n.Driver, scope: n.Scope,
      builtIn: BUILT_IN_NETWORKS.includes(n.Name),
      subnets: (n.IPAM?.Config ?? []).map(c => c.Subnet).filter((s): s is string => !!s),
      usedBy: users.get(n.Name) ?? [],
      created: n.Created ? new Date(n.Created) : undefined,
    })).sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name));
  } catch (err) { throw engine.noteFailure(err); }
}

export async function createNetwork(engine: Engine, name: string): Promise<string> {
  const invalid = validateNetworkName(name);
  if (invalid) throw new Error(invalid);
  const docker = await engine.docker();
  try {
    // CheckDuplicate: the engine otherwise allows two networks with one name, and names stop meaning anything.
    const net = await docker.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true });
    return net.id;
  } catch (err) {
    if (statusCode(err) === 409) throw new Error(`A network named "${name}" already exists.`);
    if (statusCode(err) !== undefined) throw new Error(`Could not create network "${name}": ${apiMessage(err)}`);
    throw engine.noteFailure(err);
  }
}

export async function removeNetwork(engine: Engine, idOrName: string): Promise<void> {
  if (BUILT_IN_NETWORKS.includes(idOrName)) throw new Error(`"${idOrName}" is a built-in network of the engine and cannot be removed.`);
  const docker = await engine.docker();
  try {
    await docker.getNetwork(idOrName).remove();
  } catch (err) {
    const code = statusCode(err);
    if (code === 404) return;
    const message = apiMessage(err);
    if (code === 403 && /pre-defined/i.test(message)) throw new Error(`"${idOrName}" is a built-in network of the engine and cannot be removed.`);
    if (code === 403 || /active endpoints/i.test(message)) {
      const all = await listNetworks(engine).catch(() => []);
      const users = all.find(n => n.name === idOrName || n.id.startsWith(idOrName))?.usedBy ?? [];
      const who = users.length ? users.map(u => `${u.name} (${u.state})`).join(', ') : 'containers';
      throw new Error(`Network "${idOrName}" is in use by ${who}. Disconnect or remove them first.`);
    }
    if (code !== undefined) throw new Error(`Could not remove network "${idOrName}": ${message}`);
    throw engine.noteFailure(err);
  }
}

export async function inspectNetwork(engine: Engine, idOrName: string): Promise<Record<string, unknown>> {
  const docker = await engine.docker();
  try {
    return await docker.getNetwork(idOrName).inspect() as unknown as Record<string, unknown>;
  } catch (err) {
    if (statusCode(err) === 404) throw new Error(`Network "${idOrName}" no longer exists.`);
    throw engine.noteFailure(err);
  }
}
