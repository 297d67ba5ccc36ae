// 6. Package: VSIX size after a production build, packed the way `npm run package` packs it
// (scripts/package/vsix.mjs builds into a staging folder, so the dist/ other tools use is untouched).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVsix, VSIX_FILES } from '../scripts/package/vsix.mjs';
import { absolute } from './lib/stats.mjs';

export async function benchPackage({ log }) {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-pkg-'));
  try {
    const vsix = await packageVsix({ out: join(dir, 'layerwise.vsix') });
    const bytes = statSync(vsix).size;
    log(`  VSIX ${(bytes / 1048576).toFixed(2)} MB (bundles + ${VSIX_FILES.length} file patterns)`);
    return { vsix: absolute('VSIX size', Math.round((bytes / 1048576) * 1000) / 1000, { target: 1.5, unit: 'MB' }), bytes };
  } catch (error) {
    const msg = String(error?.message ?? error).split('\n').slice(0, 5).join(' ');
    log(`  VSIX not measured: ${msg}`);
    return { vsix: { name: 'VSIX size', value: null, target: '≤ 1.5 MB', pass: null, note: `not measured: ${msg}` } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
