// Public API of the engine layer: Docker Engine connection, build, images, layer history, run.
// Callers (commands, views, benchmarks) import only from here. No `vscode` import in engine/.
export * from './types';
export { Engine, EngineError, resolveEndpoint, describeEndpoint } from './connection';
export { createBuildContext, formatContextStats, LARGE_CONTEXT_BYTES, LARGE_CONTEXT_FILES } from './context';
export type { BuildContext } from './context';
export { build, isSecretArgName, maskSecrets } from './build';
export { BuildRecordStore, recordFromHistory } from './records';
export { listImages, imageExists, removeImage, diskUsage, previewPrune, pruneImages } from './images';
export { layerHistory, cleanCreatedBy } from './history';
export { runImage, stopContainer, exposedPorts, validateImageReference, parsePortMapping, findFreePort } from './run';
export { parseReference, normaliseRegistry, authKeyFor, isLoopbackRegistry, DOCKER_HUB } from './reference';
export type { ImageReference } from './reference';
export { listDockerLogins, getDockerCredentials, storeDockerCredentials, eraseDockerCredentials, dockerConfigDir, engineAuthConfig, runCredentialHelper } from './credentials';
export type { RegistryCredentials, DockerLogin, DockerConfigLocation } from './credentials';
export { RegistryClient, RegistryError, checkRegistryLogin, registryAddress, validateRegistryAddress } from './registry';
export type { RegistryErrorKind, RegistryClientOptions, Page } from './registry';
export { TransferError, TransferTracker, transferError, formatSize } from './transfer';
export type { TransferProgress, TransferErrorKind } from './transfer';
export { pushImage, tagImage, validateTagTarget } from './push';
export type { PushOptions, PushResult } from './push';
export { pullImage, validatePlatform, COMMON_PLATFORMS } from './pull';
export type { PullOptions, PullResult } from './pull';
export { saveImages, loadImages } from './imageArchive';
export type { ArchiveProgress, SaveResult, LoadResult } from './imageArchive';
