// Registry credentials for the builder (moby.filesync.v1.Auth): a BuildKit build that pulls a private
// base image asks the client, as the docker CLI's session does, instead of being handed a password.
// Where a registry uses bearer tokens, the token is fetched here (GetTokenAuthority/FetchToken), so
// the password never leaves this process; basic-auth registries get the credentials (Credentials).
import * as crypto from 'crypto';
import { DockerConfigLocation, getDockerCredentials, RegistryCredentials } from '../credentials';
import { normaliseRegistry } from '../reference';
import { GrpcError, GrpcStatus, MethodTable } from './grpc';
import { types } from './protos';

const TOKEN_TIMEOUT_MS = 30000;
/** BuildKit's own default lifetime when a token service does not say. */
const DEFAULT_EXPIRY_S = 60;

/** What the session told the builder, per registry host: used to explain a failed pull. */
export interface RegistryAuthUse {
  host: string;
  /** Credentials were found in the Docker config (not: the builder went anonymous). */
  hadCredentials: boolean;
  /** The token service refused them (401/403) when we fetched a token. */
  rejected?: string;
  /** A credential helper failed or the config could not be read. */
  problem?: string;
}

export interface RegistryAuthService {
  methods: MethodTable;
  /** Hosts the builder asked about during this session, in order. */
  used(): RegistryAuthUse[];
}

/**
 * The Auth service for one session. Credentials are looked up once per host and session (a
 * credential helper may prompt or be slow), from `where` (default: ~/.docker or DOCKER_CONFIG).
 */
export function registryAuthService(where: DockerConfigLocation = {}): RegistryAuthService {
  const lookups = new Map<string, Promise<RegistryCredentials | undefined>>();
  const uses = new Map<string, RegistryAuthUse>();
  // One key per session: BuildKit checks with it that tokens it cached came from this client.
  const seed = crypto.randomBytes(32);

  const use = (host: string): RegistryAuthUse => {
    let u = uses.get(host);
    if (!u) { u = { host, hadCredentials: false }; uses.set(host, u); }
    return u;
  };
  const credentialsFor = async (rawHost: string): Promise<RegistryCredentials | undefined> => {
    const host = normaliseRegistry(rawHost);
    let found = lookups.get(host);
    if (!found) { found = getDockerCredentials(host, where); lookups.set(host, found); }
    try {
      const creds = await found;
      if (creds && (creds.password || creds.identityToken)) use(rawHost).hadCredentials = true;
      return creds;
    } catch (err) {
      const message = `Registry credentials for ${host}: ${(err as Error).message}`;
      use(rawHost).problem = message;
      throw new GrpcError(GrpcStatus.INTERNAL, message);
    }
  };
  const signingKey = (host: string, salt: Uint8Array): crypto.KeyObject => {
    const seedForHost = crypto.createHmac('sha256', Buffer.from(salt)).update(seed).update(normaliseRegistry(host)).digest();
    // PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410), the one form Node imports a seed from.
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seedForHost]);
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  };
  const hasSecret = (c: RegistryCredentials | undefined): c is RegistryCredentials => !!(c && (c.password || c.identityToken));

  const methods: MethodTable = new Map();
  methods.set('/moby.filesync.v1.Auth/Credentials', {
    kind: 'unary', request: types.credentialsRequest, response: types.credentialsResponse,
    handle: async (req: { Host: string }) => {
      use(req.Host);
      const creds = await credentialsFor(req.Host);
      if (!hasSecret(creds)) return {};
      // An identity token goes as the secret with no user name, as the docker CLI sends it.
      return creds.identityToken ? { Username: '', Secret: creds.identityToken } : { Username: creds.username ?? '', Secret: creds.password ?? '' };
    },
  });
  methods.set('/moby.filesync.v1.Auth/GetTokenAuthority', {
    kind: 'unary', request: types.getTokenAuthorityRequest, response: types.getTokenAuthorityResponse,
    handle: async (req: { Host: string; Salt: Uint8Array }) => {
      use(req.Host);
      // Without credentials there is nothing to protect: UNAVAILABLE makes the builder fetch anonymous tokens itself.
      if (!hasSecret(await credentialsFor(req.Host))) throw new GrpcError(GrpcStatus.UNAVAILABLE, 'no credentials for this registry');
      const publicDer = crypto.createPublicKey(signingKey(req.Host, req.Salt)).export({ format: 'der', type: 'spki' });
      return { PublicKey: publicDer.subarray(publicDer.length - 32) };
    },
  });
  methods.set('/moby.filesync.v1.Auth/VerifyTokenAuthority', {
    kind: 'unary', request: types.verifyTokenAuthorityRequest, response: types.verifyTokenAuthorityResponse,
    handle: async (req: { Host: string; Payload: Uint8Array; Salt: Uint8Array }) => {
      if (!hasSecret(await credentialsFor(req.Host))) throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'no token authority for this registry');
      const payload = Buffer.from(req.Payload);
      // NaCl "signed message" form, which BuildKit opens: signature then message.
      return { Signed: Buffer.concat([crypto.sign(null, payload, signingKey(req.Host, req.Salt)), payload]) };
    },
  });
  methods.set('/moby.filesync.v1.Auth/FetchToken', {
    kind: 'unary', request: types.fetchTokenRequest, response: types.fetchTokenResponse,
    handle: async (req: { ClientID: string; Host: string; Realm: string; Service: string; Scopes: string[] }) => {
      const creds = await credentialsFor(req.Host);
      try {
        return await fetchToken(req, creds);
      } catch (err) {
        if (err instanceof GrpcError && err.code === GrpcStatus.UNAUTHENTICATED) use(req.Host).rejected = err.message;
        throw err;
      }
    },
  });
  return { methods, used: () => [...uses.values()] };
}

/** The token endpoint: GET with basic auth for a password, the OAuth2 refresh grant for an identity token. */
async function fetchToken(req: { ClientID: string; Host: string; Realm: string; Service: string; Scopes: string[] }, creds: RegistryCredentials | undefined): Promise<{ Token: string; ExpiresIn: number; IssuedAt: number }> {
  let realm: URL;
  try { realm = new URL(req.Realm); } catch { throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, `the registry ${req.Host} named a token service that is not a URL`); }
  if (realm.protocol !== 'https:' && realm.protocol !== 'http:') throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, `the registry ${req.Host} named a token service that is not http(s)`);
  const headers: Record<string, string> = { 'user-agent': 'layerwise' };
  let response: Response;
  try {
    if (creds?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, service: req.Service, client_id: req.ClientID || 'layerwise', scope: req.Scopes.join(' ') });
      response = await fetch(realm, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: form, signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) });
    } else {
      if (req.Service) realm.searchParams.set('service', req.Service);
      for (const scope of req.Scopes) realm.searchParams.append('scope', scope);
      if (creds?.password) headers.authorization = 'Basic ' + Buffer.from(`${creds.username ?? ''}:${creds.password}`).toString('base64');
      response = await fetch(realm, { headers, signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) });
    }
  } catch (err) {
    throw new GrpcError(GrpcStatus.UNAVAILABLE, `the token service of ${req.Host} (${realm.origin}) is not reachable: ${(err as Error).message}`);
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new GrpcError(GrpcStatus.UNAUTHENTICATED, creds
      ? `the registry ${req.Host} rejected the credentials from the Docker config (wrong user name, password or expired token); log in again with docker login ${req.Host}`
      : `the registry ${req.Host} requires a login; log in with docker login ${req.Host}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new GrpcError(GrpcStatus.UNAVAILABLE, `the token service of ${req.Host} answered ${response.status}`);
  }
  let body: { token?: string; access_token?: string; expires_in?: number; issued_at?: string };
  try { body = await response.json() as typeof body; } catch { throw new GrpcError(GrpcStatus.UNAVAILABLE, `the token service of ${req.Host} answered with something that is not JSON`); }
  const token = body.token || body.access_token;
  if (!token) throw new GrpcError(GrpcStatus.UNAVAILABLE, `the token service of ${req.Host} answered without a token`);
  const issued = body.issued_at ? Date.parse(body.issued_at) : NaN;
  return { Token: token, ExpiresIn: Number(body.expires_in) > 0 ? Number(body.expires_in) : DEFAULT_EXPIRY_S, IssuedAt: Number.isFinite(issued) ? Math.floor(issued / 1000) : 0 };
}
