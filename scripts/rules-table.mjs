// Prints the README rule list (markdown) from the rules' own metadata: `node scripts/rules-table.mjs`.
// Bundles the catalog from source in memory, so the table never lags behind the rules.
import * as esbuild from 'esbuild';
import Module from 'module';
import { fileURLToPath } from 'url';
import * as path from 'path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'server', 'src', 'cli', 'catalog.ts');
const built = await esbuild.build({
  entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'error',
});
const mod = new Module(entry);
mod.filename = entry;
mod.paths = Module._nodeModulePaths(root);
mod._compile(built.outputFiles[0].text, entry);
process.stdout.write(mod.exports.rulesMarkdown());
