// Bundles TypeScript modules the benchmarks call in-process, the same way scripts/build.mjs
// bundles the server (esbuild, node20, cjs), so we measure what ships, not tsc output.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url).pathname;
const require = createRequire(import.meta.url);

/** `externalPackages`: load dependencies from node_modules (dockerode reads .proto files next to its code). */
export async function loadBundled(entry, name, { externalPackages = false } = {}) {
  const outfile = `${ROOT}out/bench-bundle/${name}.cjs`;
  await esbuild.build({
    entryPoints: [ROOT + entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    external: ['vscode', 'cpu-features'], loader: { '.node': 'empty' }, logLevel: 'error',
    ...(externalPackages ? { packages: 'external' } : {}),
  });
  delete require.cache[outfile];
  return require(outfile);
}

export function exists(rel) { return existsSync(ROOT + rel); }
export { ROOT };
