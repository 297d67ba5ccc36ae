// Local images, disk usage and pruning.
import { Engine } from './connection';
import { ContainerRef, DiskUsage, ImageGroup, ImageItem, PrunePreview, PruneResult, UsageRow } from './types';

const NONE = '<none>';

/** `registry:5000/app:1.2` → ['registry:5000/app', '1.2']. */
export function splitRepoTag(repoTag: string): [string, string] {
  const at = repoTag.lastIndexOf(':');
  if (at > repoTag.lastIndexOf('/')) return [repoTag.slice(0, at), repoTag.slice(at + 1)];
  return [repoTag, 'latest'];
}

async function allImages(engine: Engine): Promise<ImageItem[]> {
  const docker = await engine.docker();
  try {
    const [images, containers] = await Promise.all([docker.listImages({ all: false }), docker.listContainers({ all: true })]);
    const users = new Map<string, ContainerRef[]>();
    for (const c of containers) {
      const ref = { id: c.Id, name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), state: c.State };
      users.set(c.ImageID, [...(users.get(c.ImageID) ?? []), ref]);
    }
    return images.map(img => {
      const repoTags = (img.RepoTags ?? []).filter(t => t !== '<none>:<none>');
      const dangling = repoTags.length === 0;
      return {
        id: img.Id, repository: dangling ? NONE : splitRepoTag(repoTags[0])[0], tags: [], repoTags,
        size: img.Size, created: new Date(img.Created * 1000), dangling, containers: users.get(img.Id) ?? [],
      };
    });
  } catch (err) { throw engine.noteFailure(err); }
}

/** Images grouped by repository (an image with tags in two repositories shows in both). */
export async function listImages(engine: Engine, options: { includeDangling?: boolean } = {}): Promise<ImageGroup[]> {
  const groups = new Map<string, ImageItem[]>();
  for (const img of await allImages(engine)) {
    if (img.dangling) {
      if (options.includeDangling) groups.set(NONE, [...(groups.get(NONE) ?? []), img]);
      continue;
    }
    const byRepo = new Map<string, string[]>();
    for (const rt of img.repoTags) {
      const [repo, tag] = splitRepoTag(rt);
      byRepo.set(repo, [...(byRepo.get(repo) ?? []), tag]);
    }
    for (const [repo, tags] of byRepo) groups.set(repo, [...(groups.get(repo) ?? []), { ...img, repository: repo, tags }]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === NONE ? 1 : b === NONE ? -1 : a.localeCompare(b)))
    .map(([repository, images]) => ({ repository, images: images.sort((x, y) => y.created.getTime() - x.created.getTime()) }));
}

export async function removeImage(engine: Engine, id: string, options: { force?: boolean } = {}): Promise<void> {
  const docker = await engine.docker();
  try {
    await docker.getImage(id).remove({ force: options.force ?? false });
  } catch (err) {
    const e = err as { statusCode?: number; json?: { message?: string }; message: string };
    const detail = e.json?.message ?? e.message;
    if (e.statusCode === 409) throw new Error(`Cannot remove image ${id}: ${detail}. Stop and remove the containers using it first.`);
    if (e.statusCode === 404) throw new Error(`Image ${id} no longer exists.`);
    throw engine.noteFailure(err);
  }
}

/**
 * Whether the image is still on the engine (views drop an image that was removed elsewhere).
 * Rejects on connection problems, so an unreachable engine is never mistaken for a removed image.
 */
export async function imageExists(engine: Engine, idOrRef: string): Promise<boolean> {
  const docker = await engine.docker();
  try {
    await docker.getImage(idOrRef).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw engine.noteFailure(err);
  }
}

interface DfResponse {
  LayersSize?: number;
  Images?: Array<{ Id: string; Size: number; SharedSize: number; Containers: number }>;
  Containers?: Array<{ SizeRw?: number; State: string }>;
  Volumes?: Array<{ UsageData?: { Size: number; RefCount: number } | null }>;
  BuildCache?: Array<{ Size: number; InUse: boolean; Shared: boolean }>;
}

/** What `docker system df` shows, computed the same way from /system/df. */
export function diskUsageFromDf(df: DfResponse): DiskUsage {
  const images = df.Images ?? [];
  const imagesTotal = df.LayersSize ?? images.reduce((s, i) => s + i.Size, 0);
  // Space of images in use by a container is not reclaimable (shared layers count once).
  const imagesUsed = images.filter(i => i.Containers > 0 && i.Size >= 0 && i.SharedSize >= 0).reduce((s, i) => s + i.Size - i.SharedSize, 0);
  const containers = df.Containers ?? [];
  const running = (c: { State: string }) => c.State === 'running' || c.State === 'paused' || c.State === 'restarting';
  const volumes = (df.Volumes ?? []).map(v => v.UsageData ?? { Size: -1, RefCount: -1 });
  const cache = (df.BuildCache ?? []).filter(b => !b.Shared);
  const row = (count: number, active: number, totalSize: number, reclaimable: number): UsageRow => ({ count, active, totalSize, reclaimable: Math.max(0, reclaimable) });
  return {
    images: row(images.length, images.filter(i => i.Containers > 0).length, imagesTotal, imagesTotal - imagesUsed),
    containers: row(containers.length, containers.filter(running).length,
      containers.reduce((s, c) => s + (c.SizeRw ?? 0), 0),
      containers.filter(c => !running(c)).reduce((s, c) => s + (c.SizeRw ?? 0), 0)),
    volumes: row(volumes.length, volumes.filter(v => v.RefCount > 0).length,
      volumes.reduce((s, v) => s + Math.max(0, v.Size), 0),
      volumes.filter(v => v.RefCount === 0).reduce((s, v) => s + Math.max(0, v.Size), 0)),
    buildCache: row((df.BuildCache ?? []).length, (df.BuildCache ?? []).filter(b => b.InUse).length,
      cache.reduce((s, b) => s + b.Size, 0),
      cache.filter(b => !b.InUse).reduce((s, b) => s + b.Size, 0)),
  };
}

export async function diskUsage(engine: Engine): Promise<DiskUsage> {
  const docker = await engine.docker();
  try { return diskUsageFromDf(await docker.df() as DfResponse); } catch (err) { throw engine.noteFailure(err); }
}

/** What pruneImages would remove: dangling images (or, with all, every image no container uses, stopped ones included). */
export async function previewPrune(engine: Engine, options: { all?: boolean } = {}): Promise<PrunePreview> {
  const all = options.all ?? false;
  const docker = await engine.docker();
  const [images, df] = await Promise.all([allImages(engine), docker.df().catch(() => undefined) as Promise<DfResponse | undefined>]);
  const unique = new Map<string, number>();
  // df knows how much of each image is shared with others; only the rest is freed.
  for (const i of df?.Images ?? []) unique.set(i.Id, i.SharedSize >= 0 ? i.Size - i.SharedSize : i.Size);
  const candidates = images.filter(i => i.containers.length === 0 && (all || i.dangling));
  return { all, images: candidates, count: candidates.length, bytes: candidates.reduce((s, i) => s + (unique.get(i.id) ?? i.size), 0) };
}

export async function pruneImages(engine: Engine, options: { all?: boolean } = {}): Promise<PruneResult> {
  const docker = await engine.docker();
  try {
    const res = await docker.pruneImages({ filters: { dangling: [options.all ? 'false' : 'true'] } } as never) as unknown as { ImagesDeleted?: Array<{ Deleted?: string; Untagged?: string }> | null; SpaceReclaimed?: number };
    return { deleted: (res.ImagesDeleted ?? []).map(d => d.Deleted).filter((d): d is string => !!d), spaceReclaimed: res.SpaceReclaimed ?? 0 };
  } catch (err) { throw engine.noteFailure(err); }
}
