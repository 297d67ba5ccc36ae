// Bundles the client, the language server and the CLI with esbuild (into dist/ unless told otherwise).
// Usage: node scripts/build.mjs [--production] [--cli]
//   --production  minified, no source maps (what ships)
//   --cli         only the CLI bundle (npm pack's prepack: the npm package holds nothing else)
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import { createHash } from 'crypto';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function bundle({ production = false, cliOnly = false, outdir = path.join(ROOT, 'dist') } = {}) {
  const common = {
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production,
    minify: production, logLevel: 'warning', external: ['vscode', 'cpu-features'], absWorkingDir: ROOT,
    // ssh2 (via dockerode) requires an optional native addon inside try/catch and falls back to JS.
    loader: { '.node': 'empty' },
  };
  const bundles = [
    { entryPoints: ['server/src/cli.ts'], outfile: path.join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
    ...(cliOnly ? [] : [
      { entryPoints: ['client/src/extension.ts'], outfile: path.join(outdir, 'extension.js') },
      { entryPoints: ['server/src/server.ts'], outfile: path.join(outdir, 'serverCore.js') },
    ]),
  ];
  await Promise.all(bundles.map(b => esbuild.build({ ...common, ...b })));
  if (!cliOnly) {
    // dist/server.js is a small entry that runs the server bundle with a V8 code cache
    // (server/src/codeCache.ts); the bundle's hash, part of the cache's name, is written into it.
    const core = fs.readFileSync(path.join(outdir, 'serverCore.js'));
    const entry = { entryPoints: ['server/src/serverEntry.ts'], outfile: path.join(outdir, 'server.js'), define: { SERVER_CORE_SHA256: JSON.stringify(createHash('sha256').update(core).digest('hex')) } };
    await esbuild.build({ ...common, ...entry });
    bundles.push(entry);
  }
  // A production build leaves no source map of an earlier development build beside the minified code.
  if (production) for (const b of bundles) fs.rmSync(b.outfile + '.map', { force: true });
  // dockerode's BuildKit session loads its .proto files from `${__dirname}/proto` at run time; in the bundle
  // __dirname is dist/, so ship them there (without them every BuildKit build crashes the extension host,
  // and `layerwise build` in the CLI).
  fs.cpSync(path.join(ROOT, 'node_modules/dockerode/lib/proto'), path.join(outdir, 'proto'), { recursive: true });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bundle({ production: process.argv.includes('--production'), cliOnly: process.argv.includes('--cli') });
}
