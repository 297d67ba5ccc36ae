// The language server's entry (dist/server.js): runs the server bundle (dist/serverCore.js, built
// from server.ts) with a V8 code cache when the client names a directory for it
// (LAYERWISE_CODE_CACHE_DIR: the extension passes its global storage), else plainly.
import * as path from 'path';
import { runWithCodeCache } from './codeCache';

/** serverCore.js's SHA-256, written in by scripts/build.mjs (hashing 1.8 MB at every start costs ~2.5 ms). */
declare const SERVER_CORE_SHA256: string | undefined;

runWithCodeCache(path.join(__dirname, 'serverCore.js'), process.env.LAYERWISE_CODE_CACHE_DIR || undefined,
  typeof SERVER_CORE_SHA256 === 'string' ? SERVER_CORE_SHA256 : undefined);
