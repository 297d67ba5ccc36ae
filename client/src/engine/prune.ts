// The prune family: a plan (what goes, how many bytes, what stays and why) computed before asking, then the
// engine's own prune endpoint, reporting what it removed and reclaimed.
import { Engine, compareApiVersions } from './connection';
import { listImages, previewPrune, pruneImages, systemDf } from './images';
import { listNetworks } from './networks';
import { volumeUsers } from './volumes';
import { NetworkItem, PruneItem, PruneKind, PruneOptions, PruneOutcome, PrunePlan } from './types';

interface DfResponse {
  Volumes?: Array<{ Name: string; UsageData?: { Size: number; RefCount: number } | null }>;
  BuildCache?: Array<{ ID: string; Type?: string; Description?: string; Size: number; InUse: boolean; Shared: boolean; LastUsedAt?: string | null; CreatedAt?: string }>;
}

/** Go duration text as the engine's `until` filter takes it: `24h`, `90m`, `1h30m`, `45s`. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (!/^(\d+(\.\d+)?(h|m|s))+$/.test(t)) return undefined;
  let ms = 0;
  for (const [, n, , unit] of t.matchAll(/(\d+(\.\d+)?)(h|m|s)/g)) ms += Number(n) * (unit === 'h' ? 3600000 : unit === 'm' ? 60000 : 1000);
  return ms;
}

const STOPPED = new Set(['exited', 'created', 'dead']);

async function apiAtLeast(engine: Engine, version: string): Promise<boolean> {
  await engine.docker();
  return !!engine.info && compareApiVersions(engine.info.apiVersion, version) >= 0;
}

function sum(items: PruneItem[]): number { return items.reduce((s, i) => s + Math.max(0, i.bytes), 0); }

async function planContainers(engine: Engine): Promise<{ items: PruneItem[]; kept: string[] }> {
  const docker = await engine.docker();
  const list = await docker.listContainers({ all: true, size: true });
  const items = list.filter(c => STOPPED.has(c.State)).map(c => ({ id: c.Id, label: `${(c.Names?.[0] ?? c.Id).replace(/^\//, '')} (${c.Image})`, bytes: (c as { SizeRw?: number }).SizeRw ?? 0 }));
  const running = list.filter(c => !STOPPED.has(c.State)).length;
  return { items, kept: running ? [`${running} running container${running === 1 ? '' : 's'} stay.`] : [] };
}

/** `going`: containers pruned in the same run (a system prune removes them first, freeing what they used). */
async function planVolumes(engine: Engine, going = new Set<string>()): Promise<{ items: PruneItem[]; kept: string[] }> {
  const df = await systemDf(engine) as unknown as DfResponse;
  const users = await volumeUsers(engine);
  const items: PruneItem[] = [];
  const kept: string[] = [];
  for (const v of df.Volumes ?? []) {
    const all = users.get(v.Name) ?? [];
    const by = all.filter(u => !going.has(u.id));
    if (by.length || (!all.length && (v.UsageData?.RefCount ?? 0) > 0)) kept.push(`Volume ${v.Name} stays: used by ${by.map(u => `${u.name} (${u.state})`).join(', ') || 'a container'}.`);
    else items.push({ id: v.Name, label: v.Name, bytes: v.UsageData?.Size ?? 0 });
  }
  return { items, kept };
}

const ATTACHED = new Set(['running', 'paused', 'restarting']);

/** The engine prunes every network without a running container (stopped ones hold no endpoint). */
async function planNetworks(engine: Engine): Promise<{ items: PruneItem[]; kept: string[] }> {
  const nets = await listNetworks(engine);
  const custom = nets.filter(n => !n.builtIn);
  const attached = (n: NetworkItem) => n.usedBy.filter(u => ATTACHED.has(u.state));
  return {
    // By name: the engine's prune answers with names.
    items: custom.filter(n => !attached(n).length).map(n => {
      const stopped = n.usedBy.filter(u => !ATTACHED.has(u.state)).map(u => u.name);
      return { id: n.name, label: stopped.length ? `${n.name} (stopped ${stopped.join(', ')} will need it recreated to start)` : n.name, bytes: 0 };
    }),
    kept: custom.filter(n => attached(n).length).map(n => `Network ${n.name} stays: used by ${attached(n).map(u => `${u.name} (${u.state})`).join(', ')}.`),
  };
}

/** Dangling images no container will use once `going` are gone. */
async function planDanglingImages(engine: Engine, going: Set<string>): Promise<{ items: PruneItem[]; bytes: number }> {
  const preview = await previewPrune(engine, { all: false });
  const groups = await listImages(engine, { includeDangling: true });
  const freed = groups.flatMap(g => g.images).filter(i => i.dangling && i.containers.length && i.containers.every(c => going.has(c.id)));
  const images = [...preview.images, ...freed.filter(f => !preview.images.some(p => p.id === f.id))];
  const ids = images.map(i => i.id);
  const parents = await intermediateParents(engine, ids, going);
  return {
    items: [...ids, ...parents].map(id => ({ id, label: `image ${id.replace(/^sha256:/, '').slice(0, 12)}`, bytes: 0 })),
    bytes: preview.bytes + freed.reduce((s, i) => s + i.size, 0),
  };
}

async function planBuildCache(engine: Engine, options: PruneOptions): Promise<{ items: PruneItem[]; kept: string[]; bytes: number }> {
  const df = await systemDf(engine) as unknown as DfResponse;
  const olderThanMs = options.olderThan ? parseDuration(options.olderThan) : undefined;
  if (options.olderThan && olderThanMs === undefined) throw new Error(`"${options.olderThan}" is not a duration: use e.g. 24h, 90m or 1h30m.`);
  const cutoff = olderThanMs !== undefined ? Date.now() - olderThanMs : undefined;
  const entries = df.BuildCache ?? [];
  const lastUsed = (e: NonNullable<DfResponse['BuildCache']>[number]) => Date.parse(e.LastUsedAt ?? e.CreatedAt ?? '') || 0;
  const candidates = entries.filter(e => !e.InUse && (cutoff === undefined || lastUsed(e) < cutoff));
  const items = candidates.map(e => ({ id: e.ID, label: `${e.Type ?? 'cache'} ${e.Description ?? e.ID.slice(0, 12)}`.trim(), bytes: e.Shared ? 0 : e.Size }));
  const kept: string[] = [];
  const inUse = entries.filter(e => e.InUse).length;
  if (inUse) kept.push(`${inUse} cache entr${inUse === 1 ? 'y' : 'ies'} in use by a running build stay.`);
  if (cutoff !== undefined && entries.length - inUse - candidates.length > 0) kept.push(`${entries.length - inUse - candidates.length} entries used within ${options.olderThan} stay.`);
  let bytes = sum(items);
  if (options.keepStorageBytes !== undefined) {
    // The engine keeps the most recently used entries up to this size; the rest of the candidates go.
    const total = entries.filter(e => !e.Shared).reduce((s, e) => s + e.Size, 0);
    bytes = Math.max(0, Math.min(bytes, total - options.keepStorageBytes));
    kept.push(`Up to ${options.keepStorageBytes} bytes of the most recently used cache stay.`);
  }
  return { items, kept, bytes };
}

/**
 * Untagged parent images (the classic builder's intermediate steps, `docker images -a`) that go with the
 * images removed: the engine deletes a parent once no remaining image or container needs it.
 */
async function intermediateParents(engine: Engine, removed: string[], going = new Set<string>()): Promise<string[]> {
  const docker = await engine.docker();
  const [all, containers] = await Promise.all([docker.listImages({ all: true }), docker.listContainers({ all: true })]);
  const used = new Set(containers.filter(c => !going.has(c.Id)).map(c => c.ImageID));
  const byId = new Map(all.map(i => [i.Id, i]));
  const gone = new Set(removed);
  const extra: string[] = [];
  for (let changed = true; changed;) {
    changed = false;
    for (const img of all) {
      if (gone.has(img.Id) || used.has(img.Id)) continue;
      const tagged = (img.RepoTags ?? []).some(t => t !== '<none>:<none>');
      const children = all.filter(c => c.ParentId === img.Id);
      if (!tagged && children.length > 0 && children.every(c => gone.has(c.Id)) && byId.has(img.Id)) {
        gone.add(img.Id);
        extra.push(img.Id);
        changed = true;
      }
    }
  }
  return extra;
}

/** What a prune of `kind` would remove, computed without removing anything. */
export async function planPrune(engine: Engine, kind: PruneKind, options: PruneOptions = {}): Promise<PrunePlan> {
  const at = new Date();
  try {
    const make = (items: PruneItem[], kept: string[], bytes = sum(items)): PrunePlan => ({ kind, options, items, count: items.length, bytes, kept, at });
    switch (kind) {
      case 'containers': { const p = await planContainers(engine); return make(p.items, p.kept); }
      case 'volumes': { const p = await planVolumes(engine); return make(p.items, p.kept); }
      case 'networks': { const p = await planNetworks(engine); return make(p.items, p.kept); }
      case 'build-cache': { const p = await planBuildCache(engine, options); return make(p.items, p.kept, p.bytes); }
      case 'images-dangling':
      case 'images-unused': {
        const p = await previewPrune(engine, { all: kind === 'images-unused' });
        const items = p.images.map(i => ({ id: i.id, label: i.repoTags[0] ?? i.id.replace(/^sha256:/, '').slice(0, 12), bytes: 0 }));
        const parents = await intermediateParents(engine, items.map(i => i.id));
        return make([...items, ...parents.map(id => ({ id, label: `intermediate ${id.replace(/^sha256:/, '').slice(0, 12)}`, bytes: 0 }))], [], p.bytes);
      }
      case 'system': {
        // Like `docker system prune`: stopped containers, unused networks, dangling images, build cache (+ volumes).
        // One after another: the engine refuses a second /system/df while one runs.
        const containers = await planContainers(engine);
        const going = new Set(containers.items.map(i => i.id));
        const networks = await planNetworks(engine);
        const images = await planDanglingImages(engine, going);
        const cache = await planBuildCache(engine, {});
        const volumes = options.volumes ? await planVolumes(engine, going) : { items: [] as PruneItem[], kept: [] as string[] };
        const items = [...containers.items, ...networks.items, ...images.items, ...cache.items, ...volumes.items];
        return make(items, [...containers.kept, ...networks.kept, ...volumes.kept],
          sum(containers.items) + images.bytes + cache.bytes + sum(volumes.items));
      }
    }
  } catch (err) { throw engine.noteFailure(err); }
}

/** Runs the prune the plan describes and reports what the engine removed and reclaimed. */
export async function executePrune(engine: Engine, plan: PrunePlan): Promise<PruneOutcome> {
  const docker = await engine.docker();
  const { kind, options } = plan;
  // Containers created after the plan was shown are never pruned.
  const until = String(Math.floor(plan.at.getTime() / 1000) + 1);
  try {
    switch (kind) {
      case 'containers': {
        const r = await docker.pruneContainers({ filters: { until: [until] } } as never) as unknown as { ContainersDeleted?: string[] | null; SpaceReclaimed?: number };
        return { kind, removed: r.ContainersDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
      }
      case 'volumes': {
        // API 1.42 prunes only anonymous volumes unless asked for all; the plan covers named ones too.
        const filters = (await apiAtLeast(engine, '1.42')) ? { all: ['true'] } : {};
        const r = await docker.pruneVolumes({ filters } as never) as unknown as { VolumesDeleted?: string[] | null; SpaceReclaimed?: number };
        return { kind, removed: r.VolumesDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
      }
      case 'networks': {
        const r = await docker.pruneNetworks({ filters: { until: [until] } } as never) as unknown as { NetworksDeleted?: string[] | null };
        return { kind, removed: r.NetworksDeleted ?? [], spaceReclaimed: 0 };
      }
      case 'build-cache': return await pruneBuildCache(engine, options);
      case 'images-dangling':
      case 'images-unused': {
        // The engine lists deleted layers beside deleted images: report the images (they existed a moment ago).
        const before = new Set((await docker.listImages({ all: true })).map(i => i.Id));
        const r = await pruneImages(engine, { all: kind === 'images-unused' });
        return { kind, removed: r.deleted.filter(id => before.has(id)), spaceReclaimed: r.spaceReclaimed };
      }
      case 'system': {
        const parts: PruneOutcome[] = [];
        for (const sub of ['containers', 'networks', ...(options.volumes ? ['volumes'] : []), 'images-dangling', 'build-cache'] as PruneKind[]) {
          parts.push(await executePrune(engine, { ...plan, kind: sub, options: sub === 'build-cache' ? {} : options }));
        }
        return { kind, removed: parts.flatMap(p => p.removed), spaceReclaimed: parts.reduce((s, p) => s + p.spaceReclaimed, 0) };
      }
    }
  } catch (err) {
    const e = err as { statusCode?: number; json?: { message?: string } };
    if (e.statusCode === 409) throw new Error(`A prune is already running on this engine; try again when it has finished.`);
    if (e.statusCode !== undefined) throw new Error(`The engine refused the prune: ${e.json?.message ?? (err as Error).message}`);
    throw engine.noteFailure(err);
  }
}

async function pruneBuildCache(engine: Engine, options: PruneOptions): Promise<PruneOutcome> {
  const docker = await engine.docker();
  const query: Record<string, unknown> = { all: 'true' };
  if (options.keepStorageBytes !== undefined) query['keep-storage'] = String(Math.max(0, Math.floor(options.keepStorageBytes)));
  if (options.olderThan) query.filters = { until: [options.olderThan] };
  // dockerode's pruneBuilder sends no query parameters: dial the endpoint ourselves.
  const r = await new Promise<{ CachesDeleted?: string[] | null; SpaceReclaimed?: number }>((resolve, reject) => {
    docker.modem.dial({ path: '/build/prune?', method: 'POST', options: query, statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' } },
      (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as { CachesDeleted?: string[] | null; SpaceReclaimed?: number })));
  });
  return { kind: 'build-cache', removed: r.CachesDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
}
