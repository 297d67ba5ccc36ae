// Reading a small file of a Dockerfile's build context for rules that check a copied config
// (CLI and language server share it). Only regular files inside the folder: never `..`,
// absolute paths or symlinks that lead out, never anything large.
import * as fs from 'fs';
import * as path from 'path';

const MAX_BYTES = 256 * 1024;

/** At most 256 KiB of a regular file under `dir`; undefined for anything else. */
export function readInside(dir: string, rel: string): string | undefined {
  if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) return undefined;
  try {
    const root = fs.realpathSync(dir);
    const full = fs.realpathSync(path.join(root, rel));
    if (!full.startsWith(root + path.sep)) return undefined;
    const stat = fs.statSync(full);
    if (!stat.isFile() || stat.size > MAX_BYTES) return undefined;
    return fs.readFileSync(full, 'utf8');
  } catch {
    return undefined;
  }
}
