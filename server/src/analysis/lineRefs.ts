// "line 7" in a message is an absolute position, but a stage's findings are cached by content
// and re-used wherever the stage moves. Messages therefore carry line numbers as markers that
// are shifted with the finding's ranges and rendered as plain numbers when analysis returns.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKED = /\uE000(\d+)\uE001/g;

/** `line 7`: the 1-based number of zero-based `line`, as a marker analyze() renders. */
export function lineRef(line: number): string {
  return OPEN + String(line + 1) + CLOSE;
}

export function shiftLineRefs(text: string, delta: number): string {
  if (delta === 0 || !text.includes(OPEN)) return text;
  return text.replace(MARKED, (_, n: string) => OPEN + String(Number(n) + delta) + CLOSE);
}

export function renderLineRefs(text: string): string {
  return text.includes(OPEN) ? text.replace(MARKED, '$1') : text;
}
