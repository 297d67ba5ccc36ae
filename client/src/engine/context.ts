// The build context: a tar stream of a folder, filtered by .dockerignore the way Docker does it.
import { Readable } from 'stream';
import { BuildContextOptions, ContextStats } from './types';

export const LARGE_CONTEXT_BYTES = 50 * 1024 * 1024;
export const LARGE_CONTEXT_FILES = 5000;

export interface BuildContext {
  stream: Readable;
  /** Name of the Dockerfile inside the tar (generated when it lives outside the context). */
  dockerfileName: string;
  stats: ContextStats;
  /** Resolves with the final stats once the whole stream has been produced. */
  done: Promise<ContextStats>;
}

export async function createBuildContext(_options: BuildContextOptions): Promise<BuildContext> {
  throw new Error('not implemented yet');
}

/** "Sending build context: 12.3 MB, 3,214 files". */
export function formatContextStats(stats: ContextStats): string {
  return `Sending build context: ${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.files.toLocaleString('en-US')} files`;
}
