// The build context and the Dockerfile served over the BuildKit session (moby.filesync.v1), the way
// the docker CLI does it: the builder fetches the files it needs, and on the next build only those
// that changed. See docs/buildkit-session.md.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contextFilter, LARGE_CONTEXT_BYTES, LARGE_CONTEXT_FILES } from '../../context';
import type { ContextStats } from '../../types';
import { fileSyncService, SharedDir, TransferReport } from './service';

export { fileSyncService } from './service';
export type { SharedDir, TransferListener, TransferReport } from './service';
export { walkShared } from './walk';
export type { BuilderFilter, LocalFilter, WalkedEntry } from './walk';

/** What the build request needs to read its context from the session. */
export interface SessionContext {
  /** The session's shared key: stable per context folder, so the builder keeps its copy between builds. */
  sharedKey: string;
  /** The build request's `dockerfile`: a name inside the shared `dockerfile` folder. */
  dockerfileName: string;
  methods: ReturnType<typeof fileSyncService>;
  /** Totals so far over every transfer of this build (the `context` folder only). */
  stats: ContextStats;
  /** Every DiffCopy call of this build, in the order they ended. */
  reports: TransferReport[];
}

/**
 * Shares the context folder (filtered by its .dockerignore, exactly as the tar upload is) as
 * `context` and the Dockerfile's folder as `dockerfile`. `onStats` follows the context transfer.
 */
export function sessionContext(contextDir: string, dockerfilePath: string, onStats?: (stats: ContextStats) => void): SessionContext {
  const dir = path.resolve(contextDir);
  const dockerfile = path.resolve(dockerfilePath);
  const { patterns, ig, hasExceptions } = contextFilter(dir, dockerfile);
  const st = fs.statSync(dir, { throwIfNoEntry: false });
  if (!st?.isDirectory()) throw new Error(`The build context folder ${dir} does not exist or is not a folder.`);
  const stats: ContextStats = { files: 0, bytes: 0, hasDockerignore: patterns !== undefined, largeWithoutDockerignore: false, done: false, via: 'session', listed: 0 };
  const reports: TransferReport[] = [];
  // A `<Dockerfile>.dockerignore` beside the Dockerfile replaces .dockerignore for BuildKit, which
  // reads it itself and sends its patterns: then the builder's patterns are the whole filter.
  const ownIgnore = fs.existsSync(`${dockerfile}.dockerignore`);
  const dirs: SharedDir[] = [
    { name: 'context', dir, ...(ownIgnore ? {} : { filter: { ignores: (rel: string) => ig.ignores(rel), hasExceptions } }) },
    { name: 'dockerfile', dir: path.dirname(dockerfile) },
  ];
  // Totals over the context's transfers (the builder makes one for .dockerignore, one for the files).
  const live = new Set<TransferReport>();
  let lastReport = 0;
  const methods = fileSyncService(dirs, (report, final) => {
    if (final) reports.push(report);
    if (report.dir !== 'context') return;
    live.add(report);
    const now = Date.now();
    if (!final && now - lastReport < 100) return;
    lastReport = now;
    stats.files = stats.bytes = stats.listed = 0;
    for (const r of live) { stats.files += r.files; stats.bytes += r.bytes; stats.listed += r.entries; }
    stats.largeWithoutDockerignore = !stats.hasDockerignore && (stats.listed > LARGE_CONTEXT_FILES || stats.bytes > LARGE_CONTEXT_BYTES);
    onStats?.({ ...stats });
  });
  return { sharedKey: sharedKeyFor(dir), dockerfileName: path.basename(dockerfile), methods, stats, reports };
}

/**
 * Like the docker CLI's (a digest of the folder and a per-client id): two machines building the same
 * path on one engine must not share the builder's copy, which it trusts by size and mtime.
 */
function sharedKeyFor(dir: string): string {
  let real = dir;
  try { real = fs.realpathSync(dir); } catch { /* the walk reports a missing folder */ }
  return crypto.createHash('sha256').update(`layerwise\0${os.hostname()}\0${os.userInfo().uid}\0${real}`).digest('hex');
}

/** The one line the build output gets about how the context travels. */
export function contextTransferNote(via: 'session' | 'tar', reason?: string): string {
  return via === 'session'
    ? 'Build context: served over the BuildKit session (the builder fetches only the files it needs; unchanged files are not sent again)\n'
    : `Build context: uploaded as a tar${reason ? ` (${reason})` : ''}\n`;
}
