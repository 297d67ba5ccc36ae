// Pure formatting for the tree views (no vscode import, so it is unit-tested in plain Node).

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Decimal units like `docker images` (1 MB = 1000 kB): "0 B", "512 B", "12.3 MB", "1.25 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  // Three significant digits, without trailing zeros: 1.5 MB, 12.3 MB, 123 MB.
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))} ${UNITS[unit]}`;
}

/** "3,214" with thousands separators that do not depend on the host locale. */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "just now", "5 minutes ago", "2 hours ago", "3 days ago", "4 weeks ago", "2 months ago", "1 year ago". */
export function formatAge(createdMs: number, nowMs: number = Date.now()): string {
  if (!Number.isFinite(createdMs) || createdMs <= 0) return 'unknown age';
  const s = Math.max(0, Math.floor((nowMs - createdMs) / 1000));
  const steps: Array<[number, string]> = [
    [365 * 24 * 3600, 'year'], [30 * 24 * 3600, 'month'], [7 * 24 * 3600, 'week'],
    [24 * 3600, 'day'], [3600, 'hour'], [60, 'minute'],
  ];
  for (const [size, name] of steps) {
    const n = Math.floor(s / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

/**
 * A small bar of `width` cells relative to the largest value, e.g. "▇▇▇▁▁".
 * Any non-zero size shows at least one full cell so small layers are not mistaken for empty ones.
 */
export function sizeBar(size: number, max: number, width = 5): string {
  if (width <= 0) return '';
  if (!(size > 0) || !(max > 0)) return '▁'.repeat(width);
  const filled = Math.min(width, Math.max(1, Math.round((size / max) * width)));
  return '▇'.repeat(filled) + '▁'.repeat(width - filled);
}

/** `sha256:abcdef…` → `abcdef012345` (12 hex digits, like the docker CLI). */
export function shortId(id: string): string {
  const hex = id.startsWith('sha256:') ? id.slice(7) : id;
  return hex.slice(0, 12);
}

/** One line for a tree label: collapses whitespace (continuations, heredocs) and shortens long commands. */
export function oneLine(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
