/**
 * Emitted on `process` once the server has done the work worth keeping compiled (its first
 * analysis); the entry then writes the V8 code cache (codeCache.ts). A name, not an import of
 * codeCache.ts, so the server bundle does not load what only the entry needs.
 */
export const WARM_EVENT = 'layerwise:warm';
