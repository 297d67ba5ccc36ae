// Shared by push and pull: one progress summary over the engine's per-layer JSON events, and the
// engine's registry error strings turned into sentences a user can act on.

export interface TransferProgress {
  /** Layers the engine has announced so far. */
  layers: number;
  /** Layers finished (sent/received, or already there). */
  done: number;
  /** Of `done`: layers the other side already had ("Layer already exists", "Already exists", "Mounted from"). */
  existing: number;
  bytesDone: number;
  bytesTotal: number;
  /** "3 of 7 layers pushed, 41 MB/112 MB". */
  text: string;
}

export interface TransferEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  aux?: { Tag?: string; Digest?: string; Size?: number };
  error?: string;
  errorDetail?: { message?: string };
}

interface LayerState { current: number; total: number; done: boolean; existing: boolean }

export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, '')} ${units[unit]}`;
}

/** Folds a push or pull event stream into layer counts and bytes. */
export class TransferTracker {
  private readonly layers = new Map<string, LayerState>();
  digest?: string;
  /** The engine lost the registry and retries a layer ("Retrying in 5 seconds"): seconds until the retry. */
  retryingIn?: number;

  constructor(private readonly verb: 'pushed' | 'pulled') {}

  /** Returns true when the event changed the summary. */
  add(event: TransferEvent): boolean {
    if (event.aux?.Digest) this.digest = event.aux.Digest;
    const status = event.status ?? '';
    const digestLine = /^Digest: (sha256:[0-9a-f]{64})/.exec(status);
    if (digestLine) { this.digest = digestLine[1]; return false; }
    const retry = /^Retrying in (\d+) seconds?/.exec(status);
    if (retry) { this.retryingIn = Number(retry[1]); return true; }
    if (/^(Pushing|Downloading|Pushed|Pull complete)/.test(status)) this.retryingIn = undefined;
    const id = event.id;
    // Events without a layer-looking id are about the whole image ("The push refers to …", "latest: Pulling from …").
    if (!id || !/^[0-9a-f]{12,64}$/.test(id)) return false;
    const layer = this.layers.get(id) ?? { current: 0, total: 0, done: false, existing: false };
    this.layers.set(id, layer);
    if (/^(Layer already exists|Already exists|Mounted from)/.test(status)) {
      layer.done = true; layer.existing = true;
    } else if (/^(Pushed|Pull complete)$/.test(status)) {
      layer.done = true;
      if (layer.total) layer.current = layer.total;
    } else if (/^(Pushing|Downloading)$/.test(status) && event.progressDetail) {
      // The engine's `current` can run past `total` while pushing (compression): cap it.
      layer.total = Math.max(layer.total, event.progressDetail.total ?? 0);
      layer.current = Math.min(event.progressDetail.current ?? 0, layer.total || Infinity);
    } else if (status === 'Download complete' && layer.total) {
      layer.current = layer.total;
    }
    return true;
  }

  get progress(): TransferProgress {
    let done = 0, existing = 0, bytesDone = 0, bytesTotal = 0;
    for (const l of this.layers.values()) {
      if (l.done) done++;
      if (l.existing) existing++;
      if (!l.existing) { bytesDone += l.current; bytesTotal += l.total; }
    }
    const layers = this.layers.size;
    const already = existing ? ` (${existing} already there)` : '';
    const bytes = bytesTotal ? `, ${formatSize(bytesDone)}/${formatSize(bytesTotal)}` : '';
    const retrying = this.retryingIn !== undefined ? ` — connection to the registry lost, retrying in ${this.retryingIn} s` : '';
    return { layers, done, existing, bytesDone, bytesTotal, text: `${done} of ${layers} layer${layers === 1 ? '' : 's'} ${this.verb}${already}${bytes}${retrying}` };
  }
}

export type TransferErrorKind = 'not-logged-in' | 'unauthorized' | 'denied' | 'not-found' | 'invalid-reference' | 'platform' | 'unreachable' | 'tls' | 'cancelled' | 'interrupted' | 'other';

export class TransferError extends Error {
  constructor(message: string, readonly kind: TransferErrorKind) { super(message); }
}

/** An engine/registry error string (stream `error`, or an HTTP error's message) → an actionable TransferError. */
export function transferError(raw: string, action: 'push' | 'pull', registry: string, ref: string): TransferError {
  const msg = raw.replace(/^\(HTTP code \d+\)\s*[\w ]*-\s*/, '').trim();
  const lower = msg.toLowerCase();
  const loginHint = `Log in to ${registry} first (Registries view → Log In, or docker login ${registry}).`;
  if (lower.includes('no basic auth credentials')) return new TransferError(`Cannot ${action} ${ref}: not logged in to ${registry}. ${loginHint}`, 'not-logged-in');
  if (/denied|insufficient_scope|requested access to the resource is denied|forbidden/.test(lower)) {
    return new TransferError(`Cannot ${action} ${ref}: ${registry} denied access — the account has no ${action} permission for this repository (or it does not exist).`, 'denied');
  }
  if (/unauthorized|authentication required|incorrect username or password|401/.test(lower)) {
    return new TransferError(`Cannot ${action} ${ref}: ${registry} rejected the credentials (wrong user name or password, or not logged in). ${loginHint}`, 'unauthorized');
  }
  if (/x509|certificate|tls:|tls handshake|server gave http response to https client/.test(lower)) {
    return new TransferError(`Cannot ${action} ${ref}: TLS with ${registry} failed (${msg}). If the registry uses plain HTTP or a private CA, configure it as an insecure registry or install the CA for the engine.`, 'tls');
  }
  if (/connection refused|no such host|dial tcp|i\/o timeout|network is unreachable|no route to host|connection reset|eof$/.test(lower)) {
    return new TransferError(`Cannot ${action} ${ref}: the registry ${registry} is not reachable from the engine (${msg}).`, 'unreachable');
  }
  if (/no matching manifest for|does not match the specified platform/.test(lower)) {
    return new TransferError(`Cannot ${action} ${ref}: ${registry} has no image for that platform (${msg}). Pick the engine default or a platform the image was built for.`, 'platform');
  }
  if (/invalid reference format|invalid tag|repository name must/.test(lower)) {
    return new TransferError(`Cannot ${action} ${ref}: the name is not a valid image reference (${msg}).`, 'invalid-reference');
  }
  if (/does not exist locally|no such image|not found|manifest unknown|name unknown/.test(lower)) {
    return new TransferError(action === 'push'
      ? `Cannot push ${ref}: no local image has that name. Tag an image with it first.`
      : `Cannot pull ${ref}: ${registry} has no such image or tag (${msg}).`, 'not-found');
  }
  return new TransferError(`Cannot ${action} ${ref}: ${msg}`, 'other');
}

/**
 * Reads a newline-delimited JSON progress stream; resolves when it ends. Cancels through `signal`
 * by destroying the stream (the engine stops the transfer when the connection closes).
 */
export function readEventStream(stream: NodeJS.ReadableStream, onEvent: (event: TransferEvent) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err); else resolve();
    };
    const onAbort = () => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      finish(new TransferError('Cancelled.', 'cancelled'));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer | string) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        let event: TransferEvent;
        try { event = JSON.parse(line) as TransferEvent; } catch { continue; }
        try { onEvent(event); } catch (err) {
          finish(err as Error);
          (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
          return;
        }
      }
    });
    stream.on('end', () => {
      const line = buffer.trim();
      if (line) { try { onEvent(JSON.parse(line) as TransferEvent); } catch (err) { if (err instanceof TransferError) return finish(err); } }
      finish();
    });
    stream.on('error', err => finish(signal?.aborted ? new TransferError('Cancelled.', 'cancelled') : err));
    stream.on('close', () => finish(settled ? undefined : new TransferError('The connection to the engine closed before the transfer finished.', 'interrupted')));
  });
}
