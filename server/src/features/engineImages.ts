// The engine's images as the features see them: fetched from the client on demand, kept briefly so
// a burst of keystrokes asks once, and indexed by repository for FROM completion and hover.
import { EngineImage, EngineImagesResult } from './protocol';

/** How long one answer is used: long enough for a burst of typing, short enough to see a fresh build. */
const FRESH_MS = 3000;

export interface ImageTag {
  repository: string;
  tag: string;
  image: EngineImage;
}

export class EngineImages {
  private cached?: { at: number; value: Promise<EngineImagesResult> };

  /** `fetch` asks the client; it may reject (no client handler, engine down). */
  constructor(private readonly fetch: () => Promise<EngineImagesResult>, private readonly now: () => number = Date.now) {}

  /** Every `repository:tag` on the engine, newest image first; empty when no engine answered. */
  async tags(): Promise<ImageTag[]> {
    const result = await this.result();
    if (!('images' in result)) return [];
    const out: ImageTag[] = [];
    for (const image of [...result.images].sort((a, b) => b.created - a.created)) {
      for (const rt of image.repoTags) {
        const [repository, tag] = splitRepoTag(rt);
        if (repository !== '<none>') out.push({ repository, tag, image });
      }
    }
    return out;
  }

  /** Why there are no images, when no engine answered. */
  async unavailable(): Promise<string | undefined> {
    const result = await this.result();
    return 'unavailable' in result ? result.unavailable : undefined;
  }

  /** Forget the cached answer (tests; a build finished). */
  invalidate(): void { this.cached = undefined; }

  private result(): Promise<EngineImagesResult> {
    const now = this.now();
    if (this.cached && now - this.cached.at < FRESH_MS) return this.cached.value;
    const value = this.fetch().then(
      r => (r && typeof r === 'object' && ('images' in r || 'unavailable' in r) ? sanitize(r) : { unavailable: 'the client sent no image list' }),
      (err: unknown) => ({ unavailable: err instanceof Error ? err.message : String(err) }),
    );
    this.cached = { at: now, value };
    return value;
  }
}

/** The client is trusted, but the data came from an engine: keep only well-formed entries. */
function sanitize(r: EngineImagesResult): EngineImagesResult {
  if (!('images' in r)) return { unavailable: String(r.unavailable) };
  if (!Array.isArray(r.images)) return { unavailable: 'the client sent a malformed image list' };
  return {
    images: r.images.filter(i => i && typeof i.id === 'string' && Array.isArray(i.repoTags)).map(i => ({
      id: i.id, repoTags: i.repoTags.filter(t => typeof t === 'string'),
      size: Number(i.size) || 0, created: Number(i.created) || 0,
      labels: i.labels && typeof i.labels === 'object' ? i.labels : {},
    })),
  };
}

/** `registry:5000/app:1.2` → ['registry:5000/app', '1.2']; no tag means `latest`. */
export function splitRepoTag(repoTag: string): [string, string] {
  const at = repoTag.lastIndexOf(':');
  if (at > repoTag.lastIndexOf('/')) return [repoTag.slice(0, at), repoTag.slice(at + 1)];
  return [repoTag, 'latest'];
}

/** The names Docker treats as one: `docker.io/library/node` = `library/node` = `node`. */
export function sameRepository(a: string, b: string): boolean {
  const norm = (r: string) => r.toLowerCase().replace(/^(docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
  return norm(a) === norm(b);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export function formatAge(createdSeconds: number, nowMs: number): string {
  const s = Math.max(0, Math.round(nowMs / 1000 - createdSeconds));
  if (s < 60) return 'just now';
  const table: Array<[number, string]> = [[60, 'minute'], [3600, 'hour'], [86400, 'day'], [86400 * 30, 'month'], [86400 * 365, 'year']];
  let unit = table[0];
  for (const t of table) if (s >= t[0]) unit = t;
  const n = Math.floor(s / unit[0]);
  return `${n} ${unit[1]}${n === 1 ? '' : 's'} ago`;
}
