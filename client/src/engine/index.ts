// Public API of the engine layer: Docker Engine connection, build, images, layer history, run.
// Callers (commands, views, benchmarks) import only from here. No `vscode` import in engine/.
export * from './types';
export { Engine, EngineError, resolveEndpoint, describeEndpoint } from './connection';
export { createBuildContext, formatContextStats, LARGE_CONTEXT_BYTES, LARGE_CONTEXT_FILES } from './context';
export type { BuildContext } from './context';
export { build, isSecretArgName, maskSecrets } from './build';
export { BuildRecordStore, recordFromHistory, defaultRecordsDir, recordKey, RECORD_FORMAT } from './records';
export type { RecordKey } from './records';
export { planNextBuild, planBuild, PlanError, ContextHasher, stepKeys, stagesToBuild, takenFiles, summaryLine, explainChain } from './cachePlan';
export type { Plan, PlannedStep, StepKey, StepRecord, ContextSnapshot, PlanOptions } from './cachePlan';
export { listImages, imageExists, removeImage, diskUsage, previewPrune, pruneImages } from './images';
export { layerHistory, cleanCreatedBy } from './history';
export { runImage, stopContainer, exposedPorts, validateImageReference, parsePortMapping, findFreePort } from './run';
