// dive's CI gates for `layerwise inspect`: thresholds parsed from the command line, checked against an analysis.
import { ImageContents } from '../../../../client/src/engine/layers/types';
import { UsageError } from '../errors';

export interface GateResult { name: string; threshold: number; value: number; passed: boolean; message: string }

export interface Gates { lowestEfficiency?: number; highestWastedBytes?: number; highestUserWastedPercent?: number }

const UNITS: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, k: 1e3, m: 1e6, g: 1e9, t: 1e12,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

/** `20MB` → 20,000,000; `1.5GiB`, `512kB`, `1000` (bytes). Decimal units like docker and dive; *iB are binary. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[(m[2] || 'b').toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`--highest-wasted-bytes needs a size such as 20MB, 1.5GB or 1048576, not "${text}".`);
  return Math.round(Number(m[1]) * unit);
}

/** A ratio 0–1 (`0.9`), or a percentage (`90%`). */
export function parseRatio(option: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new UsageError(`--${option} needs a ratio between 0 and 1 (e.g. 0.9) or a percentage (e.g. 90%), not "${text}".`);
  return value;
}

export function checkGates(contents: ImageContents, gates: Gates): GateResult[] {
  const out: GateResult[] = [];
  if (gates.lowestEfficiency !== undefined) {
    const passed = contents.efficiency >= gates.lowestEfficiency;
    out.push({ name: 'lowest-efficiency', threshold: gates.lowestEfficiency, value: contents.efficiency, passed,
      message: `efficiency ${pct(contents.efficiency)} ${passed ? '≥' : '<'} ${pct(gates.lowestEfficiency)}` });
  }
  if (gates.highestWastedBytes !== undefined) {
    const passed = contents.wastedBytes <= gates.highestWastedBytes;
    out.push({ name: 'highest-wasted-bytes', threshold: gates.highestWastedBytes, value: contents.wastedBytes, passed,
      message: `wasted ${contents.wastedBytes} bytes ${passed ? '≤' : '>'} ${gates.highestWastedBytes}` });
  }
  if (gates.highestUserWastedPercent !== undefined) {
    const passed = contents.userWastedPercent <= gates.highestUserWastedPercent;
    out.push({ name: 'highest-user-wasted-percent', threshold: gates.highestUserWastedPercent, value: contents.userWastedPercent, passed,
      message: `wasted ${pct(contents.userWastedPercent)} of the bytes the image's own layers add ${passed ? '≤' : '>'} ${pct(gates.highestUserWastedPercent)}` });
  }
  return out;
}

const pct = (r: number) => `${(r * 100).toFixed(2)}%`;
