// Findings in document order (by start line, then start character; equal positions keep the
// order they came in: rule order, syntax last). A comparison sort of every finding was a
// noticeable part of each keystroke on files with thousands of findings; bucketing by line is
// linear, and the runs of one line are short.

type Positioned = { range: { start: { line: number; character: number } } };

const byPosition = (a: Positioned, b: Positioned) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;

/** A new array (or `list` itself, sorted in place, when it is short or a line is out of `lineCount`). */
export function sortByPosition<T extends Positioned>(list: T[], lineCount: number): T[] {
  if (list.length < 64) return list.sort(byPosition);
  const starts = new Int32Array(lineCount + 1);
  for (const f of list) {
    const line = f.range.start.line;
    if (!(line >= 0 && line < lineCount) || !Number.isInteger(line)) return list.sort(byPosition);
    starts[line + 1]++;
  }
  for (let l = 1; l <= lineCount; l++) starts[l] += starts[l - 1];
  const out = new Array<T>(list.length);
  for (const f of list) out[starts[f.range.start.line]++] = f;
  // Within one line, a stable insertion sort by character.
  for (let i = 1; i < out.length; i++) {
    const f = out[i];
    let j = i - 1;
    while (j >= 0 && out[j].range.start.line === f.range.start.line && out[j].range.start.character > f.range.start.character) { out[j + 1] = out[j]; j--; }
    out[j + 1] = f;
  }
  return out;
}
