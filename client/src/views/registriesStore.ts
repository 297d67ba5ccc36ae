// The registries the Registries view shows and the credentials for them: ones the user added or logged
// in to from Layerwise (secrets in VS Code's SecretStorage), and the docker CLI's logins
// (~/.docker/config.json auths, credsStore, credHelpers), read each time so `docker login` shows up.
import * as vscode from 'vscode';
import {
  DockerLogin, RegistryCredentials, eraseDockerCredentials, getDockerCredentials, listDockerLogins, normaliseRegistry, storeDockerCredentials,
} from '../engine';

const ADDED_KEY = 'layerwise.registries.added';
const SECRET_PREFIX = 'layerwise.registry:';

export interface RegistryEntry {
  /** `localhost:5000`, `docker.io`. */
  registry: string;
  /** `http://…` when the user added it with that scheme (a plain-HTTP registry that is not on loopback). */
  scheme?: 'http' | 'https';
  /** Logged in through Layerwise (secret storage). */
  layerwiseUser?: string;
  /** The docker CLI's login for it, if any. */
  docker?: DockerLogin;
  added: boolean;
}

interface AddedRegistry { registry: string; scheme?: 'http' | 'https'; user?: string }

export class RegistryStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Why the docker CLI's logins could not be read (shown in the view), if so. */
  dockerConfigProblem?: string;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly state: vscode.Memento, private readonly env: NodeJS.ProcessEnv = process.env) {}

  async list(): Promise<RegistryEntry[]> {
    const entries = new Map<string, RegistryEntry>();
    for (const a of this.added()) entries.set(a.registry, { registry: a.registry, scheme: a.scheme, layerwiseUser: a.user, added: true });
    let docker: DockerLogin[] = [];
    try {
      docker = await listDockerLogins({ env: this.env });
      this.dockerConfigProblem = undefined;
    } catch (err) {
      this.dockerConfigProblem = (err as Error).message;
    }
    for (const login of docker) {
      const entry = entries.get(login.registry) ?? { registry: login.registry, added: false };
      entry.docker = login;
      entries.set(login.registry, entry);
    }
    return [...entries.values()].sort((a, b) => a.registry.localeCompare(b.registry));
  }

  /** Adds a registry by hand (no login yet). */
  async add(registry: string, scheme?: 'http' | 'https'): Promise<void> {
    const host = normaliseRegistry(registry);
    const others = this.added().filter(a => a.registry !== host);
    const existing = this.added().find(a => a.registry === host);
    await this.state.update(ADDED_KEY, [...others, { ...existing, registry: host, scheme: scheme ?? existing?.scheme }]);
    this.changed.fire();
  }

  /** Forgets a hand-added registry and Layerwise's secret for it (the docker CLI's login stays). */
  async remove(registry: string): Promise<void> {
    const host = normaliseRegistry(registry);
    await this.secrets.delete(SECRET_PREFIX + host);
    await this.state.update(ADDED_KEY, this.added().filter(a => a.registry !== host));
    this.changed.fire();
  }

  /** Layerwise's own secret first, then the docker CLI's (helpers run as programs). */
  async credentials(registry: string): Promise<RegistryCredentials | undefined> {
    const host = normaliseRegistry(registry);
    const own = await this.secrets.get(SECRET_PREFIX + host);
    if (own) {
      try { return JSON.parse(own) as RegistryCredentials; } catch { /* a damaged secret: fall back to docker's */ }
    }
    return getDockerCredentials(host, { env: this.env });
  }

  /** Keeps credentials in VS Code's secret storage, or (writeDockerConfig) where `docker login` would. */
  async login(registry: string, credentials: RegistryCredentials, options: { writeDockerConfig?: boolean; scheme?: 'http' | 'https' } = {}): Promise<string> {
    const host = normaliseRegistry(registry);
    let where: string;
    if (options.writeDockerConfig) {
      const kind = await storeDockerCredentials(host, credentials, { env: this.env });
      where = kind === 'auths' ? 'the Docker config (~/.docker/config.json)' : 'the Docker credential helper';
    } else {
      await this.secrets.store(SECRET_PREFIX + host, JSON.stringify(credentials));
      where = "VS Code's secret storage";
    }
    const others = this.added().filter(a => a.registry !== host);
    const existing = this.added().find(a => a.registry === host);
    await this.state.update(ADDED_KEY, [...others, { registry: host, scheme: options.scheme ?? existing?.scheme, user: options.writeDockerConfig ? existing?.user : credentials.username ?? '<token>' }]);
    this.changed.fire();
    return where;
  }

  /** Removes Layerwise's secret; with `docker: true` also the docker CLI's login (like `docker logout`). */
  async logout(registry: string, options: { docker?: boolean } = {}): Promise<void> {
    const host = normaliseRegistry(registry);
    await this.secrets.delete(SECRET_PREFIX + host);
    if (options.docker) await eraseDockerCredentials(host, { env: this.env });
    await this.state.update(ADDED_KEY, this.added().map(a => (a.registry === host ? { registry: a.registry, scheme: a.scheme } : a)));
    this.changed.fire();
  }

  schemeOf(registry: string): 'http' | 'https' | undefined {
    return this.added().find(a => a.registry === normaliseRegistry(registry))?.scheme;
  }

  refresh(): void { this.changed.fire(); }

  dispose(): void { this.changed.dispose(); }

  private added(): AddedRegistry[] {
    const value = this.state.get<AddedRegistry[]>(ADDED_KEY, []);
    return Array.isArray(value) ? value.filter(a => a && typeof a.registry === 'string') : [];
  }
}
