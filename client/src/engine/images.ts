// Local images, disk usage and pruning.
import { Engine } from './connection';
import { ContainerRef, DiskUsage, ImageGroup, ImageItem, PrunePreview, PruneResult, RemoveImageResult, UsageRow } from './types';

const NONE = '<none>';
/** The group of intermediate images (shown with `includeIntermediate`). */
export const INTERMEDIATE = '<intermediate>';

/** `registry:5000/app:1.2` → ['registry:5000/app', '1.2']. */
export function splitRepoTag(repoTag: string): [string, string] {
  const at = repoTag.lastIndexOf(':');
  if (at > repoTag.lastIndexOf('/')) return [repoTag.slice(0, at), repoTag.slice(at + 1)];
  return [repoTag, 'latest'];
}

async function allImages(engine: Engine, all = false): Promise<ImageItem[]> {
  const docker = await engine.docker();
  try {
    const [images, containers] = await Promise.all([docker.listImages({ all }), docker.listContainers({ all: true })]);
    const parents = new Set(images.map(i => i.ParentId).filter(Boolean));
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
        ...(img.SharedSize >= 0 ? { sharedSize: img.SharedSize } : {}),
        ...(dangling && parents.has(img.Id) ? { intermediate: true } : {}),
      };
    });
  } catch (err) { throw engine.noteFailure(err); }
}

/** Images grouped by repository (an image with tags in two repositories shows in both). */
export async function listImages(engine: Engine, options: { includeDangling?: boolean; includeIntermediate?: boolean; sharedSizes?: boolean } = {}): Promise<ImageGroup[]> {
  const groups = new Map<string, ImageItem[]>();
  const images = await allImages(engine, options.includeIntermediate ?? false);
  if (options.sharedSizes) await addSharedSizes(engine, images);
  for (const img of images) {
    if (img.intermediate) {
      if (options.includeIntermediate) groups.set(INTERMEDIATE, [...(groups.get(INTERMEDIATE) ?? []), img]);
      continue;
    }
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
    .sort(([a], [b]) => (a.startsWith('<') !== b.startsWith('<') ? (a.startsWith('<') ? 1 : -1) : a.localeCompare(b)))
    .map(([repository, images]) => ({ repository, images: images.sort((x, y) => y.created.getTime() - x.created.getTime()) }));
}

const dfInFlight = new WeakMap<Engine, Promise<DfResponse>>();

/**
 * `/system/df`, shared by everyone who asks while one runs: the engine refuses a second concurrent call
 * ("a disk usage operation is already running"), and views, prune plans and disk usage ask at once.
 */
export async function systemDf(engine: Engine): Promise<DfResponse> {
  const running = dfInFlight.get(engine);
  if (running) return running;
  const docker = await engine.docker();
  const call = (docker.df() as Promise<DfResponse>).finally(() => dfInFlight.delete(engine));
  dfInFlight.set(engine, call);
  return call;
}

/** Unique vs shared bytes per image come only from /system/df (listImages answers -1). Best effort. */
async function addSharedSizes(engine: Engine, images: ImageItem[]): Promise<void> {
  const df = await systemDf(engine).catch(() => undefined);
  const shared = new Map((df?.Images ?? []).map(i => [i.Id, i.SharedSize]));
  for (const img of images) {
    const s = shared.get(img.id);
    if (s !== undefined && s >= 0) img.sharedSize = s;
  }
}

/**
 * The engine's refusal to remove an image, as a sentence saying what holds it: a container using it,
 * other tags (a reference removal only untags), or child images built on it.
 */
export function explainImageRemoveConflict(ref: string, detail: string): string {
  const container = /(?:container ([0-9a-f]{12,64}) is using|being used by (?:stopped |running )?container ([0-9a-f]{12,64}))/.exec(detail);
  if (container) return `Cannot remove image ${ref}: it is used by container ${(container[1] ?? container[2]).slice(0, 12)} (stopped containers count too). Stop and remove the containers using it first.`;
  if (/dependent child images/.test(detail)) return `${ref} cannot be removed: other images were built on top of it (dependent child images). Remove those images first.`;
  if (/referenced in multiple repositories/.test(detail)) return `${ref} has several tags: remove a tag (repo:tag) to untag it; the image goes with its last tag.`;
  return `Cannot remove ${ref}: ${detail}`;
}

/** Removes an image reference; says whether only a tag went (the image keeps other tags) or the image too. */
export async function removeImage(engine: Engine, id: string, options: { force?: boolean } = {}): Promise<RemoveImageResult> {
  const docker = await engine.docker();
  try {
    const res = await docker.getImage(id).remove({ force: options.force ?? false }) as Array<{ Untagged?: string; Deleted?: string }> | undefined;
    return {
      untagged: (res ?? []).map(r => r.Untagged).filter((u): u is string => !!u),
      deleted: (res ?? []).map(r => r.Deleted).filter((d): d is string => !!d),
    };
  } catch (err) {
    const e = err as { statusCode?: number; json?: { message?: string }; message: string };
    const detail = e.json?.message ?? e.message;
    if (e.statusCode === 409) throw new Error(explainImageRemoveConflict(id, detail));
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

export interface DfResponse {
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
  try { return diskUsageFromDf(await systemDf(engine)); } catch (err) { throw engine.noteFailure(err); }
}

/** What pruneImages would remove: dangling images (or, with all, every image no container uses, stopped ones included). */
export async function previewPrune(engine: Engine, options: { all?: boolean } = {}): Promise<PrunePreview> {
  const all = options.all ?? false;
  const docker = await engine.docker();
  const [images, df] = await Promise.all([allImages(engine), systemDf(engine).catch(() => undefined)]);
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
