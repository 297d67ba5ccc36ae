// Docker contexts as the docker CLI stores them: ~/.docker/contexts/meta/<sha256(name)>/meta.json, TLS
// material under contexts/tls/<sha256(name)>/docker/, the current one in config.json or DOCKER_CONTEXT.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface DockerContext {
  name: string;
  description?: string;
  /** `unix:///var/run/docker.sock`, `ssh://user@host`, `tcp://host:2376`. */
  host: string;
  /** TLS material stored with the context. */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; verify: boolean };
  /** The docker CLI would use this one (DOCKER_CONTEXT, else currentContext). */
  current: boolean;
}

export interface ContextLocation { env?: NodeJS.ProcessEnv; homeDir?: string }

export function configDirOf(where: ContextLocation = {}): string {
  const env = where.env ?? process.env;
  return env.DOCKER_CONFIG || path.join(where.homeDir ?? os.homedir(), '.docker');
}

function readJson(file: string): any {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
}

function readIfExists(file: string): Buffer | undefined {
  try { return fs.readFileSync(file); } catch { return undefined; }
}

/** The context the docker CLI would use: DOCKER_CONTEXT, else config.json's currentContext, else "default". */
export function currentContextName(where: ContextLocation = {}): string {
  const env = where.env ?? process.env;
  return env.DOCKER_CONTEXT || readJson(path.join(configDirOf(where), 'config.json'))?.currentContext || 'default';
}

function fromMeta(dir: string, id: string, meta: any, current: string): DockerContext | undefined {
  const docker = meta?.Endpoints?.docker;
  if (typeof meta?.Name !== 'string' || !docker?.Host) return undefined;
  const tlsDir = path.join(dir, 'tls', id, 'docker');
  const ca = readIfExists(path.join(tlsDir, 'ca.pem'));
  const cert = readIfExists(path.join(tlsDir, 'cert.pem'));
  const key = readIfExists(path.join(tlsDir, 'key.pem'));
  return {
    name: meta.Name, description: typeof meta.Metadata?.Description === 'string' ? meta.Metadata.Description : undefined,
    host: String(docker.Host), tls: ca || cert || key ? { ca, cert, key, verify: !docker.SkipTLSVerify } : undefined,
    current: meta.Name === current,
  };
}

/** One context by name; undefined when no such context exists ("default" is not stored). */
export function readContext(name: string, where: ContextLocation = {}): DockerContext | undefined {
  const dir = path.join(configDirOf(where), 'contexts');
  const id = createHash('sha256').update(name).digest('hex');
  return fromMeta(dir, id, readJson(path.join(dir, 'meta', id, 'meta.json')), currentContextName(where));
}

/** Every stored context, sorted by name (without "default", which is DOCKER_HOST or the default socket). */
export function listContexts(where: ContextLocation = {}): DockerContext[] {
  const dir = path.join(configDirOf(where), 'contexts');
  const current = currentContextName(where);
  let ids: string[];
  try { ids = fs.readdirSync(path.join(dir, 'meta')); } catch { return []; }
  return ids
    .map(id => fromMeta(dir, id, readJson(path.join(dir, 'meta', id, 'meta.json')), current))
    .filter((c): c is DockerContext => !!c)
    .sort((a, b) => a.name.localeCompare(b.name));
}
