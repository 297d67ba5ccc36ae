// File names hadolint treats as archives (ADD unpacks local tar archives, compressed or not).
const ARCHIVE_EXTENSIONS = ['.tar', '.Z', '.bz2', '.gz', '.lz', '.lzma', '.tZ', '.tb2', '.tbz', '.tbz2', '.tgz', '.tlz', '.tpz', '.txz', '.xz'];

export function looksLikeArchive(path: string): boolean {
  return ARCHIVE_EXTENSIONS.some(ext => path.endsWith(ext));
}

/** What ADD fetches instead of reading the context: http(s) URLs and git repositories. */
export function isRemoteSource(path: string): boolean {
  return /^(?:https?|git|ssh):\/\//i.test(path) || /^[\w.-]+@[\w.-]+:/.test(path);
}

/** The last path component (`/tmp/app.tar.gz` → `app.tar.gz`). */
export function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
