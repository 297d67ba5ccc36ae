// Hashes the build context as the builder will see it (after .dockerignore), and keeps the result:
// a later snapshot re-reads only files whose size, mtime, inode or mode changed, and update(paths)
// touches only the paths a file watcher reported.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import dockerignore from '@balena/dockerignore';
import { readDockerignore } from '../context';
import { ContextSnapshot, UNREADABLE } from './types';

interface Entry { sig: string; size: number; mtimeMs: number; ino: number; mode: number }

const BATCH = 64;
const STREAM_ABOVE = 1024 * 1024;
const lstat = (p: string) => new Promise<fs.Stats>((resolve, reject) => fs.lstat(p, (err, st) => (err ? reject(err) : resolve(st))));
const readdir = (p: string) => new Promise<string[]>((resolve, reject) => fs.readdir(p, (err, names) => (err ? reject(err) : resolve(names))));

async function contentHash(abs: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size <= STREAM_ABOVE) {
    hash.update(await new Promise<Buffer>((resolve, reject) => fs.readFile(abs, (err, b) => (err ? reject(err) : resolve(b)))));
  } else {
    await new Promise<void>((resolve, reject) => {
      fs.createReadStream(abs).on('data', d => hash.update(d)).on('error', reject).on('end', () => resolve());
    });
  }
  return hash.digest('hex').slice(0, 20);
}

const modeOf = (st: fs.Stats) => (st.mode & 0o7777).toString(8);

export class ContextHasher {
  readonly contextDir: string;
  private entries = new Map<string, Entry>();
  private ignore = dockerignore();
  private hasExceptions = false;
  /** Files read and hashed since this hasher was made (the bench checks updates re-read only what changed). */
  readonly stats = { hashed: 0, statted: 0 };
  /** Paths that could not be read in the last snapshot/update, with why. */
  readonly problems = new Map<string, string>();
  private walked = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(contextDir: string) { this.contextDir = path.resolve(contextDir); }

  /** Current snapshot (empty before the first snapshot()). */
  current(): ContextSnapshot {
    const out = new Map<string, string>();
    for (const [p, e] of this.entries) out.set(p, e.sig);
    return out;
  }

  /** Whether a first snapshot() has been taken (update() is cheap only after it). */
  get ready(): boolean { return this.walked; }

  /** Walks the whole context; unchanged files (same size, mtime, inode, mode) keep their hash. */
  snapshot(): Promise<ContextSnapshot> { return this.serial(() => this.doSnapshot()); }

  /**
   * Re-reads only these context-relative paths (a file watcher's events). A changed .dockerignore, or a
   * folder, means walking again (folders: only below them); a path that is gone is dropped.
   */
  update(paths: string[]): Promise<ContextSnapshot> { return this.serial(() => this.doUpdate(paths)); }

  /** One walk or update at a time: a build and the editor may share this hasher. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.catch(() => undefined).then(work);
    this.queue = next;
    return next;
  }

  private async doSnapshot(): Promise<ContextSnapshot> {
    const st = await fs.promises.stat(this.contextDir).catch(() => undefined);
    if (!st?.isDirectory()) throw new Error(`The build context folder ${this.contextDir} does not exist or is not a folder.`);
    this.loadIgnore();
    const previous = this.entries;
    this.entries = new Map();
    this.problems.clear();
    await this.walk('', previous);
    this.walked = true;
    return this.current();
  }

  private async doUpdate(paths: string[]): Promise<ContextSnapshot> {
    if (!this.walked || paths.some(p => p === '.dockerignore')) return this.doSnapshot();
    for (const raw of paths) {
      const rel = raw.split(path.sep).join('/').replace(/^\.\/|\/$/g, '');
      if (!rel || rel.startsWith('../')) continue;
      const abs = path.join(this.contextDir, rel);
      let st: fs.Stats | undefined;
      try { st = await lstat(abs); } catch { st = undefined; }
      this.problems.delete(rel);
      if (!st || this.excluded(rel) || !this.parentsIncluded(rel)) {
        this.drop(rel);
        continue;
      }
      if (st.isDirectory()) {
        const previous = new Map([...this.entries].filter(([p]) => p === rel || p.startsWith(rel + '/')));
        this.drop(rel);
        await this.add(rel, abs, st, previous);
        await this.walk(rel, previous);
      } else {
        await this.add(rel, abs, st, this.entries);
      }
    }
    return this.current();
  }

  private loadIgnore(): void {
    const patterns = readDockerignore(this.contextDir) ?? [];
    this.ignore = dockerignore().add(patterns);
    this.hasExceptions = patterns.some(p => p.startsWith('!'));
  }

  private excluded(rel: string): boolean { return this.ignore.ignores(rel); }

  /** A path inside an excluded folder is not sent (unless exception patterns exist, like Docker). */
  private parentsIncluded(rel: string): boolean {
    if (this.hasExceptions) return true;
    for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) if (this.ignore.ignores(d)) return false;
    return true;
  }

  private drop(rel: string): void {
    for (const p of [...this.entries.keys()]) if (p === rel || p.startsWith(rel + '/')) this.entries.delete(p);
  }

  private async walk(relDir: string, previous: Map<string, Entry>): Promise<void> {
    let names: string[];
    try { names = (await readdir(path.join(this.contextDir, relDir))).sort(); } catch (err) {
      this.problems.set(relDir || '.', reasonOf(err));
      return;
    }
    for (let i = 0; i < names.length; i += BATCH) {
      const batch = names.slice(i, i + BATCH).map(n => (relDir ? `${relDir}/${n}` : n));
      const stats = await Promise.all(batch.map(rel => lstat(path.join(this.contextDir, rel)).catch(() => undefined)));
      const dirs: string[] = [];
      await Promise.all(batch.map(async (rel, k) => {
        const st = stats[k];
        if (!st) return;
        const excluded = this.excluded(rel);
        if (st.isDirectory()) {
          if (excluded && !this.hasExceptions) return;
          if (!excluded) await this.add(rel, path.join(this.contextDir, rel), st, previous);
          dirs.push(rel);
        } else if (!excluded) {
          await this.add(rel, path.join(this.contextDir, rel), st, previous);
        }
      }));
      for (const d of dirs.sort()) await this.walk(d, previous);
    }
  }

  private async add(rel: string, abs: string, st: fs.Stats, previous: Map<string, Entry>): Promise<void> {
    this.stats.statted++;
    const known = previous.get(rel);
    if (known && known.size === st.size && known.mtimeMs === st.mtimeMs && known.ino === st.ino && known.mode === st.mode && known.sig !== UNREADABLE) {
      this.entries.set(rel, known);
      return;
    }
    let sig: string;
    if (st.isDirectory()) sig = `d${modeOf(st)}`;
    else if (st.isSymbolicLink()) sig = `l:${await fs.promises.readlink(abs).catch(() => '?')}`;
    else if (st.isFile()) {
      try {
        sig = `f${modeOf(st)}:${await contentHash(abs, st.size)}`;
        this.stats.hashed++;
      } catch (err) {
        sig = UNREADABLE;
        this.problems.set(rel, reasonOf(err));
      }
    } else return; // sockets, fifos, devices: not sent
    this.entries.set(rel, { sig, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, mode: st.mode });
  }
}

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it disappeared';
  return (err as Error)?.message ?? String(err);
}
