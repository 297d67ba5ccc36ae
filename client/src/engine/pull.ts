// Pull through the engine, optionally for another platform, with per-layer progress and the pulled digest.
import { Engine } from './connection';
import { RegistryCredentials, engineAuthConfig } from './credentials';
import { parseReference } from './reference';
import { validateImageReference } from './run';
import { TransferError, TransferProgress, TransferTracker, readEventStream, transferError } from './transfer';

export interface PullOptions {
  credentials?: RegistryCredentials;
  /** `linux/amd64`, `linux/arm64/v8`; empty = the engine's own platform. */
  platform?: string;
  signal?: AbortSignal;
  onProgress?(progress: TransferProgress): void;
}

export interface PullResult {
  ref: string;
  registry: string;
  digest?: string;
  /** The local image id the name now points at. */
  imageId?: string;
  /** `os/arch` of what arrived. */
  platform?: string;
  /**
   * A platform was asked for but the image is for another one: older engines (20.10) pull a
   * single-platform image whatever the request says. A sentence for the user.
   */
  platformMismatch?: string;
  progress: TransferProgress;
}

export const COMMON_PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/386', 'linux/ppc64le', 'linux/s390x', 'windows/amd64'];

export function validatePlatform(platform: string): string | undefined {
  if (!platform.trim()) return undefined;
  return /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(platform.trim()) ? undefined : `"${platform}" is not a platform; use os/arch[/variant], e.g. linux/arm64.`;
}

export async function pullImage(engine: Engine, ref: string, options: PullOptions = {}): Promise<PullResult> {
  const bad = validateImageReference(ref) ?? validatePlatform(options.platform ?? '');
  if (bad) throw new TransferError(bad, 'invalid-reference');
  const source = parseReference(ref);
  const full = source.digest ? `${source.name}@${source.digest}` : `${source.name}:${source.tag ?? 'latest'}`;
  const docker = await engine.docker();
  const tracker = new TransferTracker('pulled');
  let stream: NodeJS.ReadableStream;
  try {
    const query: Record<string, unknown> = {
      fromImage: source.name, tag: source.digest ?? source.tag ?? 'latest',
      authconfig: engineAuthConfig(source.registry, options.credentials), abortSignal: options.signal,
    };
    if (options.platform?.trim()) query.platform = options.platform.trim();
    stream = await docker.createImage(query as never) as unknown as NodeJS.ReadableStream;
  } catch (err) {
    if (options.signal?.aborted) throw new TransferError('Pull cancelled.', 'cancelled');
    const e = err as { statusCode?: number; json?: { message?: string }; message: string };
    if (!e.statusCode) throw engine.noteFailure(err);
    throw transferError(e.json?.message ?? e.message, 'pull', source.registry, full);
  }
  await readEventStream(stream, event => {
    const error = event.errorDetail?.message ?? event.error;
    if (error) throw transferError(error, 'pull', source.registry, full);
    if (tracker.add(event)) options.onProgress?.(tracker.progress);
  }, options.signal).catch(err => {
    if (err instanceof TransferError && err.kind === 'cancelled') throw new TransferError(`Pull of ${full} cancelled.`, 'cancelled');
    if (err instanceof TransferError) throw err;
    throw transferError((err as Error).message, 'pull', source.registry, full);
  });
  let imageId: string | undefined;
  let platform: string | undefined;
  try {
    const info = await docker.getImage(full).inspect() as { Id: string; Os?: string; Architecture?: string; Variant?: string };
    imageId = info.Id;
    if (info.Os && info.Architecture) platform = [info.Os, info.Architecture, info.Variant].filter(Boolean).join('/');
  } catch { /* reported as absent */ }
  const wanted = options.platform?.trim();
  const platformMismatch = wanted && platform && !platform.startsWith(wanted.split('/').slice(0, 2).join('/'))
    ? `${full} is only available for ${platform}; the engine pulled that instead of ${wanted}.` : undefined;
  return { ref: full, registry: source.registry, digest: tracker.digest, imageId, platform, platformMismatch, progress: tracker.progress };
}
