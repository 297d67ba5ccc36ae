// The Engine: one negotiated dockerode client, its reachability, recovery and image events.
import { EventEmitter } from 'events';
import Docker from 'dockerode';
import { describeEndpoint, modemOptions, resolveEndpoint } from './endpoint';
import { Disposable, Endpoint, EngineErrorKind, EngineInfo, EngineOptions, EngineState } from './types';

export { resolveEndpoint, describeEndpoint } from './endpoint';

/** Oldest Engine API we speak (Docker 1.12). */
const MIN_API = '1.24';

export class EngineError extends Error {
  constructor(message: string, readonly kind: EngineErrorKind) { super(message); }
}

export function compareApiVersions(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 !== b1 ? a1 - b1 : (a2 || 0) - (b2 || 0);
}

/** The error for an engine whose API is older than we speak (or unknown); undefined when it is fine. */
export function apiVersionProblem(version: { ApiVersion?: string; Version?: string }, endpoint: Endpoint): EngineError | undefined {
  const api = version.ApiVersion;
  if (api && /^\d+\.\d+$/.test(api) && compareApiVersions(api, MIN_API) >= 0) return undefined;
  return new EngineError(`The Docker engine at ${describeEndpoint(endpoint)} speaks API ${api || 'unknown'} (Docker ${version.Version || '?'}); Layerwise needs API ${MIN_API} or newer. Please upgrade Docker.`, 'too-old');
}

/** A readable sentence for a failure to talk to the engine, naming the endpoint. */
export function connectionErrorMessage(err: unknown, endpoint: Endpoint, timeoutMs?: number): EngineError {
  if (err instanceof EngineError) return err;
  const e = err as NodeJS.ErrnoException & { statusCode?: number };
  const where = describeEndpoint(endpoint);
  const code = e?.code ?? '';
  if (code === 'ENOENT') return new EngineError(`Docker engine not reachable at ${where}: the socket does not exist — is Docker running?`, 'not-found');
  if (code === 'ECONNREFUSED') return new EngineError(`Docker engine not reachable at ${where}: connection refused — is it running and listening there?`, 'refused');
  if (code === 'EACCES' || code === 'EPERM') {
    return new EngineError(`Permission denied connecting to the Docker engine at ${where}. Add your user to the "docker" group (sudo usermod -aG docker $USER), then log out and in again, or use rootless Docker and point DOCKER_HOST or layerwise.docker.host at its socket (unix:///run/user/<uid>/docker.sock).`, 'permission');
  }
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || code === 'ABORT_ERR' || code === 'ETIMEDOUT' || code === 'ECONNRESET') {
    const secs = timeoutMs ? ` within ${Math.round(timeoutMs / 100) / 10} s` : '';
    return new EngineError(`Docker engine at ${where} did not answer${secs} — is it running, or still starting?`, 'timeout');
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new EngineError(`Docker engine not reachable at ${where}: the host name does not resolve.`, 'refused');
  if (/certificate|SSL|TLS/i.test(String(e?.message))) return new EngineError(`TLS handshake with the Docker engine at ${where} failed: ${e.message}. Check DOCKER_CERT_PATH.`, 'tls');
  return new EngineError(`Docker engine not reachable at ${where} — is it running? (${e?.message ?? String(err)})`, 'other');
}

export class Engine implements Disposable {
  readonly endpoint: Endpoint;
  state: EngineState = 'unknown';
  lastError?: string;
  lastErrorKind?: EngineErrorKind;
  info?: EngineInfo;
  private client?: Docker;
  private readonly emitter = new EventEmitter();
  private readonly timeoutMs: number;
  private readonly recovery: false | { initialDelayMs: number; maxDelayMs: number };
  private recoveryTimer?: NodeJS.Timeout;
  private recoveryDelay = 0;
  private checking?: Promise<EngineState>;
  private configError?: EngineError;
  private disposed = false;

  constructor(options: EngineOptions = {}) {
    this.endpoint = resolveEndpoint(options);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.recovery = options.recovery === false ? false : {
      initialDelayMs: options.recovery?.initialDelayMs ?? 1000,
      maxDelayMs: options.recovery?.maxDelayMs ?? 30000,
    };
    try { modemOptions(this.endpoint); } catch (e) { this.configError = new EngineError((e as Error).message, 'other'); }
  }

  /** Fires with the new state whenever it changes (reachable ↔ unreachable). */
  onDidChangeState(listener: (state: EngineState) => void): Disposable {
    this.emitter.on('state', listener);
    return { dispose: () => this.emitter.off('state', listener) };
  }

  /** Ping with a timeout; updates state/lastError and fires onDidChangeState. Never rejects. */
  check(): Promise<EngineState> {
    if (!this.checking) {
      this.checking = this.connect().then(
        () => { this.setState('reachable'); return this.state; },
        err => { this.markUnreachable(err); return this.state; },
      ).finally(() => { this.checking = undefined; });
    }
    return this.checking;
  }

  /** A dockerode client pinned to the engine's API version; throws EngineError when unreachable. */
  async docker(): Promise<Docker> {
    if (this.client && this.state === 'reachable') return this.client;
    await this.check();
    if (!this.client || this.state !== 'reachable') throw new EngineError(this.lastError ?? `Docker engine not reachable at ${describeEndpoint(this.endpoint)}.`, this.lastErrorKind ?? 'other');
    return this.client;
  }

  /**
   * For operations that failed: if the failure is a connection problem, mark the engine unreachable
   * (starting recovery) and return the readable error; other errors come back unchanged.
   */
  noteFailure(err: unknown): Error {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code && ['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPIPE'].includes(code) && !(err as { statusCode?: number }).statusCode) {
      return this.markUnreachable(err);
    }
    return err instanceof Error ? err : new Error(String(err));
  }

  /** Debounced "images changed" notifications from the engine's event stream (reconnects by itself). */
  watchImages(listener: () => void, options: { debounceMs?: number } = {}): Disposable {
    return this.watchEvents(['image', 'container'], listener, options);
  }

  /** Debounced notifications for events of these types (`container`, `volume`, `network`, …). */
  watchEvents(types: string[], listener: () => void, options: { debounceMs?: number } = {}): Disposable {
    const watcher = new EventWatcher(this, listener, options.debounceMs ?? 500, types);
    watcher.start();
    return watcher;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.recoveryTimer);
    this.emitter.emit('dispose');
    this.emitter.removeAllListeners();
  }

  /** internal: lets watchers follow disposal. */
  onDispose(listener: () => void): void { this.emitter.once('dispose', listener); }

  private async connect(): Promise<void> {
    if (this.configError) throw this.configError;
    const base = modemOptions(this.endpoint);
    const probe = new Docker(base as Docker.DockerOptions);
    const signal = AbortSignal.timeout(this.timeoutMs);
    let version: Docker.DockerVersion;
    try {
      version = await (probe.version as (opts: object) => Promise<Docker.DockerVersion>).call(probe, { abortSignal: signal });
    } catch (err) {
      throw connectionErrorMessage(err, this.endpoint, this.timeoutMs);
    }
    const tooOld = apiVersionProblem(version, this.endpoint);
    if (tooOld) throw tooOld;
    const api = version.ApiVersion;
    // dockerode does not negotiate: pin the engine's own version (newer ones are refused).
    this.client = new Docker({ ...(base as Docker.DockerOptions), version: 'v' + api });
    this.info = {
      version: version.Version, apiVersion: api, os: version.Os, arch: version.Arch,
      buildkit: compareApiVersions(api, '1.39') >= 0 && version.Os === 'linux',
    };
  }

  private markUnreachable(err: unknown): EngineError {
    const error = connectionErrorMessage(err, this.endpoint, this.timeoutMs);
    this.lastError = error.message;
    this.lastErrorKind = error.kind;
    this.setState('unreachable');
    this.scheduleRecovery();
    return error;
  }

  private setState(state: EngineState): void {
    if (state === 'reachable') {
      this.lastError = undefined;
      this.lastErrorKind = undefined;
      this.recoveryDelay = 0;
      clearTimeout(this.recoveryTimer);
      this.recoveryTimer = undefined;
    }
    if (state === this.state) return;
    this.state = state;
    if (!this.disposed) this.emitter.emit('state', state);
  }

  private scheduleRecovery(): void {
    // A malformed endpoint stays malformed until the setting changes (which makes a new Engine).
    if (!this.recovery || this.disposed || this.recoveryTimer || this.configError) return;
    this.recoveryDelay = this.recoveryDelay
      ? Math.min(this.recoveryDelay * 2, this.recovery.maxDelayMs)
      : this.recovery.initialDelayMs;
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = undefined;
      void this.check();
    }, this.recoveryDelay);
    // Recovery must not keep a CLI or test process alive on its own.
    this.recoveryTimer.unref();
  }
}

/** Follows /events (image and container events), reconnecting with backoff when the stream drops. */
class EventWatcher implements Disposable {
  private stream?: NodeJS.ReadableStream & { destroy?: () => void };
  private debounce?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private delay = 0;
  private stopped = false;
  private stateSub?: Disposable;

  constructor(private readonly engine: Engine, private readonly listener: () => void, private readonly debounceMs: number, private readonly types: string[]) {}

  start(): void {
    this.stateSub = this.engine.onDidChangeState(state => {
      // The engine came back: reconnect now and refresh, since events were missed meanwhile.
      if (state === 'reachable' && !this.stream) { this.delay = 0; void this.connect(); this.fire(); }
    });
    this.engine.onDispose(() => this.dispose());
    void this.connect();
  }

  private fire(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => { if (!this.stopped) this.listener(); }, this.debounceMs);
    this.debounce.unref();
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.stream) return;
    clearTimeout(this.retry);
    try {
      const docker = await this.engine.docker();
      const stream = await docker.getEvents({ filters: { type: this.types as never } }) as NodeJS.ReadableStream & { destroy?: () => void };
      if (this.stopped) { stream.destroy?.(); return; }
      this.stream = stream;
      this.delay = 0;
      stream.on('data', () => this.fire());
      const dropped = () => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        this.reconnectLater();
      };
      stream.on('end', dropped);
      stream.on('close', dropped);
      stream.on('error', dropped);
    } catch (err) {
      // The engine's client is cached while it is reachable: tell it, or its state would stay "reachable".
      this.engine.noteFailure(err);
      this.reconnectLater();
    }
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    this.delay = this.delay ? Math.min(this.delay * 2, 30000) : 1000;
    this.retry = setTimeout(() => void this.connect(), this.delay);
    this.retry.unref();
  }

  dispose(): void {
    this.stopped = true;
    clearTimeout(this.debounce);
    clearTimeout(this.retry);
    this.stateSub?.dispose();
    const s = this.stream;
    this.stream = undefined;
    s?.destroy?.();
  }
}
