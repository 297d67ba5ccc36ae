// BuildKit session (client side): the engine calls back into us for secrets (and, later, SSH and files).
export { openSession, openSessionCount, openSessions, SessionUnavailable } from './session';
export { registryAuthService } from './auth';
export type { RegistryAuthService, RegistryAuthUse } from './auth';
export type { Session } from './session';
export { secretMounts, parseSecretFlag, readSecret, resolveSecrets, secretsService } from './secrets';
export type { SecretSource, SecretSources, SecretMount } from './secrets';
export { sshMounts, parseSshFlag, resolveSsh, sshService } from './ssh';
export type { SshSources } from './ssh';
