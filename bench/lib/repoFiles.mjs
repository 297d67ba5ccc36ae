// The repository's own Dockerfiles (examples/ and test/fixtures/, whoever added them), for the
// benches that lint real files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './bundle.mjs';

const require = createRequire(import.meta.url);

const DOCKERFILE_NAME = /(^|\.)(Dockerfile|Containerfile)(\.|$)|\.dockerfile$/i;

/** Paths of the Dockerfiles under examples/ and test/fixtures/ smaller than `maxBytes`. */
export function repoDockerfilePaths(maxBytes) {
  const out = [];
  const walk = (dir) => {
    let entries;
    try { entries = readdirSync(dir); } catch { return; }
    for (const e of entries) {
      const p = join(dir, e);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (DOCKERFILE_NAME.test(e) && st.size < maxBytes) out.push(p);
    }
  };
  walk(ROOT + 'examples');
  walk(ROOT + 'test/fixtures');
  return out;
}

/**
 * Whether dockerfile-utils' validate() gets through the file. It overflows its stack on a few
 * hostile files (the fuzz fixtures keep one: a RUN with a variable before the first FROM); such a
 * file cannot be timed for the peer, so the benches that compare with validate() leave it out for
 * both sides.
 */
export function peerValidates(text) {
  try {
    require('dockerfile-utils').validate(text);
    return true;
  } catch {
    return false;
  }
}

/** `paths` without the files validate() fails on, and how many those were. */
export function peerValidatedPaths(paths) {
  const kept = paths.filter((p) => peerValidates(readFileSync(p, 'utf8')));
  return { kept, left: paths.length - kept.length };
}
