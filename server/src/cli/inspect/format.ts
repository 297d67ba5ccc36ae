// Output of `layerwise inspect`: tty (a readable report) and json (the documented schema, docs/inspect.md).
import { ImageContents } from '../../../../client/src/engine/layers/types';
import { GateResult } from './gates';
import { escapeControl } from '../format/escape';

export function inspectJson(c: ImageContents, gates: GateResult[]): string {
  return JSON.stringify({
    image: c.image,
    imageId: c.imageId,
    platform: c.platform,
    sizeBytes: c.sizeBytes,
    userSizeBytes: c.userSizeBytes,
    wastedBytes: c.wastedBytes,
    userWastedPercent: c.userWastedPercent,
    efficiency: c.efficiency,
    layers: c.layers.map(l => ({
      id: l.id,
      createdBy: l.createdBy,
      sizeBytes: l.sizeBytes,
      ...(l.line !== undefined ? { line: l.line + 1 } : {}),
      added: l.added,
      modified: l.modified,
      removed: l.removed,
      wastedBytes: l.wastedBytes,
    })),
    inefficiencies: c.inefficiencies.map(i => ({ path: i.path, count: i.count, wastedBytes: i.wastedBytes })),
    inefficientPaths: c.inefficientPaths,
    gates: gates.map(g => ({ name: g.name, threshold: g.threshold, value: g.value, passed: g.passed })),
  }, null, 2) + '\n';
}

const TTY_PATHS = 20;

/** Image names, history commands and paths come from whoever built the image: escaped like Dockerfile text (format/escape.ts). */
export function inspectTty(c: ImageContents, gates: GateResult[], color: boolean): string {
  const paint = (code: number, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  out.push(`${paint(1, escapeControl(c.image))}  ${c.imageId.replace(/^sha256:/, '').slice(0, 12)}  ${c.platform}`);
  out.push(`  size ${bytes(c.sizeBytes)} · wasted ${bytes(c.wastedBytes)} (${pct(c.userWastedPercent)} of the ${bytes(c.userSizeBytes)} above the base layer) · efficiency ${pct(c.efficiency)}`);
  out.push('');
  out.push('  Layer  Size        Wasted      Added  Modified  Removed  Line  Command');
  for (const l of c.layers) {
    out.push(`  ${pad(String(l.index), 5)}  ${pad(bytes(l.sizeBytes), 10)}  ${pad(bytes(l.wastedBytes), 10)}  ${pad(String(l.added.count), 5)}  ${pad(String(l.modified.count), 8)}  ${pad(String(l.removed.count), 7)}  ${pad(l.line !== undefined ? String(l.line + 1) : '', 4)}  ${escapeControl(oneLine(l.createdBy))}`);
  }
  if (c.inefficiencies.length) {
    out.push('');
    out.push(`  Inefficient paths: ${c.inefficientPaths} (most wasted first)`);
    out.push('  Count  Wasted      Path');
    for (const i of c.inefficiencies.slice(0, TTY_PATHS)) out.push(`  ${pad(String(i.count), 5)}  ${pad(bytes(i.wastedBytes), 10)}  ${escapeControl(i.path)}`);
    if (c.inefficientPaths > TTY_PATHS) out.push(`  … and ${c.inefficientPaths - TTY_PATHS} more (--format json lists up to ${c.inefficiencies.length})`);
  }
  if (gates.length) {
    out.push('');
    for (const g of gates) out.push(`  ${g.passed ? paint(32, 'PASS') : paint(31, 'FAIL')}  ${g.name}: ${g.message}`);
  }
  return out.join('\n') + '\n';
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const pct = (r: number) => `${(r * 100).toFixed(2)}%`;
const oneLine = (s: string) => { const f = s.replace(/\s+/g, ' ').trim(); return f.length > 80 ? f.slice(0, 79) + '…' : f; };

/** Decimal units like `docker images`, with the exact byte count for small values. */
function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${Number(v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2))} ${units[u]}`;
}
