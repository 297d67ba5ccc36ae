// Walks a shared folder in the order BuildKit's receiver checks (depth first, names in byte order),
// applying the builder's filters (fsutil's rules) and our own .dockerignore filter (the tar path's
// rules), so the files that reach the builder are the ones the tar upload would carry.
import * as fs from 'fs';
import * as path from 'path';
import dockerignore from '@balena/dockerignore';
import { byteCompare, cleanPath, followLinks, matchPrefix } from './match';
import { goFileMode, WireStat } from './wire';

/** What the builder asked for in the DiffCopy call's metadata. */
export interface BuilderFilter {
  includePatterns?: string[];
  excludePatterns?: string[];
  followPaths?: string[];
}

/** Our own exclusion (the .dockerignore as the tar path reads it); `hasExceptions`: some `!` pattern may re-include inside an excluded folder. */
export interface LocalFilter {
  ignores(relPath: string): boolean;
  hasExceptions: boolean;
}

export interface WalkedEntry {
  stat: WireStat;
  /** Absolute path, for reading a regular file's contents when the builder asks. */
  abs: string;
  isFile: boolean;
}

const BATCH = 64;
type BigStats = fs.BigIntStats;
const lstat = (p: string) => new Promise<BigStats>((resolve, reject) => fs.lstat(p, { bigint: true }, (err, st) => (err ? reject(err) : resolve(st))));

/** The builder's exclude patterns with fsutil's folder rule (skip an excluded folder unless an exception pattern lies inside it). */
class BuilderExcludes {
  private readonly ig;
  private readonly exceptions: string[];
  constructor(patterns: string[]) {
    const cleaned = patterns.map(p => p.trim()).filter(Boolean);
    this.ig = dockerignore().add(cleaned);
    this.exceptions = cleaned.filter(p => p.startsWith('!')).map(p => cleanPath(p.slice(1)) + '/');
  }
  /** 'skip' | 'walk' (folder excluded but an exception may re-include inside) | 'keep'. */
  decide(rel: string, isDir: boolean): 'skip' | 'walk' | 'keep' {
    if (!this.ig.ignores(rel)) return 'keep';
    if (!isDir) return 'skip';
    const dirSlash = rel + '/';
    return this.exceptions.some(e => e.startsWith(dirSlash)) ? 'walk' : 'skip';
  }
}

/**
 * Calls `emit` for every entry to send, parents before children. `emit` may return a promise (the
 * walk waits: the stream's buffer is full). `signal` stops the walk between entries.
 */
export async function walkShared(root: string, filter: BuilderFilter, local: LocalFilter | undefined,
  emit: (entry: WalkedEntry) => void | Promise<void>, signal: { aborted: boolean }): Promise<void> {
  const realRoot = await fs.promises.realpath(root);
  const rootStat = await fs.promises.stat(realRoot);
  if (!rootStat.isDirectory()) throw new Error(`${root} is not a folder`);

  let includes: string[] | undefined = filter.includePatterns?.length ? filter.includePatterns.map(cleanPath) : undefined;
  if (filter.followPaths?.length) {
    const targets = followLinks(realRoot, filter.followPaths);
    // Undefined targets (one follow path is the root) add nothing, as in fsutil.
    if (targets) includes = dedupeSorted([...(includes ?? []), ...targets]);
  }
  const excludes = filter.excludePatterns?.length ? new BuilderExcludes(filter.excludePatterns) : undefined;
  let lastIncludedDir = '';
  // Folders we walk into without sending (excluded, but an exception may re-include a child): sent
  // just before their first child, so the builder always sees a parent before its children.
  const pending: WalkedEntry[] = [];

  const visit = async (relDir: string): Promise<void> => {
    const absDir = path.join(realRoot, relDir);
    let names: string[];
    try { names = await fs.promises.readdir(absDir); } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return; // removed meanwhile
      throw err;
    }
    names.sort(byteCompare);
    for (let i = 0; i < names.length; i += BATCH) {
      const batch = names.slice(i, i + BATCH);
      const stats = await Promise.all(batch.map(n => lstat(path.join(absDir, n)).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined; // removed meanwhile: fsutil skips it too
        throw err;
      })));
      for (let j = 0; j < batch.length; j++) {
        if (signal.aborted) return;
        const st = stats[j];
        if (!st) continue;
        const rel = relDir ? `${relDir}/${batch[j]}` : batch[j];
        await visitEntry(rel, path.join(absDir, batch[j]), st);
      }
    }
  };

  const visitEntry = async (rel: string, abs: string, st: BigStats): Promise<void> => {
    const isDir = st.isDirectory();
    if (includes) {
      const inside = lastIncludedDir !== '' && rel.startsWith(lastIncludedDir + '/');
      if (!inside) {
        let matched = false;
        let partial = true;
        for (const p of includes) {
          const m = matchPrefix(p, rel);
          if (m.matched) { matched = true; if (!m.partial) { partial = false; break; } }
        }
        if (!matched) return;
        if (!partial && isDir) lastIncludedDir = rel;
      }
    }
    let deferred = false;
    const theirs = excludes?.decide(rel, isDir) ?? 'keep';
    if (theirs === 'skip') return;
    if (local?.ignores(rel)) {
      if (!isDir || !local.hasExceptions) return;
      deferred = true;
    }
    // Sockets, fifos and devices are not sent (the tar path skips them too).
    if (!isDir && !st.isFile() && !st.isSymbolicLink()) return;
    const entry: WalkedEntry = { stat: toWireStat(rel, st, st.isSymbolicLink() ? await fs.promises.readlink(abs) : undefined), abs, isFile: st.isFile() };
    if (deferred) pending.push(entry);
    else {
      for (const p of pending.splice(0)) await emit(p);
      await emit(entry);
    }
    if (isDir) {
      await visit(rel);
      // Nothing inside was sent: the excluded folder itself stays unsent, as in the tar.
      if (deferred && pending[pending.length - 1] === entry) pending.pop();
    }
  };

  await visit('');
}

function dedupeSorted(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort(byteCompare);
  return sorted.filter((p, i) => !sorted.slice(0, i).some(q => p.startsWith(q + '/')));
}

function toWireStat(rel: string, st: BigStats, linkname: string | undefined): WireStat {
  const mode = Number(st.mode);
  return {
    path: rel,
    mode: goFileMode(mode),
    // Owner reset to root, as the docker CLI does: the image must not depend on who checked the files out.
    uid: 0,
    gid: 0,
    size: st.isDirectory() ? 0 : Number(st.size),
    modTime: st.mtimeNs,
    ...(linkname !== undefined ? { linkname } : {}),
  };
}
