// "Did you mean …?" for variable names: the same name in another case, or one edit away
// (a letter added, dropped, changed or two swapped) for names long enough that one edit is a typo.

const MIN_LENGTH = 4;

export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  for (const c of candidates) {
    if (c === name) continue;
    if (c.toLowerCase() === lower) return c;
    if (!best && name.length >= MIN_LENGTH && c.length >= MIN_LENGTH && oneEditApart(name, c)) best = c;
  }
  return best;
}

/** Levenshtein distance ≤ 1, or one transposition; linear in the names' length, no allocation. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let ja = a.length - 1, jb = b.length - 1;
  while (ja >= i && jb >= i && a[ja] === b[jb]) { ja--; jb--; }
  // What differs is a[i..ja] against b[i..jb].
  const ra = ja - i + 1, rb = jb - i + 1;
  if (ra <= 1 && rb <= 1) return true;
  return ra === 2 && rb === 2 && a[i] === b[i + 1] && a[i + 1] === b[i];
}
