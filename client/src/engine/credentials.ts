// Registry credentials where the docker CLI keeps them: ~/.docker/config.json `auths`, or the
// `docker-credential-<name>` helpers named by `credsStore` / `credHelpers` (run as programs, never a shell).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { authKeyFor, normaliseRegistry } from './reference';

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** An OAuth refresh token some registries hand out instead of a password (helper Username `<token>`). */
  identityToken?: string;
}

export interface DockerLogin {
  /** Normalised host: `docker.io`, `localhost:5000`. */
  registry: string;
  /** Where the docker CLI keeps it. */
  source: 'auths' | 'credsStore' | 'credHelpers';
  helper?: string;
  username?: string;
}

export interface DockerConfigLocation {
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
}

const HELPER_TIMEOUT_MS = 15000;

export function dockerConfigDir(where: DockerConfigLocation = {}): string {
  const env = where.env ?? process.env;
  return env.DOCKER_CONFIG || path.join(where.homeDir ?? os.homedir(), '.docker');
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [other: string]: unknown;
}

function readConfig(where: DockerConfigLocation): DockerConfigFile {
  const file = path.join(dockerConfigDir(where), 'config.json');
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch { return {}; }
  try { return JSON.parse(text) as DockerConfigFile; } catch {
    throw new Error(`${file} is not valid JSON; fix or remove it (the docker CLI cannot read it either).`);
  }
}

/** Runs `docker-credential-<helper> <action>` with `input` on stdin; resolves stdout. */
export function runCredentialHelper(helper: string, action: 'get' | 'store' | 'erase' | 'list', input: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (!/^[A-Za-z0-9_.-]+$/.test(helper)) return Promise.reject(new Error(`"${helper}" is not a valid credential helper name.`));
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = spawn(program, [action], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    // A helper waiting for a locked keychain's password must not hang the caller forever.
    const timer = setTimeout(() => child.kill('SIGKILL'), HELPER_TIMEOUT_MS);
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('error', e => {
      clearTimeout(timer);
      const code = (e as NodeJS.ErrnoException).code;
      reject(new Error(code === 'ENOENT'
        ? `The credential helper ${program} named in the Docker config is not installed (not found on PATH).`
        : `The credential helper ${program} could not run: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(out);
      const why = (out.trim() || err.trim() || (signal ? `stopped by ${signal}` : `exit code ${code}`)).split('\n')[0];
      reject(Object.assign(new Error(`${program} ${action} failed: ${why}`), { helperOutput: why }));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

function helperFor(config: DockerConfigFile, registry: string): { helper: string; source: 'credsStore' | 'credHelpers' } | undefined {
  const host = normaliseRegistry(registry);
  for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
    if (normaliseRegistry(key) === host && helper) return { helper, source: 'credHelpers' };
  }
  return config.credsStore ? { helper: config.credsStore, source: 'credsStore' } : undefined;
}

function authsEntry(config: DockerConfigFile, registry: string) {
  const host = normaliseRegistry(registry);
  return Object.entries(config.auths ?? {}).find(([key]) => normaliseRegistry(key) === host);
}

/** The registries the docker CLI is logged in to, from config.json and the helpers' `list`. */
export async function listDockerLogins(where: DockerConfigLocation = {}): Promise<DockerLogin[]> {
  const config = readConfig(where);
  const found = new Map<string, DockerLogin>();
  for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
    found.set(normaliseRegistry(key), { registry: normaliseRegistry(key), source: 'credHelpers', helper });
  }
  if (config.credsStore) {
    try {
      const listed = JSON.parse(await runCredentialHelper(config.credsStore, 'list', '', where.env)) as Record<string, string>;
      for (const [url, username] of Object.entries(listed ?? {})) {
        const registry = normaliseRegistry(url);
        if (!found.has(registry)) found.set(registry, { registry, source: 'credsStore', helper: config.credsStore, username });
      }
    } catch {
      // A store that cannot list (not installed, locked keychain) still leaves the auths entries below.
    }
  }
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    const registry = normaliseRegistry(key);
    if (found.has(registry)) continue;
    // With a credsStore, `auths` entries are often empty markers: the secret is in the store.
    const hasSecret = !!(entry?.auth || entry?.identitytoken || entry?.password);
    if (hasSecret) found.set(registry, { registry, source: 'auths', username: entry.username ?? decodeAuth(entry.auth)?.username });
    else if (config.credsStore) found.set(registry, { registry, source: 'credsStore', helper: config.credsStore });
  }
  return [...found.values()].sort((a, b) => a.registry.localeCompare(b.registry));
}

function decodeAuth(auth: string | undefined): { username: string; password: string } | undefined {
  if (!auth) return undefined;
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Credentials the docker CLI would use for `registry`, or undefined when it has none. */
export async function getDockerCredentials(registry: string, where: DockerConfigLocation = {}): Promise<RegistryCredentials | undefined> {
  const config = readConfig(where);
  const helper = helperFor(config, registry);
  if (helper) {
    let out: string;
    try { out = await runCredentialHelper(helper.helper, 'get', authKeyFor(registry), where.env); } catch (err) {
      // "credentials not found" is the helper's way of saying: not logged in.
      if (/not found|no credentials/i.test(String((err as { helperOutput?: string }).helperOutput ?? ''))) return undefined;
      throw err;
    }
    const parsed = JSON.parse(out) as { Username?: string; Secret?: string };
    if (!parsed.Secret) return undefined;
    return parsed.Username === '<token>' ? { identityToken: parsed.Secret } : { username: parsed.Username, password: parsed.Secret };
  }
  const entry = authsEntry(config, registry)?.[1];
  if (!entry) return undefined;
  if (entry.identitytoken) return { identityToken: entry.identitytoken, username: entry.username };
  const decoded = decodeAuth(entry.auth);
  if (decoded) return decoded;
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

/** Writes credentials where `docker login` would: the helper for that registry, else `auths` in config.json (mode 0600). */
export async function storeDockerCredentials(registry: string, credentials: RegistryCredentials, where: DockerConfigLocation = {}): Promise<'auths' | 'credsStore' | 'credHelpers'> {
  const config = readConfig(where);
  const key = authKeyFor(registry);
  const helper = helperFor(config, registry);
  if (helper) {
    const payload = credentials.identityToken
      ? { ServerURL: key, Username: '<token>', Secret: credentials.identityToken }
      : { ServerURL: key, Username: credentials.username ?? '', Secret: credentials.password ?? '' };
    await runCredentialHelper(helper.helper, 'store', JSON.stringify(payload), where.env);
    // The CLI keeps an empty marker in auths so `docker` lists the login.
    writeConfig(where, { ...config, auths: { ...config.auths, [key]: {} } });
    return helper.source;
  }
  const entry = credentials.identityToken
    ? { auth: '', identitytoken: credentials.identityToken }
    : { auth: Buffer.from(`${credentials.username ?? ''}:${credentials.password ?? ''}`).toString('base64') };
  const auths = Object.fromEntries(Object.entries(config.auths ?? {}).filter(([k]) => normaliseRegistry(k) !== normaliseRegistry(registry)));
  writeConfig(where, { ...config, auths: { ...auths, [key]: entry } });
  return 'auths';
}

/** Removes what `docker logout` would remove. */
export async function eraseDockerCredentials(registry: string, where: DockerConfigLocation = {}): Promise<void> {
  const config = readConfig(where);
  const helper = helperFor(config, registry);
  if (helper) {
    try { await runCredentialHelper(helper.helper, 'erase', authKeyFor(registry), where.env); } catch (err) {
      if (!/not found/i.test(String((err as { helperOutput?: string }).helperOutput ?? ''))) throw err;
    }
  }
  if (authsEntry(config, registry)) {
    const auths = Object.fromEntries(Object.entries(config.auths ?? {}).filter(([k]) => normaliseRegistry(k) !== normaliseRegistry(registry)));
    writeConfig(where, { ...config, auths });
  }
}

function writeConfig(where: DockerConfigLocation, config: DockerConfigFile): void {
  const dir = dockerConfigDir(where);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'config.json');
  // Write beside it and rename, so a crash never leaves the CLI a half-written config.
  const tmp = `${file}.layerwise-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(config, null, '\t') + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** The X-Registry-Auth object the engine expects for push/pull//auth. */
export function engineAuthConfig(registry: string, credentials: RegistryCredentials | undefined): Record<string, string> {
  if (!credentials) return {};
  const serveraddress = authKeyFor(registry);
  if (credentials.identityToken) return { identitytoken: credentials.identityToken, serveraddress };
  return { username: credentials.username ?? '', password: credentials.password ?? '', serveraddress };
}
