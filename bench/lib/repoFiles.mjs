// The repository's own Dockerfiles (examples/ and test/fixtures/, whoever added them), for the
// benches that lint real files.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './bundle.mjs';

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
