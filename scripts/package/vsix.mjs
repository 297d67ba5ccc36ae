// `npm run package`: the extension's .vsix, packed by @vscode/vsce from a staging folder that holds
// only what the extension ships. package.json's `files` describes the npm package (the CLI), and
// vsce refuses a manifest with both `files` and a .vscodeignore, so the VSIX gets its own list here
// and a manifest without the npm-only fields. The repository's dist/ is left alone: the production
// bundles are built straight into the stage.
// Usage: node scripts/package/vsix.mjs [--out FILE]   (default: layerwise-<version>.vsix)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { createRequire } from 'module';
import { globSync } from 'tinyglobby';
import { bundle } from '../build.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** What the extension needs at run time, and the pages its README, Problems links and walkthrough open. */
export const VSIX_FILES = [
  'README.md', 'CHANGELOG.md', 'LICENSE',
  'syntaxes/*.json', 'resources/*.svg', 'resources/icon.png', 'resources/walkthrough/*.md',
  'docs/*.md', 'docs/rules/*.md', 'docs/images/screenshot.png',
];
/** Manifest fields that describe the npm package or the development setup, not the extension. */
const NPM_ONLY_FIELDS = ['files', 'bin', 'scripts', 'devDependencies', 'dependencies'];

export async function packageVsix({ out } = {}) {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const packagePath = path.resolve(out ?? path.join(ROOT, `${manifest.name}-${manifest.version}.vsix`));
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-vsix-'));
  try {
    await bundle({ production: true, outdir: path.join(stage, 'dist') });
    fs.rmSync(path.join(stage, 'dist', 'cli.js'));
    for (const file of globSync(VSIX_FILES, { cwd: ROOT })) {
      fs.mkdirSync(path.join(stage, path.dirname(file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(stage, file));
    }
    for (const field of NPM_ONLY_FIELDS) delete manifest[field];
    fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    // The stage holds only what ships; an (empty) ignore file tells vsce that this is deliberate.
    fs.writeFileSync(path.join(stage, '.vscodeignore'), '');
    const { createVSIX } = require('@vscode/vsce');
    // No repository exists yet, so the README's relative links stay relative: the docs they point
    // at are inside the VSIX. Dependencies are bundled into dist/, so vsce adds no node_modules.
    await createVSIX({ cwd: stage, packagePath, dependencies: false, allowMissingRepository: true, rewriteRelativeLinks: false });
    return packagePath;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--out');
  await packageVsix({ out: i > 0 ? process.argv[i + 1] : undefined });
}
