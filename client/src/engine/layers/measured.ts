// Measured bytes for the size findings of the rules ("line 9 removes 43.1 MB that line 5 added; the
// image still carries them"), from the layer contents of an image built from the Dockerfile. Pure text.
import { ImageContents } from './types';

/** Rules whose findings are about bytes that earlier layers keep. */
export const SIZE_RULES = new Set(['cleanup-in-later-layer']);

/** Decimal units like `docker images`. */
function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${Number(v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2))} ${units[u]}`;
}

/**
 * The measured sentence for a finding on `line` (0-based), or undefined when no layer of the image was
 * made by that line. Lines are shown 1-based.
 */
export function measuredRemoval(contents: ImageContents, line: number): string | undefined {
  const layer = contents.layers.find(l => l.line === line);
  if (!layer) return undefined;
  const sources = layer.hides.filter(h => h.removedBytes + h.overwrittenBytes > 0);
  const total = sources.reduce((n, h) => n + h.removedBytes + h.overwrittenBytes, 0);
  if (total === 0) return `Measured in ${contents.image}: line ${line + 1} removes no bytes that earlier layers hold.`;
  const from = sources.map(h => {
    const l = contents.layers[h.layer];
    const where = l?.line !== undefined ? `line ${l.line + 1}` : `layer ${h.layer}`;
    return sources.length > 1 ? `${where} (${bytes(h.removedBytes + h.overwrittenBytes)})` : where;
  });
  const list = from.length > 1 ? `${from.slice(0, -1).join(', ')} and ${from[from.length - 1]}` : from[0];
  const removed = sources.some(h => h.removedBytes > 0);
  const overwritten = sources.some(h => h.overwrittenBytes > 0);
  const verb = removed && overwritten ? 'removes or overwrites' : removed ? 'removes' : 'overwrites';
  return `Measured in ${contents.image}: line ${line + 1} ${verb} ${bytes(total)} that ${list} added; the image still carries them.`;
}
