// `docker save` / `docker load` through the engine: a tar written to a partial file first (removed on
// failure or cancel, renamed when complete), and loads that report the names the engine loaded.
import * as fs from 'fs';
import { pipeline } from 'stream/promises';
import { Transform } from 'stream';
import { Engine } from './connection';
import { TransferError } from './transfer';

export interface ArchiveProgress {
  bytes: number;
  /** An estimate for save (the images' sizes), the file size for load. */
  totalBytes?: number;
}

export interface SaveOptions { signal?: AbortSignal; onProgress?(progress: ArchiveProgress): void }
export interface SaveResult { file: string; bytes: number; images: string[] }

export interface LoadOptions { signal?: AbortSignal; onProgress?(progress: ArchiveProgress): void }
export interface LoadResult { loaded: string[]; bytes: number }

function counter(onBytes: (n: number) => void): Transform {
  let n = 0;
  return new Transform({ transform(chunk: Buffer, _enc, done) { n += chunk.length; onBytes(n); done(null, chunk); } });
}

/** Saves `refs` (names or ids) into one tar at `file`. Nothing is left at `file` unless the whole tar arrived. */
export async function saveImages(engine: Engine, refs: string[], file: string, options: SaveOptions = {}): Promise<SaveResult> {
  if (!refs.length) throw new TransferError('Pick at least one image to save.', 'other');
  const docker = await engine.docker();
  let total = 0;
  for (const ref of refs) {
    try { total += (await docker.getImage(ref).inspect()).Size ?? 0; } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) throw new TransferError(`Cannot save: no image ${ref} on this engine.`, 'not-found');
      throw engine.noteFailure(err);
    }
  }
  const partial = `${file}.partial`;
  let bytes = 0;
  try {
    const stream = await (docker as unknown as { getImages(o: object): Promise<unknown> }).getImages({ names: refs, abortSignal: options.signal } as never) as unknown as NodeJS.ReadableStream;
    await pipeline(stream, counter(n => { bytes = n; options.onProgress?.({ bytes, totalBytes: total || undefined }); }), fs.createWriteStream(partial, { mode: 0o644 }), { signal: options.signal });
    await fs.promises.rename(partial, file);
  } catch (err) {
    await fs.promises.rm(partial, { force: true });
    if (options.signal?.aborted) throw new TransferError('Save cancelled; the partial file was removed.', 'cancelled');
    const e = err as NodeJS.ErrnoException & { statusCode?: number; json?: { message?: string } };
    if (e.code === 'ENOSPC') throw new TransferError(`Cannot save to ${file}: the disk is full. The partial file was removed.`, 'other');
    if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'ENOENT' || e.code === 'EISDIR') throw new TransferError(`Cannot write ${file}: ${e.message}.`, 'other');
    if (e.statusCode) throw new TransferError(`The engine could not save ${refs.join(', ')}: ${e.json?.message ?? e.message}`, 'other');
    throw new TransferError(`Saving was interrupted (${engine.noteFailure(err).message}); the partial file was removed.`, 'interrupted');
  }
  return { file, bytes, images: refs };
}

/** Loads a tar made by `docker save` (or saveImages); resolves with the names (or ids) the engine loaded. */
export async function loadImages(engine: Engine, file: string, options: LoadOptions = {}): Promise<LoadResult> {
  let size: number;
  try { size = (await fs.promises.stat(file)).size; } catch (err) {
    throw new TransferError(`Cannot read ${file}: ${(err as Error).message}.`, 'not-found');
  }
  const docker = await engine.docker();
  const input = fs.createReadStream(file);
  let bytes = 0;
  const counted = input.pipe(counter(n => { bytes = n; options.onProgress?.({ bytes, totalBytes: size }); }));
  const onAbort = () => input.destroy();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const loaded: string[] = [];
  let failure: string | undefined;
  try {
    const res = await docker.loadImage(counted as never, { quiet: true, abortSignal: options.signal } as never) as unknown as NodeJS.ReadableStream;
    let buffer = '';
    const take = (line: string) => {
      if (!line.trim()) return;
      let event: { stream?: string; error?: string; errorDetail?: { message?: string } };
      try { event = JSON.parse(line); } catch { return; }
      if (event.error || event.errorDetail?.message) failure = event.errorDetail?.message ?? event.error;
      for (const m of (event.stream ?? '').matchAll(/Loaded image(?: ID)?: (\S+)/g)) loaded.push(m[1]);
    };
    await new Promise<void>((resolve, reject) => {
      res.on('data', (c: Buffer) => {
        buffer += c.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) { take(buffer.slice(0, nl)); buffer = buffer.slice(nl + 1); }
      });
      res.on('end', () => { take(buffer); resolve(); });
      res.on('error', reject);
    });
  } catch (err) {
    if (options.signal?.aborted) throw new TransferError('Load cancelled; nothing was loaded unless the engine had read the whole file.', 'cancelled');
    const e = err as { statusCode?: number; json?: { message?: string }; message: string };
    if (e.statusCode) throw new TransferError(`The engine could not load ${file}: ${e.json?.message ?? e.message}`, 'other');
    throw new TransferError(`Loading was interrupted: ${engine.noteFailure(err).message}`, 'interrupted');
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw new TransferError(`The engine could not load ${file}: ${failure}`, 'other');
  return { loaded, bytes };
}
