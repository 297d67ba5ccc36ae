// What the cursor is in, read from the text around it: the instruction (continuation lines joined),
// the word and, inside a `--flag=value`, the flag and the value typed so far. Cheap on purpose:
// completion runs on every keystroke and must not parse the file again.
import type { Position } from './types';

export interface CursorWord {
  /** Upper-case keyword of the instruction the cursor is in ('' before one). */
  keyword: string;
  /** The word the cursor ends, from its start to the cursor. */
  prefix: string;
  /** Where that word starts (same line as the cursor: words do not span continuation lines here). */
  start: Position;
  /** Index among the instruction's non-flag arguments (0 = first), -1 for the keyword, or a flag. */
  argIndex: number;
  /** Non-flag arguments after the cursor's word (a COPY source is followed by a destination). */
  argsAfter: number;
  /** `--name=` of the flag the cursor is in, lower-cased, if any; `value` is what follows `=`. */
  flag?: { name: string; value: string; valueStart: Position };
  /** Every flag written before the cursor, lower-cased name → value. */
  flags: Map<string, string>;
}

const DIRECTIVE = /^#\s*escape\s*=\s*([\\`])\s*$/i;

export function escapeCharOf(lines: string[]): string {
  for (const line of lines) {
    const m = DIRECTIVE.exec(line.trim());
    if (m) return m[1];
    if (!/^#\s*\w+\s*=/.test(line.trim())) break; // directives only at the top
  }
  return '\\';
}

function continues(line: string, escapeChar: string): boolean {
  return line.trimEnd().endsWith(escapeChar);
}

/** The cursor's word in its instruction, or undefined in a comment. */
export function cursorWord(lines: string[], position: Position, escapeChar = escapeCharOf(lines)): CursorWord | undefined {
  const here = (lines[position.line] ?? '').slice(0, position.character);
  if (here.trimStart().startsWith('#')) return undefined;
  // Earlier lines of the same instruction (comment lines inside an instruction are skipped by the builder).
  let first = position.line;
  while (first > 0) {
    const prev = lines[first - 1];
    if (prev.trimStart().startsWith('#') && first - 2 >= 0 && continues(lines[first - 2], escapeChar)) { first--; continue; }
    if (!continues(prev, escapeChar)) break;
    first--;
  }
  const before: string[] = [];
  for (let l = first; l < position.line; l++) {
    if (lines[l].trimStart().startsWith('#') && l !== first) continue;
    before.push(lines[l].trimEnd().slice(0, -1));
  }
  const lineWords = splitWords(here);
  const earlierWords = before.flatMap(splitWords).map(w => w.text);
  const endsInWord = here.length > 0 && !/\s$/.test(here);
  const current = endsInWord ? lineWords[lineWords.length - 1] : undefined;
  const preceding = [...earlierWords, ...(current ? lineWords.slice(0, -1) : lineWords).map(w => w.text)];
  const prefix = current?.text ?? '';
  const start = { line: position.line, character: current ? current.start : position.character };
  if (preceding.length === 0) {
    return { keyword: '', prefix, start, argIndex: -1, argsAfter: 0, flags: new Map() };
  }
  const keyword = preceding[0].toUpperCase();
  const flags = new Map<string, string>();
  let args = 0;
  for (const w of preceding.slice(1)) {
    const m = /^--([A-Za-z-]+)(?:=(.*))?$/.exec(w);
    if (m && args === 0) flags.set(m[1].toLowerCase(), m[2] ?? '');
    else args++;
  }
  const word: CursorWord = { keyword, prefix, start, argIndex: args, argsAfter: 0, flags };
  const flagMatch = args === 0 ? /^--([A-Za-z-]+)=/.exec(prefix) : null;
  if (flagMatch) {
    word.argIndex = -1;
    word.flag = {
      name: flagMatch[1].toLowerCase(), value: prefix.slice(flagMatch[0].length),
      valueStart: { line: position.line, character: start.character + flagMatch[0].length },
    };
  }
  const after = (lines[position.line] ?? '').slice(position.character);
  word.argsAfter = splitWords(after.replace(/^\S*/, '')).filter(w => !w.text.startsWith('--') && w.text !== escapeChar).length;
  return word;
}

function splitWords(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ text: m[0], start: m.index });
  return out;
}
