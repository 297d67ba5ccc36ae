// A small client for the Registry HTTP API v2 (distribution spec): ping/login check, the catalog and
// tag lists with pagination, manifest digests. Basic and bearer-token auth, as registries ask for them.
import type { Engine } from './connection';
import { RegistryCredentials } from './credentials';
import { DOCKER_HUB, authKeyFor, isLoopbackRegistry, normaliseRegistry } from './reference';

export type RegistryErrorKind = 'unauthorized' | 'denied' | 'unreachable' | 'tls' | 'not-found' | 'unsupported' | 'timeout' | 'other';

export class RegistryError extends Error {
  constructor(message: string, readonly kind: RegistryErrorKind, readonly status?: number) { super(message); }
}

export interface RegistryClientOptions {
  credentials?: RegistryCredentials;
  /** Force http or https; default https, falling back to http for loopback registries (as the engine does). */
  scheme?: 'http' | 'https';
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface Page<T> { items: T[]; /** More pages exist beyond `limit`. */ truncated: boolean }

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** `localhost:5000` or `http://host:5000` (explicit scheme) → host and scheme. */
export function registryAddress(input: string): { registry: string; scheme?: 'http' | 'https' } {
  const m = /^(https?):\/\//i.exec(input.trim());
  return { registry: normaliseRegistry(input), scheme: m ? (m[1].toLowerCase() as 'http' | 'https') : undefined };
}

/** Why `input` cannot be a registry address, or undefined. */
export function validateRegistryAddress(input: string): string | undefined {
  const host = input.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  if (!host) return 'Enter a registry host, e.g. ghcr.io or localhost:5000.';
  if (!/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?$/.test(host)) return `"${input.trim()}" is not a registry host; use host[:port], e.g. registry.example.com:5000.`;
  return undefined;
}

interface Challenge { scheme: string; params: Record<string, string> }

function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(/(\w+)="([^"]*)"/g)) params[p[1].toLowerCase()] = p[2];
  return { scheme: m[1].toLowerCase(), params };
}

/** `<…/v2/_catalog?last=x&n=100>; rel="next"` → the next URL, resolved against `base`. */
function nextLink(header: string | null, base: string): string | undefined {
  const m = header ? /<([^>]+)>\s*;\s*rel="?next"?/i.exec(header) : null;
  return m ? new URL(m[1], base).toString() : undefined;
}

function describeNetworkError(err: unknown, registry: string, timeoutMs: number): RegistryError {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === 'TimeoutError') return new RegistryError(`The registry ${registry} did not answer within ${timeoutMs / 1000} s.`, 'timeout');
  if (e?.name === 'AbortError') return new RegistryError('Cancelled.', 'other');
  const code = e?.cause?.code ?? '';
  const detail = e?.cause?.message ?? e?.message ?? String(err);
  if (code === 'ECONNREFUSED') return new RegistryError(`The registry ${registry} is not reachable: connection refused. Is it running, and is the port right?`, 'unreachable');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new RegistryError(`The registry ${registry} is not reachable: the host name does not resolve.`, 'unreachable');
  if (/CERT|SSL|TLS|EPROTO|self.signed|certificate/i.test(code + ' ' + detail)) {
    return new RegistryError(`TLS with the registry ${registry} failed (${detail}). If it uses a private CA, add the CA to the system trust store or NODE_EXTRA_CA_CERTS.`, 'tls');
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return new RegistryError(`The registry ${registry} did not answer (connect timeout).`, 'timeout');
  return new RegistryError(`The registry ${registry} is not reachable: ${detail}`, 'unreachable');
}

export class RegistryClient {
  readonly registry: string;
  private scheme?: 'http' | 'https';
  private readonly apiHost: string;
  private readonly timeoutMs: number;
  private readonly tokens = new Map<string, string>();
  private basic = false;

  constructor(registry: string, private readonly options: RegistryClientOptions = {}) {
    const address = registryAddress(registry);
    this.registry = address.registry;
    this.scheme = options.scheme ?? address.scheme;
    // Docker Hub's API lives on another host than its name.
    this.apiHost = this.registry === DOCKER_HUB ? 'registry-1.docker.io' : this.registry;
    this.timeoutMs = options.timeoutMs ?? 15000;
  }

  /** Checks that the registry answers and accepts the credentials (GET /v2/). */
  async ping(): Promise<void> {
    await this.get('/v2/', 'registry:catalog:*');
  }

  /** Repository names from /v2/_catalog, following pagination up to `limit`. */
  async repositories(options: { pageSize?: number; limit?: number } = {}): Promise<Page<string>> {
    return this.paged('/v2/_catalog', 'repositories', options, 'registry:catalog:*');
  }

  /** Tags of one repository from /v2/<name>/tags/list, following pagination up to `limit`. */
  async tags(repository: string, options: { pageSize?: number; limit?: number } = {}): Promise<Page<string>> {
    return this.paged(`/v2/${encodeRepository(repository)}/tags/list`, 'tags', options, `repository:${repository}:pull`);
  }

  /** The manifest digest of `repository:reference` (Docker-Content-Digest), or undefined when absent. */
  async digest(repository: string, reference: string): Promise<string | undefined> {
    try {
      const res = await this.request(`/v2/${encodeRepository(repository)}/manifests/${encodeURIComponent(reference)}`, `repository:${repository}:pull`, { method: 'HEAD', accept: MANIFEST_TYPES });
      return res.headers.get('docker-content-digest') ?? undefined;
    } catch (err) {
      if (err instanceof RegistryError && err.kind === 'not-found') return undefined;
      throw err;
    }
  }

  private async paged(path: string, field: string, options: { pageSize?: number; limit?: number }, scope: string): Promise<Page<string>> {
    const limit = options.limit ?? 1000;
    const items: string[] = [];
    let url: string | undefined = `${path}?n=${options.pageSize ?? 100}`;
    while (url) {
      const res = await this.get(url, scope);
      const body = await res.json().catch(() => ({})) as Record<string, unknown>;
      const page = Array.isArray(body[field]) ? (body[field] as unknown[]).filter((s): s is string => typeof s === 'string') : [];
      items.push(...page);
      url = nextLink(res.headers.get('link'), res.url);
      if (items.length >= limit) return { items: items.slice(0, limit), truncated: !!url || items.length > limit };
      // A registry that answers an empty page with a next link would loop forever.
      if (!page.length) break;
    }
    return { items, truncated: false };
  }

  private get(pathOrUrl: string, scope: string): Promise<Response> {
    return this.request(pathOrUrl, scope, { method: 'GET', accept: 'application/json' });
  }

  private async request(pathOrUrl: string, scope: string, init: { method: string; accept: string }): Promise<Response> {
    let res = await this.send(pathOrUrl, init, this.authHeader(scope));
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get('www-authenticate'));
      await res.arrayBuffer().catch(() => undefined);
      const header = await this.authenticate(challenge, scope);
      res = await this.send(pathOrUrl, init, header);
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    throw this.statusError(res.status, text);
  }

  private authHeader(scope: string): string | undefined {
    const token = this.tokens.get(scope);
    if (token) return `Bearer ${token}`;
    return this.basic ? this.basicHeader() : undefined;
  }

  private basicHeader(): string | undefined {
    const c = this.options.credentials;
    if (!c?.username && !c?.password) return undefined;
    return 'Basic ' + Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64');
  }

  /** Answers a 401 challenge: basic credentials, or a bearer token from the registry's token service. */
  private async authenticate(challenge: Challenge | undefined, scope: string): Promise<string> {
    const c = this.options.credentials;
    if (!challenge || challenge.scheme === 'basic') {
      this.basic = true;
      const header = this.basicHeader();
      if (!header) throw new RegistryError(`The registry ${this.registry} requires a login. Log in first (Registries view → Log In).`, 'unauthorized', 401);
      return header;
    }
    if (challenge.scheme !== 'bearer' || !challenge.params.realm) {
      throw new RegistryError(`The registry ${this.registry} asks for an authentication scheme Layerwise does not speak (${challenge.scheme}).`, 'unsupported', 401);
    }
    const realm = new URL(challenge.params.realm);
    const wantedScope = challenge.params.scope ?? scope;
    let res: Response;
    try {
      if (c?.identityToken) {
        const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: c.identityToken, service: challenge.params.service ?? '', scope: wantedScope, client_id: 'layerwise' });
        res = await fetch(realm, { method: 'POST', body: form, signal: this.signal() });
      } else {
        if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
        if (wantedScope) realm.searchParams.set('scope', wantedScope);
        const basic = this.basicHeader();
        res = await fetch(realm, { headers: basic ? { authorization: basic } : {}, signal: this.signal() });
      }
    } catch (err) { throw describeNetworkError(err, `${this.registry} token service (${realm.host})`, this.timeoutMs); }
    if (res.status === 401 || res.status === 403) throw new RegistryError(`The registry ${this.registry} rejected the user name or password.`, 'unauthorized', res.status);
    if (!res.ok) throw new RegistryError(`The token service of ${this.registry} answered HTTP ${res.status}.`, 'other', res.status);
    const body = await res.json().catch(() => ({})) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError(`The token service of ${this.registry} returned no token.`, 'other');
    this.tokens.set(scope, token);
    return `Bearer ${token}`;
  }

  private signal(): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
  }

  private async send(pathOrUrl: string, init: { method: string; accept: string }, authorization: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { accept: init.accept };
    if (authorization) headers.authorization = authorization;
    const attempt = (scheme: 'http' | 'https') => fetch(new URL(pathOrUrl, `${scheme}://${this.apiHost}`), { method: init.method, headers, signal: this.signal(), redirect: 'follow' });
    if (this.scheme) {
      try { return await attempt(this.scheme); } catch (err) { throw describeNetworkError(err, this.registry, this.timeoutMs); }
    }
    try {
      const res = await attempt('https');
      this.scheme = 'https';
      return res;
    } catch (err) {
      // Like the engine: a loopback registry without TLS is spoken to over plain HTTP.
      if (!isLoopbackRegistry(this.registry)) throw describeNetworkError(err, this.registry, this.timeoutMs);
      try {
        const res = await attempt('http');
        this.scheme = 'http';
        return res;
      } catch (err2) { throw describeNetworkError(err2, this.registry, this.timeoutMs); }
    }
  }

  private statusError(status: number, body: string): RegistryError {
    let code = '';
    let message = '';
    try {
      const first = (JSON.parse(body) as { errors?: Array<{ code?: string; message?: string }> }).errors?.[0];
      code = first?.code ?? '';
      message = first?.message ?? '';
    } catch { /* not JSON */ }
    const detail = message ? ` (${message})` : '';
    if (status === 401) return new RegistryError(`The registry ${this.registry} rejected the credentials${detail}. Log in again with the right user name and password.`, 'unauthorized', status);
    if (status === 403 || code === 'DENIED') return new RegistryError(`The registry ${this.registry} denied access${detail}: the account has no permission for this.`, 'denied', status);
    if (status === 404) {
      if (code === 'NAME_UNKNOWN') return new RegistryError(`The repository does not exist on ${this.registry}.`, 'not-found', status);
      if (code === 'MANIFEST_UNKNOWN') return new RegistryError(`The tag does not exist on ${this.registry}.`, 'not-found', status);
      return new RegistryError(`The registry ${this.registry} does not offer this (HTTP 404)${detail}; some registries (Docker Hub, GHCR) do not list repositories.`, 'not-found', status);
    }
    return new RegistryError(`The registry ${this.registry} answered HTTP ${status}${detail}.`, 'other', status);
  }
}

/** Repository paths keep their slashes; each component is URL-encoded. */
function encodeRepository(repository: string): string {
  return repository.split('/').map(encodeURIComponent).join('/');
}

/**
 * Logs in the way `docker login` does: the engine's /auth checks the credentials against the registry
 * (so it works for registries only the engine can reach). Rejects with a RegistryError.
 */
export async function checkRegistryLogin(engine: Engine, registry: string, credentials: RegistryCredentials): Promise<void> {
  const docker = await engine.docker();
  try {
    await docker.checkAuth({ username: credentials.username ?? '', password: credentials.password ?? '', serveraddress: authKeyFor(registry), ...(credentials.identityToken ? { identitytoken: credentials.identityToken } : {}) } as never);
  } catch (err) {
    const e = err as { statusCode?: number; json?: { message?: string }; message: string };
    if (!e.statusCode) throw engine.noteFailure(err);
    const msg = e.json?.message ?? e.message;
    if (/401|unauthorized|incorrect username or password|authentication required/i.test(msg)) throw new RegistryError(`Login to ${normaliseRegistry(registry)} failed: wrong user name or password.`, 'unauthorized', 401);
    if (/x509|certificate|tls/i.test(msg)) throw new RegistryError(`Login to ${normaliseRegistry(registry)} failed: TLS error (${msg}).`, 'tls');
    if (/connection refused|no such host|dial tcp|timeout/i.test(msg)) throw new RegistryError(`Login to ${normaliseRegistry(registry)} failed: the engine cannot reach the registry (${msg}).`, 'unreachable');
    throw new RegistryError(`Login to ${normaliseRegistry(registry)} failed: ${msg}`, 'other', e.statusCode);
  }
}
