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

export async function createBuildContext(options: BuildContextOptions): Promise<BuildContext> {
  const contextDir = path.resolve(options.contextDir);
  const dockerfilePath = path.resolve(options.dockerfilePath);
  const dirStat = await fs.promises.stat(contextDir).catch(() => undefined);
  if (!dirStat?.isDirectory()) throw new Error(`The build context folder ${contextDir} does not exist or is not a folder.`);
  const dockerfileText = await fs.promises.readFile(dockerfilePath).catch(() => {
    throw new Error(`The Dockerfile ${dockerfilePath} cannot be read.`);
  });

  const patterns = readDockerignore(contextDir);
  const rel = path.relative(contextDir, dockerfilePath);
  const outside = rel.startsWith('..') || path.isAbsolute(rel);
  // A Dockerfile outside the context travels inside it under a generated name, like the Docker CLI does.
  const dockerfileName = outside ? `.dockerfile.${randomBytes(10).toString('hex')}` : toSlash(rel);
  const ig = dockerignore().add(patterns ?? []);
  // The Docker CLI always sends the Dockerfile and .dockerignore, even when the patterns exclude them.
  if (ig.ignores('.dockerignore')) ig.add('!.dockerignore');
  if (!outside && ig.ignores(dockerfileName)) ig.add('!' + dockerfileName);
  const hasExceptions = (patterns ?? []).some(p => p.startsWith('!'));

  const stats: ContextStats = { files: 0, bytes: 0, hasDockerignore: patterns !== undefined, largeWithoutDockerignore: false, done: false };
  const pack = tar.pack();
  let lastReport = 0;
  const report = (force = false) => {
    stats.largeWithoutDockerignore = !stats.hasDockerignore && (stats.bytes > LARGE_CONTEXT_BYTES || stats.files > LARGE_CONTEXT_FILES);
    const now = Date.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    options.onStats?.({ ...stats });
  };
  const addFile = async (abs: string, name: string, st: fs.Stats) => {
    const header = { name, size: st.size, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0, type: 'file' as const };
    await new Promise<void>((resolve, reject) => {
      const entry = pack.entry(header, err => (err ? reject(err) : resolve()));
      // A file that shrank or grew while packing would corrupt the tar: read exactly the stat'ed size.
      const rs = fs.createReadStream(abs, { start: 0, end: Math.max(st.size - 1, 0) });
      rs.on('error', err => { entry.destroy(err); reject(err); });
      if (st.size === 0) { rs.destroy(); entry.end(undefined as never); } else rs.pipe(entry as unknown as NodeJS.WritableStream);
    });
    stats.files++;
    stats.bytes += st.size;
    report();
  };
  const walk = async (relDir: string): Promise<void> => {
    const names = (await fs.promises.readdir(path.join(contextDir, relDir))).sort();
    for (const n of names) {
      const relPath = relDir ? `${relDir}/${n}` : n;
      const abs = path.join(contextDir, relPath);
      const st = await fs.promises.lstat(abs);
      const excluded = ig.ignores(relPath);
      if (st.isDirectory()) {
        // Like Docker: an excluded folder is skipped unless an exception pattern may re-include something inside.
        if (excluded && !hasExceptions) continue;
        if (!excluded) await entryAsync({ name: relPath, type: 'directory', mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 });
        await walk(relPath);
      } else if (excluded) {
        continue;
      } else if (st.isSymbolicLink()) {
        const linkname = await fs.promises.readlink(abs);
        await entryAsync({ name: relPath, type: 'symlink', linkname, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 });
        stats.files++;
      } else if (st.isFile()) {
        await addFile(abs, relPath, st);
      }
      // Sockets, fifos and devices are not sent (Docker skips them too).
    }
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
      await walk('');
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

/** "Sending build context: 12.3 MB, 3,214 files". */
export function formatContextStats(stats: ContextStats): string {
  return `Sending build context: ${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.files.toLocaleString('en-US')} files`;
}
