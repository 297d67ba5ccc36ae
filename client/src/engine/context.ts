// The build context: a tar stream of a folder, filtered by .dockerignore the way the Docker CLI does it.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import dockerignore from '@balena/dockerignore';
import * as tar from 'tar-stream';
import { BuildContextOptions, ContextStats } from './types';

export const LARGE_CONTEXT_BYTES = 50 * 1024 * 1024;
export const LARGE_CONTEXT_FILES = 5000;

export interface BuildContext {
  stream: Readable;
  /** Name of the Dockerfile inside the tar (generated when it lives outside the context). */
  dockerfileName: string;
  stats: ContextStats;
  /** Resolves with the final stats once the whole stream has been produced; rejects on a read error. */
  done: Promise<ContextStats>;
}

/** .dockerignore lines as the Docker CLI reads them: trimmed, no comments, no blanks. */
export function readDockerignore(contextDir: string): string[] | undefined {
  let text: string;
  try { text = fs.readFileSync(path.join(contextDir, '.dockerignore'), 'utf8'); } catch { return undefined; }
  return text.split(/\r?\n/).map(l => l.trim()).filter(l => l && !l.startsWith('#'));
}

const toSlash = (p: string) => p.split(path.sep).join('/');

/**
 * The context's .dockerignore as a filter on '/'-separated context paths, the one rule set every
 * transfer (tar upload or BuildKit session) applies. The Docker CLI always sends the Dockerfile and
 * .dockerignore, even when the patterns exclude them. `hasExceptions`: a `!` pattern may re-include
 * something inside an excluded folder, so excluded folders must still be walked.
 */
export function contextFilter(contextDir: string, dockerfilePath: string): { patterns?: string[]; outside: boolean; ig: ReturnType<typeof dockerignore>; hasExceptions: boolean } {
  const patterns = readDockerignore(contextDir);
  const rel = path.relative(path.resolve(contextDir), path.resolve(dockerfilePath));
  const outside = rel.startsWith('..') || path.isAbsolute(rel);
  const ig = dockerignore().add(patterns ?? []);
  if (ig.ignores('.dockerignore')) ig.add('!.dockerignore');
  if (!outside && ig.ignores(toSlash(rel))) ig.add('!' + toSlash(rel));
  return { patterns, outside, ig, hasExceptions: (patterns ?? []).some(p => p.startsWith('!')) };
}
const BATCH = 64;
// The callback API: on a 20,000-file context about 30% faster than fs.promises (no FileHandle per file).
const lstat = (p: string) => new Promise<fs.Stats>((resolve, reject) => fs.lstat(p, (err, st) => (err ? reject(err) : resolve(st))));
const SMALL_FILE = 64 * 1024;

/**
 * Whether sending only `paths` is safe: none of them is, or passes through, a symbolic link
 * (the engine resolves links inside the context, so their targets would be missing).
 */
async function narrowable(contextDir: string, paths: string[]): Promise<boolean> {
  for (const p of paths) {
    let sofar = contextDir;
    for (const part of p.split('/')) {
      sofar = path.join(sofar, part);
      const st = await fs.promises.lstat(sofar).catch(() => undefined);
      if (!st) break; // missing: the build reports it, as with the whole context
      if (st.isSymbolicLink()) return false;
    }
  }
  return true;
}

export async function createBuildContext(options: BuildContextOptions): Promise<BuildContext> {
  const contextDir = path.resolve(options.contextDir);
  const dockerfilePath = path.resolve(options.dockerfilePath);
  const dirStat = await fs.promises.stat(contextDir).catch(() => undefined);
  if (!dirStat?.isDirectory()) throw new Error(`The build context folder ${contextDir} does not exist or is not a folder.`);
  const dockerfileText = await fs.promises.readFile(dockerfilePath).catch(() => {
    throw new Error(`The Dockerfile ${dockerfilePath} cannot be read.`);
  });

  const { patterns, outside, ig, hasExceptions } = contextFilter(contextDir, dockerfilePath);
  // A Dockerfile outside the context travels inside it under a generated name, like the Docker CLI does.
  const dockerfileName = outside ? `.dockerfile.${randomBytes(10).toString('hex')}` : toSlash(path.relative(contextDir, dockerfilePath));
  const selected = options.only && await narrowable(contextDir, options.only)
    ? new Set([...options.only, '.dockerignore', ...(outside ? [] : [dockerfileName])])
    : undefined;
  const ancestors = new Set<string>();
  for (const p of selected ?? []) for (let d = path.posix.dirname(p); d !== '.'; d = path.posix.dirname(d)) ancestors.add(d);

  const stats: ContextStats = { files: 0, bytes: 0, hasDockerignore: patterns !== undefined, largeWithoutDockerignore: false, done: false, via: 'tar', ...(selected ? { narrowed: true } : {}) };
  const pack = tar.pack();
  let lastReport = 0;
  const report = (force = false) => {
    stats.largeWithoutDockerignore = !stats.hasDockerignore && (stats.bytes > LARGE_CONTEXT_BYTES || stats.files > LARGE_CONTEXT_FILES);
    const now = Date.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    options.onStats?.({ ...stats });
  };
  // Small files are read whole, several at once (the walk is latency-bound on one file at a time);
  // larger ones are streamed. One run of at most BATCH small files is held in memory at a time.
  const addFile = async (abs: string, name: string, st: fs.Stats, content?: Buffer) => {
    const header = { name, size: st.size, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0, type: 'file' as const };
    if (content) {
      await new Promise<void>((resolve, reject) => { pack.entry(header, content, err => (err ? reject(err) : resolve())); });
    } else {
      await new Promise<void>((resolve, reject) => {
        const entry = pack.entry(header, err => (err ? reject(err) : resolve()));
        // A file that shrank or grew while packing would corrupt the tar: read exactly the stat'ed size.
        const rs = fs.createReadStream(abs, { start: 0, end: Math.max(st.size - 1, 0) });
        rs.on('error', err => { entry.destroy(err); reject(err); });
        if (st.size === 0) { rs.destroy(); entry.end(undefined as never); } else rs.pipe(entry as unknown as NodeJS.WritableStream);
      });
    }
    stats.files++;
    stats.bytes += st.size;
    report();
  };
  const readSmall = async (abs: string, name: string, st: fs.Stats): Promise<Buffer> => {
    const buf = await new Promise<Buffer>((resolve, reject) => fs.readFile(abs, (err, b) => (err ? reject(err) : resolve(b))));
    if (buf.length < st.size) throw new Error(`The file ${name} changed while the build context was being packed; build again.`);
    return buf.length === st.size ? buf : buf.subarray(0, st.size);
  };
  type Item = { relPath: string; abs: string; st: fs.Stats; whole: boolean };
  // `whole`: everything under relDir is in scope; otherwise only the selected paths and their ancestors.
  const walk = async (relDir: string, whole: boolean): Promise<void> => {
    let names = (await fs.promises.readdir(path.join(contextDir, relDir))).sort();
    const rel = (n: string) => (relDir ? `${relDir}/${n}` : n);
    if (!whole) names = names.filter(n => selected!.has(rel(n)) || ancestors.has(rel(n)));
    for (let i = 0; i < names.length; i += BATCH) {
      const items: Item[] = await Promise.all(names.slice(i, i + BATCH).map(async n => {
        const relPath = rel(n);
        const abs = path.join(contextDir, relPath);
        return { relPath, abs, st: await lstat(abs), whole: whole || selected!.has(relPath) };
      }));
      // Contents of the consecutive small files before the next folder, read together, written in order.
      let k = 0;
      while (k < items.length) {
        let end = k;
        while (end < items.length && !items[end].st.isDirectory()) end++;
        const run = items.slice(k, end);
        const contents = await Promise.all(run.map(it =>
          it.whole && it.st.isFile() && it.st.size <= SMALL_FILE && !ig.ignores(it.relPath) ? readSmall(it.abs, it.relPath, it.st) : undefined));
        for (let j = 0; j < run.length; j++) await addItem(run[j], contents[j]);
        if (end < items.length) await addItem(items[end]);
        k = end + 1;
      }
    }
  };
  const addItem = async ({ relPath, abs, st, whole }: Item, content?: Buffer): Promise<void> => {
    const excluded = ig.ignores(relPath);
    if (st.isDirectory()) {
      // Like Docker: an excluded folder is skipped unless an exception pattern may re-include something inside.
      if (excluded && !hasExceptions) return;
      if (!excluded) await entryAsync({ name: relPath, type: 'directory', mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 });
      await walk(relPath, whole);
    } else if (excluded || !whole) {
      return;
    } else if (st.isSymbolicLink()) {
      const linkname = await fs.promises.readlink(abs);
      await entryAsync({ name: relPath, type: 'symlink', linkname, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 });
      stats.files++;
    } else if (st.isFile()) {
      await addFile(abs, relPath, st, content);
    }
    // Sockets, fifos and devices are not sent (Docker skips them too).
  };
  const entryAsync = (header: Partial<tar.Header> & { name: string }) => new Promise<void>((resolve, reject) => {
    pack.entry(header, err => (err ? reject(err) : resolve()));
  });

  const done = (async () => {
    try {
      if (outside) {
        await new Promise<void>((resolve, reject) => {
          pack.entry({ name: dockerfileName, type: 'file', mode: 0o644, mtime: new Date(), uid: 0, gid: 0 }, dockerfileText, err => (err ? reject(err) : resolve()));
        });
      }
      await walk('', !selected);
      pack.finalize();
      stats.done = true;
      report(true);
      return { ...stats };
    } catch (err) {
      pack.destroy(err as Error);
      throw err;
    }
  })();
  done.catch(() => undefined); // the error also reaches the stream consumer
  return { stream: pack as unknown as Readable, dockerfileName, stats, done };
}

/** "Sending build context: 12.3 MB, 3,214 files" (+ " (only the paths the Dockerfile copies)"). */
export function formatContextStats(stats: ContextStats): string {
  if (stats.via === 'session') return `Build context over the BuildKit session: ${(stats.listed ?? 0).toLocaleString('en-US')} entries listed, ${stats.files.toLocaleString('en-US')} new or changed files sent (${(stats.bytes / 1e6).toFixed(1)} MB)`;
  return `Sending build context: ${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.files.toLocaleString('en-US')} files${stats.narrowed ? ' (only the paths the Dockerfile copies)' : ''}`;
}
