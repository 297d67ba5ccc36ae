// Bundles the client, the language server and the CLI into dist/ with esbuild.
import * as esbuild from 'esbuild';
import * as fs from 'fs';

const production = process.argv.includes('--production');
const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production,
  minify: production, logLevel: 'warning', external: ['vscode', 'cpu-features'],
  // ssh2 (via dockerode) requires an optional native addon inside try/catch and falls back to JS.
  loader: { '.node': 'empty' },
};
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
// dockerode's BuildKit session loads its .proto files from `${__dirname}/proto` at run time; in the bundle
// __dirname is dist/, so ship them there (without them every BuildKit build crashes the extension host).
fs.cpSync('node_modules/dockerode/lib/proto', 'dist/proto', { recursive: true });
