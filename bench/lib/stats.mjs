// Summary statistics and pass/fail against a target ratio.

export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  // Nearest-rank: p99 of 200 samples is the 198th value, a real observation.
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}

export function summarize(values, unit = 'ms') {
  const s = [...values].sort((a, b) => a - b);
  return {
    unit, n: s.length, median: round(quantile(s, 0.5)), p99: round(quantile(s, 0.99)),
    min: round(s[0]), max: round(s[s.length - 1]),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}

export function round(x, digits = 3) {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * One comparison line: `ratio` = ours / theirs for times (lower is better) or for
 * throughput (`higherIsBetter`), checked against `target`.
 */
export function comparison(name, ours, theirs, { stat = 'median', target, higherIsBetter = false, note } = {}) {
  const ratio = round(ours[stat] / theirs[stat], 3);
  const pass = target === undefined ? null : higherIsBetter ? ratio >= target : ratio <= target;
  return { name, stat, ours, theirs, ratio, target: target === undefined ? null : `${higherIsBetter ? '≥' : '≤'} ${target}×`, pass, note };
}

export function absolute(name, value, { target, unit, lowerIsBetter = true, note } = {}) {
  const v = typeof value === 'number' ? value : value.median;
  const pass = target === undefined ? null : lowerIsBetter ? v <= target : v >= target;
  return { name, value, unit, target: target === undefined ? null : `${lowerIsBetter ? '≤' : '≥'} ${target} ${unit ?? ''}`.trim(), pass, note };
}
