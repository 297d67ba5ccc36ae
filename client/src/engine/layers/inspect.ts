// Layer contents of an image on the engine: export it as a stream, decode every layer, stack them,
// and cache the result by image ID. Progress and cancel for large images.
import { Readable } from 'stream';
import { describeEndpoint, Engine } from '../connection';
import { sameCommand } from '../history';
import { cleanCreatedBy } from '../layerText';
import { BuildRecord } from '../types';
import { analyzeLayers } from './analysis';
import { CONTENTS_VERSION, defaultCacheDir, readCached, writeCached } from './cache';
import { ExportFormatError, ImageConfig, readImageExport } from './exportArchive';
import { ImageContents, InspectProgress } from './types';

const PROGRESS_BYTES = 4 * 1024 * 1024;

export interface InspectOptions {
  signal?: AbortSignal;
  /**
   * Called after each layer (awaited: a promise holds the stream back) and every 4 MB within a layer
   * (not awaited). Throttle display updates in the caller.
   */
  onProgress?(progress: InspectProgress): void | Promise<void>;
  /** Cache folder; default defaultCacheDir(); false = neither read nor write the cache. */
  cacheDir?: string | false;
  /** Maps layers to Dockerfile lines: the build record of this image, or where to find it. */
  record?: BuildRecord;
  records?: { findByImage(imageId: string): BuildRecord | undefined };
}

/** A failure the user can act on; the message names the image and says that nothing was cached. */
export class InspectError extends Error {
  constructor(message: string, readonly kind: 'not-found' | 'removed' | 'format' | 'cancelled' | 'engine') { super(message); }
}

interface ImageInspect { Id: string; Size?: number; Os?: string; Architecture?: string; Variant?: string; RootFS?: { Layers?: string[] } }

export async function inspectImage(engine: Engine, ref: string, options: InspectOptions = {}): Promise<ImageContents> {
  const docker = await engine.docker();
  const image = docker.getImage(ref);
  const info = await call(engine, ref, () => image.inspect() as Promise<ImageInspect>);
  const record = options.record ?? options.records?.findByImage(info.Id);
  const cacheDir = options.cacheDir === false ? undefined : options.cacheDir ?? defaultCacheDir();
  const cached = cacheDir ? await readCached(cacheDir, info.Id) : undefined;
  if (cached) return withRecordLines({ ...cached, image: ref }, record);

  throwIfAborted(options.signal, ref);
  const progress: InspectProgress = { bytesRead: 0, totalBytes: info.Size ?? 0, layersRead: 0, layerCount: info.RootFS?.Layers?.length ?? 0 };
  let stream: Readable;
  // Export by ID: a tag moved to another image while we read must not mix two images.
  try { stream = await docker.getImage(info.Id).get() as unknown as Readable; } catch (err) { throw failure(engine, ref, err); }
  let exported;
  let reported = 0;
  try {
    exported = await readImageExport(stream, {
      imageId: info.Id,
      signal: options.signal,
      onBytes: n => {
        progress.bytesRead += n;
        if (progress.bytesRead - reported >= PROGRESS_BYTES) {
          reported = progress.bytesRead;
          void Promise.resolve(options.onProgress?.({ ...progress })).catch(() => undefined);
        }
      },
      onLayer: layersRead => { progress.layersRead = layersRead; return options.onProgress?.({ ...progress }); },
    });
  } catch (err) {
    if (options.signal?.aborted) throw new InspectError(`Reading the layers of ${ref} was cancelled; nothing was cached.`, 'cancelled');
    await throwIfRemoved(engine, ref, info.Id);
    if (err instanceof ExportFormatError) throw new InspectError(`Cannot read the layers of ${ref}: ${err.message}. Nothing was cached.`, 'format');
    throw failure(engine, ref, err);
  } finally {
    stream.destroy();
  }
  // The engine may finish an export of an image removed meanwhile; say so rather than cache a ghost.
  await throwIfRemoved(engine, ref, info.Id);
  const expected = info.RootFS?.Layers;
  const diffIds = exported.config.rootfs?.diff_ids ?? [];
  if (exported.layers.length !== diffIds.length || (expected && expected.length !== exported.layers.length)) {
    throw new InspectError(`Cannot read the layers of ${ref}: the export holds ${exported.layers.length} layers but the image has ${expected?.length ?? diffIds.length}. Nothing was cached.`, 'format');
  }
  const contents = contentsOf(ref, info.Id, exported.config, exported.layers);
  // A cancel that came after the export's last byte (from the last progress report, say) still
  // cancels: the caller was told nothing is cached, so nothing is.
  throwIfAborted(options.signal, ref);
  if (cacheDir) await writeCached(cacheDir, contents);
  return withRecordLines(contents, record);
}

/** The analysis of decoded layers, as it is cached (without Dockerfile lines: those come from the records). */
export function contentsOf(ref: string, imageId: string, config: ImageConfig, scans: Parameters<typeof analyzeLayers>[0][number]['scan'][]): ImageContents {
  // Each layer's step in the history (which also lists the steps that made no layer).
  const history = config.history ?? [];
  const steps = history.map((h, i) => ({ h, i })).filter(s => !s.h.empty_layer);
  const aligned = steps.length === scans.length;
  const diffIds = config.rootfs?.diff_ids ?? [];
  const analysis = analyzeLayers(scans.map((scan, i) => ({
    scan,
    id: diffIds[i] ?? '',
    createdBy: aligned ? cleanCreatedBy(steps[i].h.created_by ?? '') || steps[i].h.comment || '' : '',
    ...(aligned ? { step: steps[i].i } : {}),
  })));
  const platform = [config.os || 'unknown', config.architecture || 'unknown', config.variant].filter(Boolean).join('/');
  return { version: CONTENTS_VERSION, image: ref, imageId, historyLength: history.length, platform, ...analysis };
}

/**
 * The Dockerfile line of each layer from the build record of the image. Records list the history
 * newest first (steps without a layer too); a layer's step counts from the oldest entry.
 */
export function withRecordLines(contents: ImageContents, record: BuildRecord | undefined): ImageContents {
  if (!record || record.imageId !== contents.imageId) return contents;
  const n = contents.historyLength;
  return {
    ...contents,
    layers: contents.layers.map(l => {
      const r = l.step !== undefined ? record.layers[n - 1 - l.step] : undefined;
      return r && sameCommand(cleanCreatedBy(r.createdBy), l.createdBy) ? { ...l, line: r.line } : l;
    }),
  };
}

async function call<T>(engine: Engine, ref: string, fn: () => Promise<T>): Promise<T> {
  try { return await fn(); } catch (err) { throw failure(engine, ref, err); }
}

function failure(engine: Engine, ref: string, err: unknown): Error {
  if (err instanceof InspectError) return err;
  if ((err as { statusCode?: number }).statusCode === 404) {
    return new InspectError(`No image "${ref}" on the Docker engine at ${describeEndpoint(engine.endpoint)}.`, 'not-found');
  }
  const noted = engine.noteFailure(err);
  if (noted !== err) return noted;
  return new InspectError(`Reading the layers of ${ref} failed: ${(err as Error)?.message ?? String(err)}. Nothing was cached.`, 'engine');
}

async function throwIfRemoved(engine: Engine, ref: string, imageId: string): Promise<void> {
  let exists = true;
  try { await (await engine.docker()).getImage(imageId).inspect(); } catch (err) { exists = (err as { statusCode?: number }).statusCode !== 404; }
  if (!exists) throw new InspectError(`Image ${ref} was removed while Layerwise was reading its layers; nothing was cached.`, 'removed');
}

function throwIfAborted(signal: AbortSignal | undefined, ref: string): void {
  if (signal?.aborted) throw new InspectError(`Reading the layers of ${ref} was cancelled; nothing was cached.`, 'cancelled');
}
