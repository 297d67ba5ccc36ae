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

const SLICE = 200;
const SYNC_READ_BELOW = 64 * 1024;
const STREAM_ABOVE = 1024 * 1024;
const lstat = (p: string) => new Promise<fs.Stats>((resolve, reject) => fs.lstat(p, (err, st) => (err ? reject(err) : resolve(st))));

async function contentHash(abs: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size < SYNC_READ_BELOW) {
    hash.update(fs.readFileSync(abs));
  } else if (size <= STREAM_ABOVE) {
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
  /** path → signature, kept beside `entries` so a snapshot is never copied (20,000 entries per keystroke). */
  private sigs = new Map<string, string>();
  private ignore = dockerignore();
  private hasExceptions = false;
  /** Files read and hashed since this hasher was made (the bench checks updates re-read only what changed). */
  readonly stats = { hashed: 0, statted: 0 };
  /** Paths that could not be read in the last snapshot/update, with why. */
  readonly problems = new Map<string, string>();
  private walked = false;
  /** Called now and then during a walk with the number of entries seen so far (the editor's status bar). */
  onProgress?: (entries: number) => void;
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * `only`: the context paths the Dockerfile can read (literal COPY sources, contextScope): a snapshot
   * then walks just those, not the whole folder — a one-build hasher for a Dockerfile that copies two
   * folders of a 20,000-file context otherwise read and hashed all of it on every build.
   */
  constructor(contextDir: string, private readonly only?: string[]) { this.contextDir = path.resolve(contextDir); }

  /** Current snapshot (empty before the first snapshot()); a live view: read it before the next update. */
  current(): ContextSnapshot { return this.sigs; }

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
    this.sigs = new Map();
    this.problems.clear();
    if (this.only) { for (const rel of this.only) await this.walkNamed(rel, previous); }
    else await this.walk('', previous);
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
    const known = this.entries.get(rel);
    this.entries.delete(rel);
    this.sigs.delete(rel);
    if (known && !known.sig.startsWith('d')) return; // a file: nothing below it
    for (const p of [...this.entries.keys()]) if (p.startsWith(rel + '/')) { this.entries.delete(p); this.sigs.delete(p); }
  }


  /**
   * Walks below relDir. System calls are made synchronously in short slices: a thread-pool round trip
   * per file costs more than the call itself (3× slower on 20,000 files); yielding between slices keeps
   * the event loop (the extension host) responsive.
   */
  private async walk(relDir: string, previous: Map<string, Entry>): Promise<void> {
    const stack = [relDir];
    let ops = 0;
    const tick = async () => {
      if (++ops % SLICE !== 0) return;
      this.onProgress?.(this.entries.size);
      await new Promise(resolve => setImmediate(resolve));
    };
    while (stack.length) {
      const dir = stack.pop()!;
      let names: string[];
      try { names = fs.readdirSync(path.join(this.contextDir, dir)); } catch (err) {
        this.problems.set(dir || '.', reasonOf(err));
        continue;
      }
      for (const n of names) {
        const rel = dir ? `${dir}/${n}` : n;
        const abs = path.join(this.contextDir, rel);
        let st: fs.Stats;
        try { st = fs.lstatSync(abs); } catch { continue; }
        const excluded = this.excluded(rel);
        if (st.isDirectory()) {
          // Like Docker: an excluded folder is skipped unless an exception pattern may re-include something inside.
          if (excluded && !this.hasExceptions) continue;
          if (!excluded) await this.add(rel, abs, st, previous);
          stack.push(rel);
        } else if (!excluded) {
          await this.add(rel, abs, st, previous);
        }
        await tick();
      }
    }
  }

  /**
   * One named path and what lies below it, entered as the whole walk would: nothing when it (or a
   * folder above it) is excluded, or when a folder above it is a symlink (the whole walk does not
   * follow links, so it would see nothing there either).
   */
  private async walkNamed(rel: string, previous: Map<string, Entry>): Promise<void> {
    const parts = rel.split('/').filter(p => p && p !== '.');
    if (!parts.length || parts.includes('..')) return;
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const st = await lstat(path.join(this.contextDir, dir)).catch(() => undefined);
      if (!st?.isDirectory() || (this.excluded(dir) && !this.hasExceptions)) return;
    }
    const name = parts.join('/');
    if (this.entries.has(name)) return; // already taken by an earlier named folder
    const abs = path.join(this.contextDir, name);
    const st = await lstat(abs).catch(() => undefined);
    if (!st) return;
    const excluded = this.excluded(name);
    if (st.isDirectory()) {
      if (excluded && !this.hasExceptions) return;
      if (!excluded) await this.add(name, abs, st, previous);
      await this.walk(name, previous);
    } else if (!excluded) {
      await this.add(name, abs, st, previous);
    }
  }

  private async add(rel: string, abs: string, st: fs.Stats, previous: Map<string, Entry>): Promise<void> {
    this.stats.statted++;
    const known = previous.get(rel);
    if (known && known.size === st.size && known.mtimeMs === st.mtimeMs && known.ino === st.ino && known.mode === st.mode && known.sig !== UNREADABLE) {
      this.entries.set(rel, known);
      this.sigs.set(rel, known.sig);
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
    this.sigs.set(rel, sig);
  }
}

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it disappeared';
  return (err as Error)?.message ?? String(err);
}
