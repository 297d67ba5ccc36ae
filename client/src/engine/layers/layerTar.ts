// Decodes one layer tar into path metadata: whiteouts become removals, file contents are hashed and dropped.
import { createHash } from 'crypto';
import { finished, Readable } from 'stream';
import * as tar from 'tar-stream';
import { LayerEntry, LayerScan } from './types';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** A layer whose tar cannot be read: the message says which layer and why. */
export class LayerFormatError extends Error {}

/** `./usr/bin/` → `/usr/bin`; undefined for the root itself. Refuses `..` (a tar that escapes its root). */
export function layerPath(name: string): string | undefined {
  const parts = name.split('/').filter(p => p && p !== '.');
  if (parts.includes('..')) throw new LayerFormatError(`entry "${name}" points outside the layer`);
  return parts.length ? '/' + parts.join('/') : undefined;
}

/** The entry a tar header stands for, with overlay whiteouts (`.wh.name`, `.wh..wh..opq`) made explicit. */
export function entryOf(header: tar.Header): LayerEntry | undefined {
  const path = layerPath(header.name);
  if (!path) return undefined;
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash) || '/';
  const base = path.slice(slash + 1);
  const meta = { mode: header.mode ?? 0, uid: header.uid ?? 0, gid: header.gid ?? 0 };
  if (base === OPAQUE) return { path: dir, type: 'opaque', size: 0, ...meta };
  if (base.startsWith(WHITEOUT)) return { path: (dir === '/' ? '' : dir) + '/' + base.slice(WHITEOUT.length), type: 'whiteout', size: 0, ...meta };
  switch (header.type) {
    case 'file': case 'contiguous-file': return { path, type: 'file', size: header.size ?? 0, ...meta };
    case 'directory': return { path, type: 'dir', size: 0, ...meta };
    // The engine counts a symlink by its target's length (lstat size); a hard link adds no bytes.
    case 'symlink': return { path, type: 'symlink', size: Buffer.byteLength(header.linkname ?? ''), ...meta };
    case 'link': {
      const target = header.linkname ? layerPath(header.linkname) : undefined;
      return { path, type: 'link', size: 0, ...meta, ...(target ? { linkTarget: target } : {}) };
    }
    default: return { path, type: 'other', size: 0, ...meta };
  }
}

/**
 * Reads a layer tar to its end, keeping one small record per entry. File contents are hashed as they
 * stream past and never kept, so memory depends on the number of files, not their size.
 */
export async function scanLayerTar(source: Readable, onBytes?: (n: number) => void): Promise<LayerScan> {
  const extract = tar.extract();
  const entries: LayerEntry[] = [];
  let tarBytes = 0;
  source.on('data', (chunk: Buffer) => { tarBytes += chunk.length; onBytes?.(chunk.length); });
  finished(source, err => { if (err) extract.destroy(err); });
  source.pipe(extract);
  try {
    for await (const stream of extract) {
      const entry = entryOf(stream.header);
      if (entry?.type === 'file' && entry.size > 0) {
        const hash = createHash('sha1');
        for await (const chunk of stream) hash.update(chunk as Buffer);
        entry.hash = hash.digest('hex');
      } else {
        stream.resume();
        await new Promise<void>((resolve, reject) => { stream.on('end', resolve); stream.on('error', reject); });
      }
      if (entry) entries.push(entry);
    }
  } catch (err) {
    if (err instanceof LayerFormatError) throw err;
    throw new LayerFormatError(describeTarError(err));
  }
  return { entries, tarBytes };
}

function describeTarError(err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  if (/unexpected end|premature|aborted/i.test(message)) return 'the layer ends early (truncated)';
  if (/invalid tar header|checksum/i.test(message)) return 'the layer is not a valid tar (corrupt header)';
  return message;
}
