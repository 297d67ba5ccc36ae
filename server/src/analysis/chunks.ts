// Splits a Dockerfile into runs of whole instructions so each run can be parsed (and
// validated) on its own and cached: an edit then re-parses only the run it touches.
// dockerfile-ast carries no state across instruction boundaries except the escape
// character, which the caller re-declares for each chunk.
import { emptyList } from './lists';

export interface Chunk {
  /** First line of the chunk in the document (zero-based). */
  startLine: number;
  /** Number of lines in the chunk. */
  lineCount: number;
  /** The chunk's exact text, line breaks included. */
  text: string;
}

// Heredocs are read the way dockerfile-ast reads them (the fuzz tests compare the two): an
// argument word starting with `<<` names one; `<<-` anywhere lets every body's end marker be
// indented with tabs; ONBUILD RUN/COPY/ADD count too. Patterns are matched at a position
// (sticky) instead of on a trimmed copy of the line.
const HEREDOC_KEYWORDS_AT = /(?:onbuild[ \t]+)?(?:run|copy|add)(?:[ \t]|$)/iy;
const FROM_AT = /from\b/iy;

function startsWithAt(pattern: RegExp, line: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(line);
}

/** Where `line.trimStart()` would start, without making it. */
function contentStart(line: string): number {
  let i = 0;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c > 127) return line.length - line.trimStart().length; // Unicode white space: as trimStart reads it
    if (c !== 32 && (c < 9 || c > 13)) break;
  }
  return i;
}

/** Where `line.trimEnd()` would end, without making it. */
function contentEnd(line: string): number {
  let i = line.length;
  for (; i > 0; i--) {
    const c = line.charCodeAt(i - 1);
    if (c > 127) return line.trimEnd().length;
    if (c !== 32 && (c < 9 || c > 13)) break;
  }
  return i;
}

/** dockerfile-ast's heredoc name for an argument word, or null. */
function heredocName(word: string): string | null {
  let value = word.slice(2);
  if (value[0] === '-') value = value.slice(1);
  if (value[0] === '"') {
    if (value.length < 2 || value[value.length - 1] !== '"') return null;
    value = value.slice(1, -1);
  }
  if (value[0] === "'") {
    if (value.length < 2 || value[value.length - 1] !== "'") return null;
    value = value.slice(1, -1);
  }
  return value[0] === '<' ? null : value;
}

/** Heredoc openers on one line of an instruction (escapes removed from words, as the parser does). */
function heredocWords(line: string, escapeChar: string): string[] {
  if (!line.includes('<<')) return [];
  const body = line.trimEnd().endsWith(escapeChar) ? line.trimEnd().slice(0, -1) : line;
  const out: string[] = [];
  for (const raw of body.split(/[ \t]+/)) {
    if (!raw.includes('<<')) continue;
    let word = '';
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] === escapeChar && i + 1 < raw.length) { word += raw[i + 1] === '$' ? raw[i] + raw[i + 1] : raw[i + 1]; i++; } else word += raw[i];
    }
    if (word.startsWith('<<') && word.length > 2) out.push(word);
  }
  return out;
}

/** A CR not followed by LF: a line break for the editor and dockerfile-ast, none for BuildKit (it splits on LF). */
export function hasLoneCr(text: string): boolean {
  return text.includes('\r') && /\r(?!\n)/.test(text);
}

/** Reads the `# escape=` parser directive the way the builder does (only at the very top). */
export function escapeDirective(lines: string[]): string {
  for (const line of lines) {
    const m = /^\s*#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) return m[2];
  }
  return '\\';
}

/** One instruction's lines: from its keyword to its last line (continuations and heredoc bodies included). */
export interface InstructionSpan { startLine: number; endLine: number }

/**
 * Where instructions start and end, as the builder reads them: escaped line breaks and
 * heredoc bodies belong to their instruction; comments and blank lines between
 * instructions belong to none. A cheap line scan, so callers can look before parsing.
 */
export function instructionSpans(lines: string[], escapeChar: string, previous?: PreviousSpans, text?: string): InstructionSpan[] {
  if (!previous || text === undefined || previous.escapeChar !== escapeChar) return scanSpans(lines, escapeChar, 0, []);
  return rescanChanged(lines, escapeChar, previous, text);
}

/** A version's spans, with the text and lines they were read from: what the next version may re-use. */
export interface PreviousSpans { text: string; lines: string[]; escapeChar: string; spans: InstructionSpan[] }

/**
 * Spans before the changed lines are the previous version's; the scan restarts at the last
 * instruction that starts before them (the state is clean there) and stops at the first
 * instruction start past them that the previous version also had (same lines after it, same
 * state: the same spans, shifted by the lines the edit added).
 */
function rescanChanged(lines: string[], escapeChar: string, previous: PreviousSpans, text: string): InstructionSpan[] {
  const change = changedLines(previous, text, lines);
  const old = previous.spans;
  if (!change) return old;
  // The last span starting before the first changed line, and the earlier ones as they were.
  let k = -1;
  for (let lo = 0, hi = old.length - 1; lo <= hi;) {
    const mid = (lo + hi) >> 1;
    if (old[mid].startLine < change.first) { k = mid; lo = mid + 1; } else hi = mid - 1;
  }
  const out = k > 0 ? old.slice(0, k) : [];
  const delta = lines.length - previous.lines.length;
  let j = 0;
  return scanSpans(lines, escapeChar, k >= 0 ? old[k].startLine : 0, out, (line, spans) => {
    if (line < change.newEnd) return false;
    while (j < old.length && old[j].startLine < line - delta) j++;
    if (j >= old.length || old[j].startLine !== line - delta) return false;
    for (; j < old.length; j++) spans.push(delta === 0 ? old[j] : { startLine: old[j].startLine + delta, endLine: old[j].endLine + delta });
    return true;
  });
}

/**
 * Lines `[0, first)` are the same in both versions (terminators included), and so are the new
 * lines from `newEnd` on and the old ones from `newEnd - (new count - old count)`; undefined when
 * the texts are equal.
 */
function changedLines(previous: PreviousSpans, text: string, lines: string[]): { first: number; newEnd: number } | undefined {
  const before = previous.text;
  if (before === text) return undefined;
  const prefix = commonPrefix(before, text);
  const suffix = commonSuffix(before, text, Math.min(before.length, text.length) - prefix);
  const oldStarts = lineOffsets(before, previous.lines.length, previous.lines);
  const newStarts = lineOffsets(text, lines.length, lines);
  // One line of margin: a CR at the end of the prefix may have become (or stopped being) a CRLF.
  const first = Math.max(0, Math.min(lineAt(oldStarts, prefix), lineAt(newStarts, prefix)) - 1);
  // The first line that starts after the first character of the common suffix (the break before it is common too).
  let lo = 0, hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (newStarts[mid] > text.length - suffix) hi = mid; else lo = mid + 1;
  }
  return { first, newEnd: Math.max(lo, first + 1) };
}

/**
 * The lines of `text` (as `text.split(/\r\n|\r|\n/)` gives them), taking the previous version's
 * strings for the lines before and after the changed ones: a keystroke on a 10,000-line file
 * makes a few strings, not 10,000. The changed lines are copies, so a kept line never holds on
 * to the whole text of the version that made it (only the first version's, which its lines cut).
 */
export function linesAfterEdit(previous: PreviousSpans, text: string): string[] {
  const before = previous.text, old = previous.lines;
  if (before === text) return old;
  const prefix = commonPrefix(before, text);
  const suffix = commonSuffix(before, text, Math.min(before.length, text.length) - prefix);
  const starts = lineOffsets(before, old.length, old);
  // One line of margin each side: a CR at either end of the change may have become (or stopped being) a CRLF.
  const head = Math.max(0, lineAt(starts, prefix) - 1);
  let lo = 0, hi = old.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] > before.length - suffix) hi = mid; else lo = mid + 1;
  }
  const tail = Math.min(old.length, lo + 1);
  // Old lines [head, tail) are replaced by the new text between the same neighbours.
  const from = starts[head];
  const to = text.length - (before.length - starts[tail]);
  const changed = splitAll(text.slice(from, to));
  if (tail < old.length) changed.pop(); // the region ends with a line break: what follows it is line `tail`
  const out = old.slice(0, head);
  for (const line of changed) out.push(line.length < 13 ? line : (' ' + line).slice(1));
  for (let l = tail; l < old.length; l++) out.push(old[l]);
  return out;
}

function splitAll(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/** The line holding offset `at`: the last one starting at or before it. */
function lineAt(starts: number[], at: number): number {
  let lo = 0, hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid; else hi = mid - 1;
  }
  return Math.max(0, lo);
}

// Compared in blocks (the engine compares equal strings natively), then character by character.
const BLOCKS = [65536, 4096, 256, 16];

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (const step of BLOCKS) while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  for (const step of BLOCKS) while (i + step <= max && a.slice(a.length - i - step, a.length - i) === b.slice(b.length - i - step, b.length - i)) i += step;
  while (i < max && a.charCodeAt(a.length - i - 1) === b.charCodeAt(b.length - i - 1)) i++;
  return i;
}

/** The line scan from `from` (a line where no instruction is open), adding to `spans`; `stop` may end it at an instruction start. */
function scanSpans(lines: string[], escapeChar: string, from: number, spans: InstructionSpan[], stop?: (line: number, spans: InstructionSpan[]) => boolean): InstructionSpan[] {
  let current: InstructionSpan | undefined;
  let continuing = false;
  let heredocKeyword = false;
  let keywordPending = false;
  // The last line was a keyword with the escape right after it (`RUN\`): dockerfile-ast then reads
  // the next line as the arguments even when it looks like a comment (found by fuzzing).
  let keywordContinued = false;
  // A heredoc instruction's lines so far, escaped line breaks removed: a word (`<<EOF`, even `<<`)
  // can run on over a line break, and dockerfile-ast reads the joined word (found by fuzzing).
  let joined = '';
  let openHeredocs: string[] = [];
  let openTabbed = false;
  for (let l = from; l < lines.length; l++) {
    const line = lines[l];
    if (openHeredocs.length > 0) {
      const body = openTabbed ? line.replace(/^\t+/, '') : line;
      // An empty name never ends (the parser needs a word at the start of the line).
      if (body !== '' && body === openHeredocs[0]) openHeredocs.shift();
      if (current) current.endLine = l;
      continue;
    }
    // Positions instead of trimmed copies: this runs over every line of every version.
    const first = contentStart(line);
    const end = contentEnd(line);
    const blankOrComment = first === line.length || line.charCodeAt(first) === 35; // '#'
    const onlyEscape = end - first === 1 && line[first] === escapeChar;
    // This line holds the instruction's keyword: its first line, or the first that is not only an escape.
    let atKeyword = false;
    if (!continuing) {
      if (blankOrComment) continue;
      // A new instruction starts here.
      if (stop?.(l, spans)) return spans;
      spans.push(current = { startLine: l, endLine: l });
      // A line that is only an escape continues into the keyword on a later line (found by fuzzing).
      keywordPending = onlyEscape;
      atKeyword = !onlyEscape;
      heredocKeyword = !keywordPending && startsWithAt(HEREDOC_KEYWORDS_AT, line, first);
      joined = '';
    } else if (blankOrComment && !(keywordContinued && first < line.length)) {
      continue; // comments and blank lines inside a continuation do not end it
    } else if (keywordPending && !onlyEscape) {
      keywordPending = false;
      atKeyword = true;
      heredocKeyword = startsWithAt(HEREDOC_KEYWORDS_AT, line, first);
    }
    if (current) current.endLine = l;
    keywordContinued = atKeyword && wordThenEscape(line, first, end, escapeChar);
    continuing = end > 0 && line[end - 1] === escapeChar;
    if (!heredocKeyword) continue;
    if (continuing) { joined += line.slice(0, end - 1); continue; }
    const words = heredocWords(joined === '' ? line : joined + line, escapeChar);
    joined = '';
    let tabbed = false;
    const names: string[] = [];
    for (const word of words) {
      if (word.startsWith('<<-')) tabbed = true;
      const name = heredocName(word);
      if (name !== null) names.push(name);
    }
    if (names.length > 0) { openHeredocs = names; openTabbed = tabbed; }
  }
  return spans;
}

/** `line[first, end)` is one word with the escape character right after it (`RUN\`, not `\` alone). */
function wordThenEscape(line: string, first: number, end: number, escapeChar: string): boolean {
  if (end - first < 2 || line[end - 1] !== escapeChar) return false;
  for (let i = first; i < end - 1; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9) return false;
  }
  return true;
}

/**
 * Cuts at instruction starts (never inside a continuation or a heredoc body); the first chunk
 * always reaches the first FROM. Where to cut is decided by the content around the line that would
 * start the next chunk, not by the distance from the last cut. With distance alone (a cut once a
 * chunk had 48 lines), an edit that added a line or an instruction start moved every later cut, so
 * every later chunk was new text to parse: typing on a blank line near the top of a 10,000-line
 * file re-parsed the whole file. Now the cuts below an edit are, nearly always, the same lines
 * shifted, and their chunks are found in the cache.
 *
 * An instruction start is a cut when its chunk has at least `minLines` lines and a hash of the
 * line's first characters, modulo CUT_ODDS, is below the number of lines since the instruction
 * before it: about one line in CUT_ODDS is a cut, however many lines an instruction takes, so
 * chunks average about `minLines` + CUT_ODDS lines. A chunk of MAX_LINES is cut at its next
 * instruction whatever the hash (rare: about one chunk in 1,500).
 */
export function splitIntoChunks(text: string, lines: string[], escapeChar: string, minLines = 24, spans = instructionSpans(lines, escapeChar)): Chunk[] {
  const lineStarts = lineOffsets(text, lines.length, lines);
  const chunks: Chunk[] = emptyList();
  let chunkStart = 0;
  let seenFrom = false;
  let previousStart = 0;
  const cut = (line: number) => {
    chunks.push({ startLine: chunkStart, lineCount: line - chunkStart, text: text.slice(lineStarts[chunkStart], lineStarts[line]) });
    chunkStart = line;
  };
  for (const { startLine: l } of spans) {
    const size = l - chunkStart;
    if (seenFrom && size >= minLines && (cutRank(lines[l]) < l - previousStart || size >= MAX_LINES)) cut(l);
    if (!seenFrom && startsWithAt(FROM_AT, lines[l], contentStart(lines[l]))) seenFrom = true;
    previousStart = l;
  }
  if (chunkStart < lines.length) cut(lines.length);
  return chunks;
}

const CUT_ODDS = 32;
const MAX_LINES = 256;
/** Characters of a line the cut decision reads: typing further right on a long line moves no cut. */
const CUT_PREFIX = 24;

/** 0 … CUT_ODDS − 1 from the line's first characters (FNV-1a; leading and trailing blanks aside). */
function cutRank(line: string): number {
  const from = contentStart(line);
  const to = Math.min(contentEnd(line), from + CUT_PREFIX);
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  return (h >>> 0) % CUT_ODDS;
}

/**
 * Offsets where each line starts, plus the text's length at index `count`. Given the text's
 * `lines`, computed once per lines array (the size check, the chunker and the stage keys all ask)
 * and, for a text without CR, from the line lengths instead of every character.
 */
export function lineOffsets(text: string, count: number, lines?: string[]): number[] {
  if (lines) {
    const hit = offsetsOf.get(lines);
    if (hit && hit.text === text && hit.starts.length === count + 1) return hit.starts;
  }
  const starts = lines && lines.length === count && !text.includes('\r') ? fromLengths(text, lines) : scan(text, count);
  if (lines) offsetsOf.set(lines, { text, starts });
  return starts;
}

const offsetsOf = new WeakMap<string[], { text: string; starts: number[] }>();

function fromLengths(text: string, lines: string[]): number[] {
  const starts = new Array<number>(lines.length + 1);
  starts[0] = 0;
  for (let l = 1; l < lines.length; l++) starts[l] = starts[l - 1] + lines[l - 1].length + 1;
  starts[lines.length] = text.length;
  return starts;
}

function scan(text: string, count: number): number[] {
  const starts = new Array<number>(count + 1);
  starts[0] = 0;
  let line = 1;
  for (let i = 0; i < text.length && line < count; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts[line++] = i + 1;
    } else if (c === 10) {
      starts[line++] = i + 1;
    }
  }
  while (line <= count) starts[line++] = text.length;
  return starts;
}

/**
 * A bounded cache in two generations: entries used since the last rotation live in `current`;
 * a hit in `previous` is carried over. When `current` reaches its budget it becomes `previous`
 * and the older generation is dropped, so chunks of documents being edited stay cached while
 * memory stays bounded. The budget is small on purpose: a cached parse retains ~25× its text
 * (plain-data instructions with their ranges).
 */
export class ChunkCache<T> {
  private current = new Map<string, T>();
  private previous = new Map<string, T>();
  private chars = 0;
  constructor(private readonly maxChars = 512 * 1024, private readonly maxEntries = 4000) {}
  get(key: string): T | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) { this.previous.delete(key); this.set(key, old); }
    return old;
  }
  set(key: string, value: T): void {
    if (this.chars + key.length > this.maxChars || this.current.size >= this.maxEntries) {
      this.previous = this.current;
      this.current = new Map();
      this.chars = 0;
    }
    this.current.set(key, value);
    this.chars += key.length;
  }
  clear(): void { this.current.clear(); this.previous.clear(); this.chars = 0; }
  get size(): number { return this.current.size + this.previous.size; }
}
