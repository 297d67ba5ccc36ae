// Reads an image export (`docker save`, `GET /images/{name}/get`) as a stream: the classic layout
// (`<id>/layer.tar`, `<config>.json`, `manifest.json`) and the OCI layout newer engines write
// (`blobs/sha256/<digest>`, `index.json`, `manifest.json`). Layers are decoded as they pass; only
// their path metadata and the small JSON files are kept. The manifest comes last in both layouts,
// so layers are matched to their order once the whole export has been read.
import { finished, Readable } from 'stream';
import * as tar from 'tar-stream';
import * as zlib from 'zlib';
import { LayerFormatError, scanLayerTar } from './layerTar';
import { LayerScan } from './types';

/** The parts of an image config the analysis reads. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  history?: Array<{ created_by?: string; comment?: string; empty_layer?: boolean }>;
  rootfs?: { diff_ids?: string[] };
}

export interface ExportedImage {
  layout: 'docker' | 'oci';
  config: ImageConfig;
  /** Base layer first, as the manifest lists them (a layer used twice appears twice). */
  layers: LayerScan[];
}

export interface ReadExportOptions {
  /** Called as layer bytes arrive. */
  onBytes?(n: number): void;
  /** Called after each layer; awaited, so a slow consumer holds the stream back. */
  onLayer?(layersRead: number): void | Promise<void>;
  /** Prefer the manifest entry of this config digest when the export holds several images. */
  imageId?: string;
  /** Stops the read (an AbortError), also after the engine has sent its last byte. */
  signal?: AbortSignal;
}

/** The export is not an image archive we can read; the message says what is wrong. */
export class ExportFormatError extends Error {}

const JSON_LIMIT = 16 * 1024 * 1024;
const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];

const starts = (b: Buffer, magic: number[]) => b.length >= magic.length && magic.every((m, i) => b[i] === m);
const clean = (name: string) => name.split('/').filter(p => p && p !== '.').join('/');

export async function readImageExport(source: Readable, options: ReadExportOptions = {}): Promise<ExportedImage> {
  const outer = tar.extract();
  // An engine that dies mid-export may just close the connection (no 'error', no 'end'): that is a truncation too.
  finished(source, err => { if (err) outer.destroy(err); });
  source.pipe(outer);
  // Destroying only the source would not stop the tar parser once the engine has sent everything.
  const abort = () => { const e = abortError(); outer.destroy(e); source.destroy(e); };
  if (options.signal?.aborted) abort(); else options.signal?.addEventListener('abort', abort, { once: true });
  const json = new Map<string, string>();
  const scans = new Map<string, LayerScan>();
  const aliases = new Map<string, string>();
  const unreadable = new Map<string, string>();
  let layersRead = 0;
  try {
    for await (const entry of outer) {
      const name = clean(entry.header.name);
      if (entry.header.type === 'symlink' && (name.endsWith('.tar') || name.startsWith('blobs/'))) {
        // A layer stored once and linked from a second place (the same layer used twice).
        aliases.set(name, clean(joinRelative(name, entry.header.linkname ?? '')));
        await drain(entry);
        continue;
      }
      if (entry.header.type !== 'file' && entry.header.type !== 'contiguous-file') { await drain(entry); continue; }
      const isLayerName = /(^|\/)layer\.tar$|\.tar$|\.tar\.gz$|\.tgz$/.test(name);
      const isJsonName = name.endsWith('.json') || name === 'repositories';
      if (!isLayerName && !isJsonName && !name.startsWith('blobs/')) { await drain(entry); continue; }
      const { first, rest } = await peek(entry);
      if (!isLayerName && first.length && first[0] === 0x7b /* { */) {
        if ((entry.header.size ?? 0) > JSON_LIMIT) { await drain(rest); continue; }
        json.set(name, await text(rest));
        continue;
      }
      if (isJsonName) { json.set(name, await text(rest)); continue; }
      if (starts(first, ZSTD)) throw new ExportFormatError(`layer ${shortName(name)} is zstd-compressed, which Layerwise cannot read yet`);
      let layer: Readable = rest;
      if (starts(first, GZIP)) layer = rest.pipe(zlib.createGunzip());
      countBytes(rest, options.onBytes);
      try {
        scans.set(name, await scanLayerTar(layer));
      } catch (err) {
        if (!(err instanceof LayerFormatError)) throw err;
        const message = `layer ${shortName(name)} cannot be read: ${err.message}`;
        if (isLayerName) throw new ExportFormatError(message);
        // An OCI blob that is no tar may be no layer either (a signature, an SBOM): it matters only if
        // the manifest lists it as a layer. Skip the rest of it and go on.
        unreadable.set(name, message);
        rest.unpipe();
        if (layer !== rest) layer.destroy();
        await drain(rest);
        continue;
      }
      layersRead++;
      await options.onLayer?.(layersRead);
    }
    if (options.signal?.aborted) throw abortError();
  } catch (err) {
    if (err instanceof ExportFormatError || (err as Error)?.name === 'AbortError') throw err;
    const message = (err as Error)?.message ?? String(err);
    if (/unexpected end|premature|aborted|ECONNRESET|socket hang up/i.test(message)) throw new ExportFormatError('the image export ended early (truncated)');
    if (/invalid tar header|checksum/i.test(message)) throw new ExportFormatError('the image export is not a valid tar archive');
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  return assemble(json, scans, aliases, unreadable, options.imageId);
}

const abortError = () => Object.assign(new Error('cancelled'), { name: 'AbortError' });

function assemble(json: Map<string, string>, scans: Map<string, LayerScan>, aliases: Map<string, string>, unreadable: Map<string, string>, imageId?: string): ExportedImage {
  const parse = (name: string): any => {
    const t = json.get(name);
    if (t === undefined) return undefined;
    try { return JSON.parse(t); } catch { throw new ExportFormatError(`${name} in the image export is not valid JSON`); }
  };
  let configName: string | undefined;
  let layerNames: string[] | undefined;
  const manifest = parse('manifest.json');
  const layout: ExportedImage['layout'] = json.has('index.json') ? 'oci' : 'docker';
  if (Array.isArray(manifest) && manifest.length) {
    const hex = imageId?.replace(/^sha256:/, '');
    const pick = (hex && manifest.find((m: any) => typeof m?.Config === 'string' && m.Config.includes(hex))) || manifest[0];
    configName = clean(String(pick?.Config ?? ''));
    layerNames = Array.isArray(pick?.Layers) ? pick.Layers.map((l: unknown) => clean(String(l))) : undefined;
  } else {
    // OCI only: index.json → image manifest blob → config and layer blobs.
    const index = parse('index.json');
    const digest = index?.manifests?.[0]?.digest;
    const imageManifest = typeof digest === 'string' ? parse(blobName(digest)) : undefined;
    if (imageManifest?.config?.digest) configName = blobName(imageManifest.config.digest);
    if (Array.isArray(imageManifest?.layers)) layerNames = imageManifest.layers.map((l: any) => blobName(String(l?.digest)));
  }
  if (!configName || !layerNames) throw new ExportFormatError('the image export has no manifest (manifest.json or index.json): it is incomplete');
  const config = parse(configName) as ImageConfig | undefined;
  if (!config) throw new ExportFormatError(`the image export lists the config ${shortName(configName)} but does not contain it`);
  const layers = layerNames.map(name => {
    let resolved = name;
    for (let hops = 0; aliases.has(resolved) && hops < 8; hops++) resolved = aliases.get(resolved)!;
    const scan = scans.get(resolved);
    if (!scan) throw new ExportFormatError(unreadable.get(resolved) ?? `the image export lists layer ${shortName(name)} but does not contain it`);
    return scan;
  });
  return { layout, config, layers };
}

const blobName = (digest: string) => 'blobs/' + digest.replace(':', '/');
const shortName = (name: string) => name.replace(/([0-9a-f]{12})[0-9a-f]{52}/g, '$1');

function joinRelative(from: string, link: string): string {
  if (link.startsWith('/')) return link;
  const parts = from.split('/').slice(0, -1);
  for (const p of link.split('/')) {
    if (p === '..') parts.pop(); else if (p && p !== '.') parts.push(p);
  }
  return parts.join('/');
}

/** The first chunk of an entry (to tell JSON, gzip and tar apart) and a stream of the whole entry. */
async function peek(entry: AsyncIterable<unknown>): Promise<{ first: Buffer; rest: Readable }> {
  const it = entry[Symbol.asyncIterator]();
  const head = await it.next();
  const first = head.done ? Buffer.alloc(0) : head.value as Buffer;
  async function* all() {
    if (first.length) yield first;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value as Buffer;
  }
  return { first, rest: Readable.from(all(), { objectMode: false }) };
}

function countBytes(stream: Readable, onBytes?: (n: number) => void): void {
  if (onBytes) stream.on('data', (chunk: Buffer) => onBytes(chunk.length));
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    n += (c as Buffer).length;
    if (n > JSON_LIMIT) throw new ExportFormatError('a metadata file in the image export is implausibly large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) { /* discard */ }
}
