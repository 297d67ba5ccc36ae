// Where the Docker Engine is: setting → DOCKER_HOST → Docker context → default socket → Podman.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as https from 'https';
import { currentContextName, listContexts, readContext } from './contexts';
import { sshAgent } from './sshTransport';
import { Endpoint, ResolveEndpointOptions, TlsMaterial } from './types';

export const DEFAULT_SOCKET = '/var/run/docker.sock';
const WINDOWS_PIPE = 'npipe:////./pipe/docker_engine';

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

function contextEndpoint(name: string, where: { env: NodeJS.ProcessEnv; homeDir: string }, explicit: boolean): Endpoint | undefined {
  const context = readContext(name, where);
  if (!context) {
    if (!explicit) return undefined;
    const known = listContexts(where).map(c => c.name);
    return {
      url: '', source: 'context', sourceLabel: `context '${name}'`, contextName: name,
      error: `Docker context "${name}" does not exist${known.length ? ` (known: default, ${known.join(', ')})` : ' (only "default"; create one with docker context create)'}.`,
    };
  }
  return { url: normaliseHost(context.host), source: 'context', sourceLabel: `context '${name}'`, contextName: name, tls: context.tls };
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

/**
 * The docker CLI's order: an explicit host (setting or --host), an explicit context (setting or
 * --context), DOCKER_HOST, DOCKER_CONTEXT / currentContext, then the default socket and Podman's.
 */
export function resolveEndpoint(options: ResolveEndpointOptions = {}): Endpoint {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? os.homedir();
  const configDir = env.DOCKER_CONFIG || path.join(home, '.docker');
  const where = { env, homeDir: home };
  const isTcp = (url: string) => /^(tcp|https?):\/\//.test(url);
  if (options.host && options.host.trim()) {
    const url = normaliseHost(options.host);
    return { url, source: 'setting', sourceLabel: options.hostLabel ?? 'setting', tls: isTcp(url) ? tlsFromEnv(env, configDir) : undefined };
  }
  if (options.context && options.context.trim() && options.context.trim() !== 'default') {
    const endpoint = contextEndpoint(options.context.trim(), where, true)!;
    return options.contextLabel ? { ...endpoint, sourceLabel: `${options.contextLabel} '${options.context.trim()}'` } : endpoint;
  }
  const explicitDefault = options.context?.trim() === 'default';
  if (env.DOCKER_HOST && env.DOCKER_HOST.trim()) {
    const url = normaliseHost(env.DOCKER_HOST);
    return { url, source: 'DOCKER_HOST', sourceLabel: 'DOCKER_HOST', tls: isTcp(url) ? tlsFromEnv(env, configDir) : undefined };
  }
  const contextName = explicitDefault ? 'default' : currentContextName(where);
  if (contextName !== 'default') {
    const fromContext = contextEndpoint(contextName, where, !!env.DOCKER_CONTEXT);
    if (fromContext) return fromContext;
  }
  return defaultEndpoint(env);
}

/** "unix:///var/run/docker.sock (from DOCKER_HOST)". */
export function describeEndpoint(endpoint: Endpoint): string {
  return `${endpoint.url} (from ${endpoint.sourceLabel})`;
}

/**
 * dockerode/docker-modem constructor options for an endpoint; throws a readable Error for unsupported URLs.
 * Every connection field is set (undefined when unused): docker-modem fills missing ones from the
 * process's DOCKER_HOST, which must not leak into an endpoint chosen by a setting or a context.
 */
export function modemOptions(endpoint: Endpoint, options: { sshConnectTimeoutSeconds?: number } = {}): Record<string, unknown> {
  if (endpoint.error) throw new Error(endpoint.error);
  const url = endpoint.url;
  const none = { host: undefined, port: undefined, protocol: undefined, ca: undefined, cert: undefined, key: undefined, agent: undefined, socketPath: undefined };
  if (url.startsWith('unix://')) return { ...none, socketPath: url.slice('unix://'.length) };
  if (url.startsWith('npipe://')) return { ...none, socketPath: url.slice('npipe://'.length).replace(/\//g, '\\') };
  let parsed: URL;
  try { parsed = new URL(url); } catch {
    throw new Error(`Docker host "${url}" (from ${endpoint.sourceLabel}) is not a valid address. Use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host.`);
  }
  if (parsed.protocol === 'ssh:') {
    if (!parsed.hostname) throw new Error(`Docker host "${url}" (from ${endpoint.sourceLabel}) names no host. Use ssh://user@host[:port].`);
    const target = { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port ? Number(parsed.port) : undefined, username: decodeURIComponent(parsed.username) || undefined };
    // Plain HTTP over the ssh process's stdio (see sshTransport.ts); host/port only label the requests.
    return { ...none, protocol: 'http', host: target.host, port: target.port ?? 22, agent: sshAgent(target, options.sshConnectTimeoutSeconds) };
  }
  if (parsed.protocol === 'tcp:' || parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const tls = endpoint.tls;
    const secure = parsed.protocol === 'https:' || !!tls;
    return {
      ...none,
      protocol: secure ? 'https' : 'http',
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : secure ? 2376 : 2375,
      ...(tls ? {
        ca: tls.ca, cert: tls.cert, key: tls.key,
        // DOCKER_TLS without DOCKER_TLS_VERIFY: encrypted, but the server certificate is not checked (as the CLI does).
        agent: new https.Agent({ keepAlive: true, ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.verify }),
      } : {}),
    };
  }
  throw new Error(`Docker host "${url}" (from ${endpoint.sourceLabel}) uses an unsupported scheme "${parsed.protocol}". Use unix://, tcp://, npipe:// or ssh://.`);
}

// ---- the CLI twins' endpoint options (layerwise build / plan / inspect) ------------------------

export interface EndpointArgs {
  /** argv without the endpoint options. */
  rest: string[];
  host?: string;
  context?: string;
  /** A usage problem ("--context needs a name"); the caller prints it and exits 2. */
  error?: string;
}

export const ENDPOINT_OPTIONS_HELP = [
  '  --context NAME      use this Docker context (like docker --context); wins over DOCKER_HOST',
  '  --host, -H URL      use this engine (unix:///…, tcp://host:2376, ssh://user@host); wins over --context',
].join('\n');

/** Takes `--context NAME`, `--context=NAME`, `--host URL`, `--host=URL`, `-H URL` out of argv. */
export function parseEndpointArgs(argv: string[]): EndpointArgs {
  const rest: string[] = [];
  const out: EndpointArgs = { rest };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { rest.push(...argv.slice(i)); break; }
    const m = /^(--context|--host|-H)(?:=(.*))?$/.exec(arg);
    if (!m) { rest.push(arg); continue; }
    const value = m[2] ?? argv[++i];
    const key = m[1] === '--context' ? 'context' : 'host';
    if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('-'))) {
      return { rest, error: `${m[1]} needs a value: ${key === 'context' ? '--context NAME' : '--host unix:///var/run/docker.sock'}.` };
    }
    if (out[key] !== undefined) return { rest, error: `${m[1]} is given twice.` };
    out[key] = value;
  }
  return out;
}

/** Engine options for parsed CLI arguments: no background recovery (a CLI run answers once). */
export function engineOptionsFromArgs(args: Pick<EndpointArgs, 'host' | 'context'>, env: NodeJS.ProcessEnv = process.env): ResolveEndpointOptions & { recovery: false } {
  return { env, host: args.host, hostLabel: '--host', context: args.context, contextLabel: '--context', recovery: false };
}
