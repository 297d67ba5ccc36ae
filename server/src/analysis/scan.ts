// A scanner of our own for the model's hot path: reads a Dockerfile's instructions and comments
// into the same plain data the dockerfile-ast path builds (model.ts toInstr), without building
// parser objects, text documents or re-tokenising arguments per accessor call.
//
// It answers only for the shapes it is sure about and returns undefined for anything else
// (heredocs other than one plain `<<NAME`, escaped spaces mid-line, escapes inside comments, lone CR line breaks, a BOM, …);
// the caller then parses with dockerfile-ast, which stays the parser of record. The property
// tests (test/analysis/scan.test.ts, the fuzz run) check the two agree wherever it answers.
import { Flag, Instr, CommentLine, Property, FromClause, newFromClause, newInstr, setCommand, textOf } from './model';
import { Range } from './types';
import { flagsOf, jsonStrings, propertiesOf, RawArg, Unsupported } from './scanParts';
import { heredocEnd, heredocOpener, heredocsOf, Opener } from './scanHeredoc';
import { emptyList, listOf } from './lists';
import { hasLoneCr } from './chunks';

export interface ScannedText { instrs: Instr[]; comments: CommentLine[]; escapeChar: string }

/** What the text's positions are: line starts for offset → (line, character). */
export class Positions {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) { if (text.charCodeAt(i + 1) === 10) i++; this.starts.push(i + 1); }
    }
  }
  at(offset: number): { line: number; character: number } {
    const s = this.starts;
    let lo = 0, hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    // As TextDocument.positionAt: an offset between a CR and its LF is before the CR.
    const character = offset > s[lo] && this.text.charCodeAt(offset - 1) === 13 ? offset - 1 - s[lo] : offset - s[lo];
    return { line: lo, character };
  }
  range(start: number, end: number): Range { return { start: this.at(start), end: this.at(end) }; }
  /** Offset of the start of `line` (the text's length past the last line). */
  lineStart(line: number): number { return line < this.starts.length ? this.starts[line] : this.text.length; }
}

const isWs = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isNl = (c: string) => c === '\r' || c === '\n';

/** Trims only what dockerfile-ast counts as whitespace (not every Unicode space, as trim() does). */
function trimBlanks(s: string): string {
  let a = 0, b = s.length;
  while (a < b && isWs(s[a])) a++;
  while (b > a && isWs(s[b - 1])) b--;
  return s.slice(a, b);
}

/**
 * The instructions and comments of `text` as dockerfile-ast reads them (parser directives
 * included), or undefined when the text holds something this scanner does not handle.
 * `lines` is the text split at line breaks; `commandEscape` is the escape the caller joins
 * shell continuations with (as toInstr is given).
 */
export function scanDockerfile(text: string, lines: string[], commandEscape: string): ScannedText | undefined {
  try {
    return scan(text, lines, commandEscape);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function scan(text: string, lines: string[], commandEscape: string): ScannedText {
  if (text.charCodeAt(0) === 0xfeff) throw new Unsupported('byte order mark');
  // dockerfile-ast reads an escaped lone CR as CR LF and skips the next line's first character.
  if (hasLoneCr(text)) throw new Unsupported('lone CR');
  const pos = new Positions(text);
  const { count, escapeChar } = directives(text);
  const esc = escapeChar;
  const instrs: Instr[] = emptyList();
  const comments: CommentLine[] = emptyList();
  const n = text.length;
  for (let i = count > 0 ? pos.lineStart(count) : 0; i < n; i++) {
    const c = text[i];
    if (isWs(c)) continue;
    if (c === '#') { i = comment(text, i, pos, comments, ''); continue; }
    // The keyword: up to the first blank or line break.
    let k = i;
    while (k < n && !isWs(text[k])) {
      if (text[k] === esc) throw new Unsupported('escape in keyword');
      k++;
    }
    let end = k;
    if (k < n && (text[k] === ' ' || text[k] === '\t')) end = argumentsEnd(text, k, pos, comments, esc);
    const keyword = text.slice(i, k).toUpperCase();
    let opener: Opener | undefined;
    if (end > k && HEREDOC_KEYWORDS.has(keyword) && hasOpener(text, k, end)) {
      opener = heredocOpener(keyword, rawArguments(text, k, end, esc));
      if (opener) {
        const cleanHead = () => { if (text.slice(i, end).includes(esc)) throw new Unsupported('heredoc with escapes'); };
        cleanHead();
        // dockerfile-ast reads the body only when the head ends with a line break.
        if (end < n) end = heredocEnd(text, end, opener);
        cleanHead();
      }
    }
    instrs.push(instruction(text, lines, pos, i, k, end, esc, commandEscape, opener));
    i = end;
  }
  return { instrs, comments, escapeChar };
}

/**
 * A comment from `start` ('#') to the end of its line; returns the offset of that end. `esc` is
 * the escape character for a comment inside an instruction ('' between instructions).
 */
function comment(text: string, start: number, pos: Positions, out: CommentLine[], esc: string): number {
  let end = start + 1;
  while (end < text.length && !isNl(text[end])) end++;
  const raw = text.slice(start, end);
  // Inside a continuation dockerfile-ast's argument reader still honours escapes in comments;
  // rawArguments() reads one that ends the line (a commented-out continued line) as they do.
  if (esc && raw.includes(esc) && !endsWithContinuation(raw, esc, text.charCodeAt(end) === 10 || text.charCodeAt(end) === 13)) throw new Unsupported('escape in comment');
  const range = pos.range(start, end);
  const content = trimBlanks(raw.slice(1));
  out.push({ line: range.start.line, text: content, range });
  return end;
}

/** Whether the only escape in a comment line is its last character but blanks, before a line break. */
function endsWithContinuation(raw: string, esc: string, lineBreakAfter: boolean): boolean {
  if (!lineBreakAfter) return false;
  let j = raw.length - 1;
  while (j > 0 && (raw[j] === ' ' || raw[j] === '\t')) j--;
  return raw[j] === esc && raw.indexOf(esc) === j;
}

/** Where an instruction whose arguments start after `from` ends (its last line's break, or EOF). */
function argumentsEnd(text: string, from: number, pos: Positions, comments: CommentLine[], esc: string): number {
  const n = text.length;
  let escaped = false;
  for (let i = from + 1; i < n; i++) {
    const c = text[i];
    if (isNl(c)) {
      if (escaped) continue;
      return i;
    }
    if (c === esc) {
      const next = text[i + 1];
      if (next === '\n' || next === '\r') { escaped = true; i++; continue; }
      if (next === ' ' || next === '\t') {
        let j = i + 2;
        while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
        if (j < n && isNl(text[j])) { escaped = true; i = j; continue; }
        throw new Unsupported('escaped blank mid-line');
      }
      if (next === undefined) throw new Unsupported('escape at end of text');
      // An escaped character first on a continued line (`\\(` in find commands): the parser still
      // reads a `#` right after it as a comment, the argument reader does not.
      if (escaped) {
        let j = i + 2;
        while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
        const after = text[j];
        if (next === '#' || after === '#' || (after === esc && !isNl(text[j + 1] ?? ''))) throw new Unsupported('comment sign after an escape on a continued line');
      }
      if (next === esc && (i + 2 >= n || isWs(text[i + 2]))) throw new Unsupported('escaped escape before a blank');
      continue;
    }
    if (c === '#') {
      if (escaped) i = comment(text, i, pos, comments, esc);
      continue;
    }
    if (c !== ' ' && c !== '\t') escaped = false;
  }
  return n;
}

/** The arguments of the instruction text between `from` and `end`, as dockerfile-ast splits them. */
function rawArguments(text: string, from: number, end: number, esc: string): RawArg[] {
  const args: RawArg[] = [];
  let found = -1, escapeMarker = -1;
  let escaping = false, escapedBlank = false, comment = false, start = false;
  let value = '';
  const push = (to: number) => { args.push({ value, start: found, end: to }); value = ''; found = -1; escapeMarker = -1; };
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (isWs(c)) {
      if (escaping) {
        escapedBlank = true;
        if (isNl(c)) {
          escapedBlank = false;
          if (comment) { comment = false; start = true; }
        }
        continue;
      }
      if (found !== -1) push(escapeMarker === -1 ? i : escapeMarker);
    } else if (c === esc) {
      const next = i + 1 < end ? text[i + 1] : '';
      if (next === ' ' || next === '\t') {
        let j = i + 2;
        while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
        if (j >= end || !isNl(text[j])) throw new Unsupported('escaped blank mid-line');
        if (text[j] === '\r') j++;
        comment = false; escaping = true; start = true;
        if (found !== -1) escapeMarker = i;
        i = j;
      } else if (next === '\r' || next === '\n') {
        comment = false; escaping = true; start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += next === '\r' ? 2 : 1;
      } else {
        if (comment) throw new Unsupported('escape in comment');
        if (next === '') throw new Unsupported('escape at end');
        if (escapedBlank && escapeMarker !== -1) push(escapeMarker);
        escapeMarker = -1; escapedBlank = false; escaping = false;
        value += next === '$' ? c + next : next;
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && c === '#') comment = true;
      else {
        if (escapedBlank && escapeMarker !== -1) push(escapeMarker);
        escapedBlank = false; escaping = false; escapeMarker = -1;
        value += c;
        if (found === -1) found = i;
      }
      start = false;
    }
  }
  if (found !== -1) push(escapeMarker === -1 ? end : escapeMarker);
  return args;
}

const JSON_KEYWORDS = new Set(['ADD', 'CMD', 'COPY', 'ENTRYPOINT', 'RUN', 'SHELL', 'VOLUME']);
const PROPERTY_KEYWORDS = new Set(['ARG', 'ENV', 'LABEL']);

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'ONBUILD']);

/** Whether `<<` occurs between `from` and `to` (only then can the head open a heredoc). */
function hasOpener(text: string, from: number, to: number): boolean {
  for (let i = from; i < to - 1; i++) if (text.charCodeAt(i) === 60 && text.charCodeAt(i + 1) === 60) return true;
  return false;
}

function instruction(text: string, lines: string[], pos: Positions, start: number, keywordEnd: number, end: number, esc: string, commandEscape: string, opener: Opener | undefined): Instr {
  const keyword = text.slice(start, keywordEnd).toUpperCase();
  const raw = rawArguments(text, keywordEnd, end, esc);
  if (!opener && HEREDOC_KEYWORDS.has(keyword) && raw.some(a => a.value.startsWith('<<'))) throw new Unsupported('heredoc');
  const flagList: Flag[] = flagsOf(keyword, raw, text, pos);
  const args = flagList.length > 0 ? raw.slice(flagList.length) : raw;
  const flags = new Map<string, string | null>();
  for (const f of flagList) flags.set(f.name.toLowerCase(), f.value);
  const range = pos.range(start, end);
  const properties: Property[] = PROPERTY_KEYWORDS.has(keyword) ? propertiesOf(text, keywordEnd, end, pos, esc) : emptyList();
  const instr = newInstr(-1, keyword, range, pos.range(start, keywordEnd), -1, listOf(args, a => a.value), listOf(args, a => pos.range(a.start, a.end)), flags, flagList, properties);
  if (opener) instr.heredocs = heredocsOf(text, lines, args, start, end, opener, pos, textOf);
  if (keyword === 'FROM') instr.fromClause = fromClause(text, args, flagList, pos);
  const json = JSON_KEYWORDS.has(keyword) ? jsonStrings(text, args, pos) : undefined;
  if (keyword === 'COPY' || keyword === 'ADD') instr.copyExecWords = execWords(json, lines);
  if (keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT' || keyword === 'HEALTHCHECK') {
    setCommand(instr, execWords(json, lines), lines, commandEscape);
  }
  return instr;
}

/** As model.ts execForm: the exec-form strings read from the source text. */
function execWords(json: Range[] | undefined, lines: string[]): string[] | undefined {
  if (!json) return undefined;
  return listOf(json, r => {
    const raw = textOf(lines, r);
    try { return JSON.parse(raw); } catch { return raw.replace(/^"|"$/g, ''); }
  });
}

function fromClause(text: string, args: RawArg[], flags: Flag[], pos: Positions): FromClause {
  const stage = args.length > 2 && args[1].value.toUpperCase() === 'AS' ? args[2] : undefined;
  return newFromClause(
    args.length > 0 ? args[0].value : '', args.length > 0 ? pos.range(args[0].start, args[0].end) : null,
    stage ? text.slice(stage.start, stage.end) : undefined, stage ? pos.range(stage.start, stage.end) : null,
    flags.length === 1 && flags[0].name === 'platform' ? flags[0].value ?? undefined : undefined,
  );
}

/**
 * Parser directives at the top of the text (`# name=value` lines), read as dockerfile-ast reads
 * them: how many lines they take and the escape character they set.
 */
function directives(text: string): { count: number; escapeChar: string } {
  const n = text.length;
  let count = 0;
  let escapeChar: string | undefined;
  outer: for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t') continue;
    if (c !== '#') break;
    let nameStart = -1, nameEnd = -1;
    for (let j = i + 1; j < n; j++) {
      const ch = text[j];
      if (ch === ' ' || ch === '\t') { if (nameStart !== -1 && nameEnd === -1) nameEnd = j; continue; }
      if (ch === '\r' || ch === '\n') break outer;
      if (ch !== '=') { if (nameStart === -1) nameStart = j; continue; }
      let valueStart = -1, valueEnd = -1, lineEnd = n;
      if (nameEnd === -1) nameEnd = j;
      for (let k = j + 1; k < n; k++) {
        const v = text[k];
        if (v === '\r' || v === '\n') { if (valueStart !== -1 && valueEnd === -1) valueEnd = k; lineEnd = k; break; }
        if (v === ' ' || v === '\t') { if (valueStart !== -1 && valueEnd === -1) valueEnd = k; continue; }
        if (valueStart === -1) valueStart = k;
      }
      if (nameStart === -1) break outer;
      if (valueStart === -1) { valueStart = j + 1; valueEnd = lineEnd; } else if (valueEnd === -1) valueEnd = n;
      count++;
      const value = text.slice(valueStart, valueEnd);
      if (escapeChar === undefined && text.slice(nameStart, nameEnd).toLowerCase() === 'escape' && (value === '\\' || value === '`')) escapeChar = value;
      i = text[valueEnd] === '\r' ? valueEnd + 1 : valueEnd;
      continue outer;
    }
    break;
  }
  return { count, escapeChar: escapeChar ?? '\\' };
}
