// Findings in document order (by start line, then start character; equal positions keep the
// order they came in: rule order, syntax last). A comparison sort of every finding was a
// noticeable part of each keystroke on files with thousands of findings; bucketing by line is
// linear, and the runs of one line are short.

type Positioned = { range: { start: { line: number; character: number } } };

const byPosition = (a: Positioned, b: Positioned) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;

/** A new array (or `list` itself, sorted in place, when it is short or a line is out of `lineCount`). */
export function sortByPosition<T extends Positioned>(list: T[], lineCount: number): T[] {
  if (list.length < 64) return list.sort(byPosition);
  // Each finding's position read once (findings have many shapes: property reads are the cost).
  const n = list.length;
  const lines = new Int32Array(n), chars = new Float64Array(n);
  const starts = new Int32Array(lineCount + 1);
  for (let i = 0; i < n; i++) {
    const { line, character } = list[i].range.start;
    if (!(line >= 0 && line < lineCount) || !Number.isInteger(line)) return list.sort(byPosition);
    lines[i] = line;
    chars[i] = character;
    starts[line + 1]++;
  }
  for (let l = 1; l <= lineCount; l++) starts[l] += starts[l - 1];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[starts[lines[i]]++] = i;
  // Within one line, a stable insertion sort by character.
  for (let k = 1; k < n; k++) {
    const i = order[k];
    let j = k - 1;
    while (j >= 0 && lines[order[j]] === lines[i] && chars[order[j]] > chars[i]) { order[j + 1] = order[j]; j--; }
    order[j + 1] = i;
  }
  const out = new Array<T>(n);
  for (let k = 0; k < n; k++) out[k] = list[order[k]];
  return out;
}
