// Layer contents and wasted space (dive's measures) of images on the engine. No `vscode` import.
export * from './types';
export { inspectImage, contentsOf, withRecordLines, InspectError } from './inspect';
export type { InspectOptions } from './inspect';
export { analyzeLayers, CHANGES_PER_LAYER, INEFFICIENCY_LIMIT } from './analysis';
export { readImageExport, ExportFormatError } from './exportArchive';
export { scanLayerTar, LayerFormatError } from './layerTar';
export { defaultCacheDir, readCached, CONTENTS_VERSION } from './cache';
export { measuredRemoval, SIZE_RULES } from './measured';
