// The variables a Dockerfile word refers to, read the way BuildKit's word expansion reads them:
// single quotes keep `$` literal, the escape character hides the next character, and
// `${NAME:-word}` / `${NAME-word}` / `${NAME:+word}` / `${NAME?word}` name NAME and may name
// more variables inside `word`. One pass over the word, no backtracking.

export interface VarRef {
  name: string;
  /** Offset of the `$` in the word, and the length of the whole reference (`${A:-x}` is 7). */
  offset: number;
  length: number;
  /** The modifier of `${NAME<op>word}` (`:-`, `-`, `:+`, `+`, `:?`, `?`), '' for a plain reference. */
  op: string;
}

// Character tests by code (this runs on every expanded word of every stage).
const isNameStart = (c: string | undefined) => c !== undefined && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_');
const isNameChar = (c: string | undefined) => isNameStart(c) || (c !== undefined && c >= '0' && c <= '9');

export function varRefs(word: string, escapeChar = '\\'): VarRef[] {
  const out: VarRef[] = [];
  scan(word, 0, word.length, escapeChar, out, false);
  return out;
}

/** Scans word[from, to); returns where it stopped (at a `}` closing a modifier word when `inBraces`). */
function scan(word: string, from: number, to: number, escapeChar: string, out: VarRef[], inBraces: boolean): number {
  let i = from;
  let doubleQuoted = false;
  while (i < to) {
    const c = word[i];
    if (c === escapeChar) { i += 2; continue; }
    if (c === "'" && !doubleQuoted) {
      const close = word.indexOf("'", i + 1);
      i = close < 0 || close >= to ? to : close + 1;
      continue;
    }
    if (c === '"') { doubleQuoted = !doubleQuoted; i++; continue; }
    if (inBraces && c === '}') return i;
    if (c !== '$') { i++; continue; }
    const next = word[i + 1];
    if (next === '{') {
      let j = i + 2;
      if (j >= to || !isNameStart(word[j])) { i += 2; continue; }
      while (j < to && isNameChar(word[j])) j++;
      const name = word.slice(i + 2, j);
      let end = j;
      let op = '';
      if (word[j] === ':' && /[-+?]/.test(word[j + 1] ?? '')) { op = word.slice(j, j + 2); end = scan(word, j + 2, to, escapeChar, out, true); }
      else if (/[-+?]/.test(word[j] ?? '')) { op = word[j]; end = scan(word, j + 1, to, escapeChar, out, true); }
      if (word[end] !== '}') { i = end; continue; } // unclosed: BuildKit refuses the word; the syntax check says so
      out.push({ name, offset: i, length: end + 1 - i, op });
      i = end + 1;
      continue;
    }
    if (isNameStart(next)) {
      let j = i + 1;
      while (j < to && isNameChar(word[j])) j++;
      out.push({ name: word.slice(i + 1, j), offset: i, length: j - i, op: '' });
      i = j;
      continue;
    }
    i++;
  }
  return i;
}
