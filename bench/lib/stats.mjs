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
 * throughput (`higherIsBetter`), checked against `target`. `ours`/`theirs` are summaries
 * (`summarize()`), compared on their `stat` field, or plain numbers.
 */
export function comparison(name, ours, theirs, { stat = 'median', target, higherIsBetter = false, note } = {}) {
  const a = statValue(ours, stat, 'ours'), b = statValue(theirs, stat, 'theirs');
  const ratio = round(a / b, 3);
  // A ratio that is not a finite number (missing or zero figure) can never pass.
  const pass = target === undefined ? null : !Number.isFinite(ratio) ? false : higherIsBetter ? ratio >= target : ratio <= target;
  if (typeof ours === 'number') ours = { [stat]: ours, unit: '' };
  if (typeof theirs === 'number') theirs = { [stat]: theirs, unit: '' };
  return { name, stat, ours, theirs, ratio, target: target === undefined ? null : `${higherIsBetter ? '≥' : '≤'} ${target}×`, pass, note };
}

/** The number a comparison uses: the summary's `stat` field (never the field's name), or the number itself. */
export function statValue(figure, stat, label = 'figure') {
  if (typeof figure === 'number') return figure;
  const v = figure?.[stat];
  if (typeof v !== 'number') throw new TypeError(`comparison: ${label} has no numeric "${stat}" (got ${JSON.stringify(v)})`);
  return v;
}

export function absolute(name, value, { target, unit, lowerIsBetter = true, note } = {}) {
  const v = typeof value === 'number' ? value : value.median;
  const pass = target === undefined ? null : lowerIsBetter ? v <= target : v >= target;
  return { name, value, unit, target: target === undefined ? null : `${lowerIsBetter ? '≤' : '≥'} ${target} ${unit ?? ''}`.trim(), pass, note };
}
