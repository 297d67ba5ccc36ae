// Where the Docker Engine is: setting → DOCKER_HOST → Docker context → default socket → Podman.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Endpoint, ResolveEndpointOptions, TlsMaterial } from './types';

export const DEFAULT_SOCKET = '/var/run/docker.sock';
const WINDOWS_PIPE = 'npipe:////./pipe/docker_engine';

function readJson(file: string): any {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
}

function readIfExists(file: string): Buffer | undefined {
  try { return fs.readFileSync(file); } catch { return undefined; }
}

/** A bare absolute path in the setting means a unix socket. */
function normaliseHost(host: string): string {
  const h = host.trim();
  if (h.startsWith('/')) return 'unix://' + h;
  return h;
}

function tlsFromEnv(env: NodeJS.ProcessEnv, dockerConfigDir: string): TlsMaterial | undefined {
  const verify = !!env.DOCKER_TLS_VERIFY;
  if (!verify && !env.DOCKER_TLS) return undefined;
  const dir = env.DOCKER_CERT_PATH || dockerConfigDir;
  return {
    verify,
    ca: readIfExists(path.join(dir, 'ca.pem')),
    cert: readIfExists(path.join(dir, 'cert.pem')),
    key: readIfExists(path.join(dir, 'key.pem')),
  };
}

function contextEndpoint(name: string, configDir: string): Endpoint | undefined {
  const id = createHash('sha256').update(name).digest('hex');
  const meta = readJson(path.join(configDir, 'contexts', 'meta', id, 'meta.json'));
  const docker = meta?.Endpoints?.docker;
  if (!docker?.Host) return undefined;
  const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
  const ca = readIfExists(path.join(tlsDir, 'ca.pem'));
  const cert = readIfExists(path.join(tlsDir, 'cert.pem'));
  const key = readIfExists(path.join(tlsDir, 'key.pem'));
  const tls = ca || cert || key ? { ca, cert, key, verify: !docker.SkipTLSVerify } : undefined;
  return { url: normaliseHost(String(docker.Host)), source: 'context', sourceLabel: `context '${name}'`, contextName: name, tls };
}

function defaultEndpoint(env: NodeJS.ProcessEnv): Endpoint {
  if (process.platform === 'win32') return { url: WINDOWS_PIPE, source: 'default', sourceLabel: 'default' };
  if (fs.existsSync(DEFAULT_SOCKET)) return { url: 'unix://' + DEFAULT_SOCKET, source: 'default', sourceLabel: 'default' };
  const podman = [env.XDG_RUNTIME_DIR && path.join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'), '/run/podman/podman.sock']
    .filter((p): p is string => !!p)
    .find(p => fs.existsSync(p));
  if (podman) return { url: 'unix://' + podman, source: 'podman', sourceLabel: 'Podman' };
  // Nothing there: still name the default so the error message says where we looked.
  return { url: 'unix://' + DEFAULT_SOCKET, source: 'default', sourceLabel: 'default' };
}

export function resolveEndpoint(options: ResolveEndpointOptions = {}): Endpoint {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? os.homedir();
  const configDir = env.DOCKER_CONFIG || path.join(home, '.docker');
  const isTcp = (url: string) => /^(tcp|https?):\/\//.test(url);
  if (options.host && options.host.trim()) {
    const url = normaliseHost(options.host);
    return { url, source: 'setting', sourceLabel: 'setting', tls: isTcp(url) ? tlsFromEnv(env, configDir) : undefined };
  }
  if (env.DOCKER_HOST && env.DOCKER_HOST.trim()) {
    const url = normaliseHost(env.DOCKER_HOST);
    return { url, source: 'DOCKER_HOST', sourceLabel: 'DOCKER_HOST', tls: isTcp(url) ? tlsFromEnv(env, configDir) : undefined };
  }
  const contextName = env.DOCKER_CONTEXT || readJson(path.join(configDir, 'config.json'))?.currentContext;
  if (contextName && contextName !== 'default') {
    const fromContext = contextEndpoint(contextName, configDir);
    if (fromContext) return fromContext;
  }
  return defaultEndpoint(env);
}

/** "unix:///var/run/docker.sock (from DOCKER_HOST)". */
export function describeEndpoint(endpoint: Endpoint): string {
  return `${endpoint.url} (from ${endpoint.sourceLabel})`;
}

/** dockerode/docker-modem constructor options for an endpoint; throws a readable Error for unsupported URLs. */
export function modemOptions(endpoint: Endpoint): Record<string, unknown> {
  const url = endpoint.url;
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
  if (url.startsWith('npipe://')) return { socketPath: url.slice('npipe://'.length).replace(/\//g, '\\') };
  let parsed: URL;
  try { parsed = new URL(url); } catch {
    throw new Error(`Docker host "${url}" (from ${endpoint.sourceLabel}) is not a valid address. Use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host.`);
  }
  if (parsed.protocol === 'ssh:') {
    return { protocol: 'ssh', host: parsed.hostname, port: parsed.port ? Number(parsed.port) : 22, username: decodeURIComponent(parsed.username) || undefined };
  }
  if (parsed.protocol === 'tcp:' || parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const tls = endpoint.tls;
    const secure = parsed.protocol === 'https:' || !!tls;
    return {
      protocol: secure ? 'https' : 'http',
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : secure ? 2376 : 2375,
      ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key } : {}),
    };
  }
  throw new Error(`Docker host "${url}" (from ${endpoint.sourceLabel}) uses an unsupported scheme "${parsed.protocol}". Use unix://, tcp://, npipe:// or ssh://.`);
}
