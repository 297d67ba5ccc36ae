// Tag and push through the engine, with per-layer progress folded into one summary and the pushed digest.
import { Engine } from './connection';
import { RegistryCredentials, engineAuthConfig } from './credentials';
import { parseReference } from './reference';
import { validateImageReference } from './run';
import { TransferError, TransferProgress, TransferTracker, readEventStream, transferError } from './transfer';

export interface PushOptions {
  credentials?: RegistryCredentials;
  signal?: AbortSignal;
  onProgress?(progress: TransferProgress): void;
}

export interface PushResult {
  ref: string;
  registry: string;
  /** `sha256:…` of the pushed manifest. */
  digest?: string;
  /** Manifest size in bytes, as the engine reports it. */
  size?: number;
  progress: TransferProgress;
}

/** Why `target` cannot be a tag to push, or undefined. */
export function validateTagTarget(target: string): string | undefined {
  const t = target.trim();
  if (t.includes('@')) return 'A tag cannot contain a digest (@sha256:…); use registry/name:tag.';
  if (/^[0-9a-f]{64}$/.test(t) || /^sha256:/.test(t)) return 'Enter a name, not an image id, e.g. localhost:5000/app:1.0.';
  return validateImageReference(t);
}

/** `docker tag SOURCE TARGET`: adds the name TARGET (registry/repo:tag) to the image SOURCE. */
export async function tagImage(engine: Engine, source: string, target: string): Promise<void> {
  const bad = validateTagTarget(target);
  if (bad) throw new TransferError(bad, 'invalid-reference');
  const ref = parseReference(target);
  const docker = await engine.docker();
  try {
    await docker.getImage(source).tag({ repo: ref.name, tag: ref.tag ?? 'latest' });
  } catch (err) {
    const e = err as { statusCode?: number; json?: { message?: string }; message: string };
    if (e.statusCode === 404) throw new TransferError(`Cannot tag: no image ${source} on this engine.`, 'not-found');
    if (e.statusCode === 400 || e.statusCode === 409) throw new TransferError(`Cannot tag ${source} as ${target}: ${e.json?.message ?? e.message}`, 'invalid-reference');
    throw engine.noteFailure(err);
  }
}

/** Pushes `ref` (registry/repo:tag) through the engine. Rejects with a TransferError the user can act on. */
export async function pushImage(engine: Engine, ref: string, options: PushOptions = {}): Promise<PushResult> {
  const bad = validateTagTarget(ref);
  if (bad) throw new TransferError(bad, 'invalid-reference');
  const target = parseReference(ref);
  const full = `${target.name}:${target.tag ?? 'latest'}`;
  const docker = await engine.docker();
  const tracker = new TransferTracker('pushed');
  let size: number | undefined;
  let stream: NodeJS.ReadableStream;
  try {
    // dockerode: without an authconfig the engine refuses the push (400 missing X-Registry-Auth), even for open registries.
    stream = await docker.getImage(target.name).push({
      tag: target.tag ?? 'latest', authconfig: engineAuthConfig(target.registry, options.credentials), abortSignal: options.signal,
    } as never) as unknown as NodeJS.ReadableStream;
  } catch (err) {
    if (options.signal?.aborted) throw new TransferError('Push cancelled.', 'cancelled');
    const e = err as { statusCode?: number; json?: { message?: string }; message: string };
    if (e.statusCode === 404) throw new TransferError(`Cannot push ${full}: no local image has that name. Tag an image with it first.`, 'not-found');
    if (!e.statusCode) throw engine.noteFailure(err);
    throw transferError(e.json?.message ?? e.message, 'push', target.registry, full);
  }
  await readEventStream(stream, event => {
    const error = event.errorDetail?.message ?? event.error;
    if (error) throw transferError(error, 'push', target.registry, full);
    if (event.aux?.Size) size = event.aux.Size;
    if (tracker.add(event)) options.onProgress?.(tracker.progress);
  }, options.signal).catch(err => {
    if (err instanceof TransferError && err.kind === 'cancelled') throw new TransferError(`Push of ${full} cancelled; layers already sent stay in the registry and are not sent again.`, 'cancelled');
    if (err instanceof TransferError) throw err;
    throw transferError((err as Error).message, 'push', target.registry, full);
  });
  return { ref: full, registry: target.registry, digest: tracker.digest, size, progress: tracker.progress };
}
