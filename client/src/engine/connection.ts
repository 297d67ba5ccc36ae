// Finding the Docker Engine, negotiating its API version, and watching it come and go.
import Docker from 'dockerode';
import { Disposable, Endpoint, EngineErrorKind, EngineInfo, EngineOptions, EngineState, ResolveEndpointOptions } from './types';

export class EngineError extends Error {
  constructor(message: string, readonly kind: EngineErrorKind) { super(message); }
}

/** setting → DOCKER_HOST → Docker context → default socket → Podman sockets. */
export function resolveEndpoint(_options: ResolveEndpointOptions = {}): Endpoint {
  throw new Error('not implemented yet');
}

/** "unix:///var/run/docker.sock (from DOCKER_HOST)". */
export function describeEndpoint(endpoint: Endpoint): string {
  return `${endpoint.url} (from ${endpoint.sourceLabel})`;
}

export class Engine implements Disposable {
  readonly endpoint: Endpoint;
  state: EngineState = 'unknown';
  lastError?: string;
  info?: EngineInfo;
  constructor(options: EngineOptions = {}) { this.endpoint = resolveEndpoint(options); }
  onDidChangeState(_listener: (state: EngineState) => void): Disposable { throw new Error('not implemented yet'); }
  /** Ping with a timeout; updates state/lastError and fires onDidChangeState. Never rejects. */
  async check(): Promise<EngineState> { throw new Error('not implemented yet'); }
  /** A dockerode client pinned to the engine's API version; throws EngineError when unreachable. */
  async docker(): Promise<Docker> { throw new Error('not implemented yet'); }
  /** Debounced "images changed" notifications from the engine's event stream (reconnects by itself). */
  watchImages(_listener: () => void, _options: { debounceMs?: number } = {}): Disposable { throw new Error('not implemented yet'); }
  dispose(): void { /* later */ }
}
