// COPY/ADD source suggestions: entries of the build context that .dockerignore does not exclude,
// read the way the Docker CLI reads .dockerignore (@balena/dockerignore, as the build command does).
import { promises as fsp } from 'fs';
import * as path from 'path';
import dockerignore from '@balena/dockerignore';

export interface ContextEntry { name: string; directory: boolean }

export interface ContextListing {
  /** Entries of the folder the typed prefix is in, minus excluded ones. */
  entries: ContextEntry[];
  /** Set when the typed path itself exists and .dockerignore excludes it: the pattern that does. */
  excludedBy?: string;
}

/** One .dockerignore per context folder, re-read when it changes (its mtime). */
const ignoreCache = new Map<string, { mtimeMs: number; patterns: string[] }>();

async function ignorePatterns(contextDir: string): Promise<string[]> {
  const file = path.join(contextDir, '.dockerignore');
  const st = await fsp.stat(file).catch(() => undefined);
  if (!st) return [];
  const hit = ignoreCache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.patterns;
  const text = await fsp.readFile(file, 'utf8').catch(() => '');
  const patterns = text.split(/\r?\n/).map(l => l.trim()).filter(l => l && !l.startsWith('#'));
  ignoreCache.set(file, { mtimeMs: st.mtimeMs, patterns });
  if (ignoreCache.size > 32) ignoreCache.delete(ignoreCache.keys().next().value as string);
  return patterns;
}

/** Normalised context-relative path of a COPY source as typed (`./src/` → `src`); undefined outside the context. */
function relative(typed: string): string | undefined {
  const plain = path.posix.normalize(typed.replace(/^\/+/, '') || '.');
  if (plain === '..' || plain.startsWith('../')) return undefined;
  return path.posix.normalize('/' + typed).replace(/^\/+|\/+$/g, '');
}

/** What to offer after `COPY <prefix>`: the folder part of the prefix is listed. */
export async function listContext(contextDir: string, prefix: string): Promise<ContextListing> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(prefix) || prefix.includes('$') || /[*?[]/.test(prefix)) return { entries: [] };
  const slash = prefix.lastIndexOf('/');
  const folder = slash >= 0 ? prefix.slice(0, slash + 1) : '';
  const folderRel = relative(folder);
  if (folderRel === undefined) return { entries: [] };
  const patterns = await ignorePatterns(contextDir);
  const ig = dockerignore().add(patterns);
  const excluded = (rel: string) => rel !== '' && ig.ignores(rel);
  const listing: ContextListing = { entries: [] };
  const typedRel = relative(prefix);
  if (typedRel && excluded(typedRel)) {
    const exists = await fsp.lstat(path.join(contextDir, typedRel)).then(() => true, () => false);
    if (exists) listing.excludedBy = patterns.filter(p => !p.startsWith('!') && dockerignore().add([p]).ignores(typedRel)).pop() ?? 'a .dockerignore pattern';
  }
  const dirents = await fsp.readdir(path.join(contextDir, folderRel), { withFileTypes: true }).catch(() => []);
  for (const d of dirents) {
    const rel = folderRel ? `${folderRel}/${d.name}` : d.name;
    // A folder excluded as a whole can still hold a `!`-re-included path: keep it then.
    if (excluded(rel) && !(d.isDirectory() && patterns.some(p => p.startsWith('!') && relative(p.slice(1))?.startsWith(rel + '/')))) continue;
    listing.entries.push({ name: d.name, directory: d.isDirectory() });
  }
  listing.entries.sort((a, b) => Number(b.directory) - Number(a.directory) || a.name.localeCompare(b.name));
  return listing;
}
