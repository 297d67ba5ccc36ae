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
  if (code === 'ESSH') return sshProblem(e.message, where);
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

/** ssh's own last stderr line → what to do about it. */
function sshProblem(sshMessage: string, where: string): EngineError {
  const m = sshMessage.trim().replace(/\.+$/, '');
  let hint = '';
  if (/Permission denied/i.test(m)) hint = ' The server did not accept any of your keys: load the key into ssh-agent (ssh-add) or name it with IdentityFile in ~/.ssh/config.';
  else if (/Host key verification failed/i.test(m)) hint = ' The host key is not in known_hosts: connect once with ssh in a terminal to check and accept it.';
  else if (/Connection refused|Connection timed out|No route to host|Could not resolve hostname|Network is unreachable/i.test(m)) hint = ' Check the host name and port, and that sshd runs there.';
  else if (/docker: (command )?not found|dial-stdio/i.test(m)) hint = ' The remote needs the docker CLI on the PATH of non-interactive SSH sessions (it runs docker system dial-stdio).';
  return new EngineError(`Docker engine at ${where} not reachable over SSH: ${m}.${hint}`, /Permission denied|Host key/i.test(m) ? 'permission' : 'refused');
}

/** "Podman Engine" in /version's components: Podman's Docker-compatible API. */
function isPodman(version: Docker.DockerVersion): boolean {
  const components = (version as { Components?: Array<{ Name?: string }> }).Components ?? [];
  return components.some(c => /podman/i.test(c.Name ?? '')) || /podman/i.test((version as { Platform?: { Name?: string } }).Platform?.Name ?? '');
}

/** Why BuildKit builds cannot run on this engine, in words for the user; undefined when they can. */
export function buildkitUnavailable(engine: { endpoint: Endpoint; info?: EngineInfo }): string | undefined {
  const info = engine.info;
  if (info?.buildkit) return undefined;
  if (info?.product === 'podman') return `The engine at ${describeEndpoint(engine.endpoint)} is Podman: its Docker-compatible API does not offer BuildKit (no /session endpoint, no BuildKit builds), so BuildKit-only Dockerfile features (RUN --mount, --secret, --ssh, heredocs) do not work there. Use the classic builder (layerwise.build.builder: classic) or build with podman/buildah directly.`;
  return `The Docker engine at ${describeEndpoint(engine.endpoint)} (API ${info?.apiVersion ?? 'unknown'}) cannot run BuildKit builds. Set layerwise.build.builder to "classic" or "auto".`;
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
  private base?: Record<string, unknown>;
  private disposed = false;

  constructor(options: EngineOptions = {}) {
    this.endpoint = resolveEndpoint(options);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.recovery = options.recovery === false ? false : {
      initialDelayMs: options.recovery?.initialDelayMs ?? 1000,
      maxDelayMs: options.recovery?.maxDelayMs ?? 30000,
    };
    // One set of connection options (and so one ssh/https connection pool) for the Engine's lifetime.
    try { this.base = modemOptions(this.endpoint, { sshConnectTimeoutSeconds: this.timeoutMs / 1000 }); } catch (e) { this.configError = new EngineError((e as Error).message, 'other'); }
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
    if (code && ['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPIPE', 'ESSH'].includes(code) && !(err as { statusCode?: number }).statusCode) {
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
    // Ends kept-alive ssh processes / TLS connections.
    (this.base?.agent as { destroy?: () => void } | undefined)?.destroy?.();
    this.emitter.emit('dispose');
    this.emitter.removeAllListeners();
  }

  /** internal: lets watchers follow disposal. */
  onDispose(listener: () => void): void { this.emitter.once('dispose', listener); }

  private async connect(): Promise<void> {
    if (this.configError || !this.base) throw this.configError ?? new EngineError('No engine endpoint.', 'other');
    const base = this.base;
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
    const product = isPodman(version) ? 'podman' : 'docker';
    this.info = {
      version: version.Version, apiVersion: api, os: version.Os, arch: version.Arch, product,
      // Podman answers API 1.41 but has no BuildKit behind it.
      buildkit: product === 'docker' && compareApiVersions(api, '1.39') >= 0 && version.Os === 'linux',
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
