// Turning what the builder says after a session problem into a message a user can act on.
import { describeEndpoint } from '../endpoint';
import type { Endpoint, EngineInfo } from '../types';
import type { RegistryAuthService } from './auth';
import type { Session } from './session';

/**
 * The one line a build prints when it goes without a session (the same words as the file-sync
 * path's "Build context: …" line): the classic path on engines without BuildKit (Podman, old APIs),
 * or BuildKit on an engine that refused the session.
 */
export function noSessionNote(engine: { endpoint: Endpoint; info?: EngineInfo }, builder: 'classic' | 'buildkit' = 'classic'): string {
  const where = `the engine at ${describeEndpoint(engine.endpoint)}`;
  const why = builder === 'buildkit' ? `${where} refused a build session`
    : `${where} ${engine.info?.product === 'podman' ? 'is Podman, which offers no BuildKit sessions' : 'offers no BuildKit build sessions'}: classic builder`;
  return `Build context: uploaded as a tar (${why}; no build secrets, SSH mounts or registry credentials from this machine)\n`;
}

// What BuildKit's resolver says when a registry refused it (containerd/BuildKit wording, several versions).
const RESOLVING = /failed to create LLB definition|failed to resolve source metadata|pull access denied|failed to load cache key/i;
const REFUSED = /401 Unauthorized|403 Forbidden|failed to authorize|authorization failed|insufficient_scope|no basic auth credentials|pull access denied|Unauthenticated desc/i;

/**
 * The builder's failure message, with what we know from the session put first: the registry that
 * refused our credentials (or that needs a login), or the session connection that dropped.
 */
export function explainSessionFailure(message: string, session: Session | undefined, auth: RegistryAuthService | undefined): string {
  const uses = auth?.used() ?? [];
  const problem = uses.find(u => u.problem);
  // The builder repeats our own gRPC message inside its own; once is enough.
  const withBuilder = (ours: string, said: string) => message.includes(said) ? ours : `${ours}\n(${message})`;
  if (problem?.problem) return withBuilder(problem.problem, problem.problem);
  const rejected = uses.find(u => u.rejected);
  if (rejected?.rejected) return withBuilder(`Pulling from ${rejected.host} failed: ${rejected.rejected}.`, rejected.rejected);
  if (REFUSED.test(message)) {
    // Registries answer 401 for an unknown repository too; naming the host is what matters. Docker
    // Hub's refusal does not name its host: then it must at least be about resolving an image.
    const asked = uses.filter(u => message.includes(u.host));
    const resolving = RESOLVING.test(message);
    const named = asked.length ? asked : resolving && uses.length ? [uses[uses.length - 1]] : [];
    const host = named[0]?.host;
    if (host) {
      const withCreds = named.some(u => u.hadCredentials);
      return withCreds
        ? `The registry ${host} rejected the credentials from the Docker config (wrong user name or password, or an expired token) — or the image does not exist there. Log in again with docker login ${host}.\n(${message})`
        : `The registry ${host} requires a login and the Docker config has no credentials for it. Log in with docker login ${host} (Layerwise hands the builder the same credentials the docker CLI uses).\n(${message})`;
    }
  }
  if (session?.closed) return `The build session with the Docker engine closed during the build, so the builder could no longer ask for secrets, SSH agents or registry credentials. Build again.\n(${message})`;
  return message;
}
