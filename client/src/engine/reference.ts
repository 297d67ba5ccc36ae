// Image references split the way the Docker CLI splits them: which registry a push/pull goes to.

/** Where Docker Hub credentials are keyed in ~/.docker/config.json and what /auth expects. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
export const DOCKER_HUB = 'docker.io';

export interface ImageReference {
  /** `docker.io`, `localhost:5000`, `ghcr.io`. */
  registry: string;
  /** Path inside the registry: `library/busybox`, `team/app`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** The repository as the engine names it locally (`busybox`, `localhost:5000/app`). */
  name: string;
}

/** The first path component is a registry when it has a dot or a port, or is `localhost` (like the CLI). */
function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

export function parseReference(ref: string): ImageReference {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) { tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  if (slash >= 0 && isRegistryHost(first)) {
    const registry = first === 'index.docker.io' ? DOCKER_HUB : first;
    const repository = rest.slice(slash + 1);
    return { registry, repository: registry === DOCKER_HUB && !repository.includes('/') ? `library/${repository}` : repository, tag, digest, name: rest };
  }
  return { registry: DOCKER_HUB, repository: rest.includes('/') ? rest : `library/${rest}`, tag, digest, name: rest };
}

/** `localhost:5000`, `https://index.docker.io/v1/` → the host users recognise (`docker.io`). */
export function normaliseRegistry(address: string): string {
  let host = address.trim().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  if (host === 'index.docker.io' || host === 'registry-1.docker.io' || host === '') host = DOCKER_HUB;
  return host.toLowerCase();
}

/** The key the docker CLI uses for a registry in config.json and for /auth. */
export function authKeyFor(registry: string): string {
  return normaliseRegistry(registry) === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : normaliseRegistry(registry);
}

/** Loopback registries: the engine (and we) speak plain HTTP to them when TLS is not offered. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}
