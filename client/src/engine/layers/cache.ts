// Finished analyses on disk, one JSON file per image ID. An image ID is the digest of its config, which
// names its layers, so a cached analysis never goes stale. Only complete analyses are written (to a
// temp file, then renamed), so a cancelled or failed read never leaves something that looks complete.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ImageContents } from './types';

/** Bumped when the analysis changes shape or meaning; files of other versions are ignored. */
export const CONTENTS_VERSION = 2;

/**
 * `LAYERWISE_CACHE_DIR`, else the per-user cache folder: `$XDG_CACHE_HOME/layerwise/layers` (default
 * `~/.cache/…`) on Linux, `~/Library/Caches/layerwise/layers` on macOS, `%LOCALAPPDATA%\layerwise\Cache\layers` on Windows.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.LAYERWISE_CACHE_DIR) return env.LAYERWISE_CACHE_DIR;
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'layerwise', 'Cache', 'layers');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'layerwise', 'layers');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'layerwise', 'layers');
}

const fileFor = (dir: string, imageId: string) => path.join(dir, `${imageId.replace(/^sha256:/, '').replace(/[^0-9a-f]/gi, '')}.json`);

export async function readCached(dir: string, imageId: string): Promise<ImageContents | undefined> {
  let data: ImageContents;
  try { data = JSON.parse(await fs.promises.readFile(fileFor(dir, imageId), 'utf8')); } catch { return undefined; }
  return data && data.version === CONTENTS_VERSION && data.imageId === imageId && Array.isArray(data.layers) ? data : undefined;
}

/** Writes atomically; a cache that cannot be written only costs a re-read next time. */
export async function writeCached(dir: string, contents: ImageContents): Promise<void> {
  const file = fileFor(dir, contents.imageId);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.promises.mkdir(dir, { recursive: true });
    await fs.promises.writeFile(tmp, JSON.stringify(contents));
    await fs.promises.rename(tmp, file);
  } catch {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
  }
}
