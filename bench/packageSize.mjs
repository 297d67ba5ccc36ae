// 6. Package: VSIX size after a production build. Done in a scratch copy of the repository so
// the production build does not replace the dist/ other tools and tests are using.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, symlinkSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/bundle.mjs';
import { absolute } from './lib/stats.mjs';

const SKIP = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-test', 'bench']);

export async function benchPackage({ log }) {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-pkg-'));
  try {
    for (const e of readdirSync(ROOT)) {
      if (SKIP.has(e) || e.endsWith('.vsix')) continue;
      cpSync(join(ROOT, e), join(dir, e), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: dir, stdio: 'pipe' });
    const vsix = join(dir, 'layerwise.vsix');
    // Dependencies are bundled into dist/ by esbuild, so vsce must not add node_modules.
    const out = execFileSync(join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', vsix],
      { cwd: dir, input: 'y\n', stdio: ['pipe', 'pipe', 'pipe'], encoding: 'utf8' });
    const bytes = statSync(vsix).size;
    const files = /(\d+) files/.exec(out)?.[1];
    const hasIgnore = existsSync(join(ROOT, '.vscodeignore'));
    log(`  VSIX ${(bytes / 1048576).toFixed(2)} MB (${files ?? '?'} files)${hasIgnore ? '' : ' — no .vscodeignore yet, so sources and tests are inside'}`);
    return {
      vsix: absolute('VSIX size', Math.round((bytes / 1048576) * 1000) / 1000, { target: 1.5, unit: 'MB', note: hasIgnore ? undefined : 'measured without a .vscodeignore' }),
      files: files ? Number(files) : null, bytes, vscodeignore: hasIgnore,
    };
  } catch (error) {
    const msg = (error.stderr?.toString() || error.message).split('\n').slice(0, 5).join(' ');
    log(`  VSIX not measured: ${msg}`);
    return { vsix: { name: 'VSIX size', value: null, target: '≤ 1.5 MB', pass: null, note: `not measured: ${msg}` } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
