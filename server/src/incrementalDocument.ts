// The open document's text as the server holds it. vscode-languageserver-textdocument copies the
// whole text (and shifts every later line offset) on every change, so a burst of 2,000 keystrokes
// on a 600 KB file costs 2,000 copies before anything can answer. Here a change is only queued
// (O(change)); the queue is applied to a line array in one pass when someone reads the text
// (an analysis, a hover, a code action, completion, …), and the joined text is kept until the
// next change. Positions behave exactly as in that library: UTF-16 code units, `\r\n`, `\r` and
// `\n` all end a line, out-of-range positions are clamped the same way (test/lsp/documentSync).
import type { TextDocument, TextDocumentContentChangeEvent, Position, Range } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver';

type Incremental = { range: Range; text: string };
type Change = Incremental | { text: string; range?: undefined };

const LF = 10;
const CR = 13;

/** Splits text into lines that keep their terminators; the last element has none (it may be ''). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CR) {
      if (text.charCodeAt(i + 1) === LF) i++;
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    } else if (c === LF) {
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

/** The length of a line without its terminator. */
function contentLength(line: string): number {
  let n = line.length;
  while (n > 0) {
    const c = line.charCodeAt(n - 1);
    if (c !== LF && c !== CR) break;
    n--;
  }
  return n;
}

/** A JSON number that is not a finite integer (a hostile client) counts as 0, never as NaN. */
function int(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.trunc(n) : 0;
}

export class IncrementalDocument implements TextDocument {
  /** Lines with their terminators; joined, they are the text before `queued` is applied. */
  private lines: string[];
  private queued: Change[] = [];
  private text: string | undefined;
  private offsets: number[] | undefined;

  private constructor(readonly uri: string, readonly languageId: string, private currentVersion: number, content: string) {
    this.lines = splitLines(content);
    this.text = content;
  }

  static create(uri: string, languageId: string, version: number, content: string): IncrementalDocument {
    return new IncrementalDocument(uri, languageId, version, content);
  }

  /** For `new TextDocuments(IncrementalDocument)`: queues, in the order the client sent them. */
  static update(document: IncrementalDocument, changes: TextDocumentContentChangeEvent[], version: number): IncrementalDocument {
    document.enqueue(changes, version);
    return document;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.flush().length;
  }

  /** How many changes wait to be applied (tests and the bench look at it). */
  get queuedChanges(): number {
    return this.queued.length;
  }

  enqueue(changes: TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      const c = change as { text?: unknown; range?: Range; rangeLength?: unknown };
      // The same shapes the library accepts; anything else fails as it does there (the version stays).
      if (!c || typeof c.text !== 'string' || (c.rangeLength !== undefined && typeof c.rangeLength !== 'number')) throw new Error('Unknown change event received');
      if (c.range === undefined) {
        if (c.rangeLength !== undefined) throw new Error('Unknown change event received');
        // The whole text: what was queued before no longer matters.
        this.queued = [{ text: c.text }];
      } else {
        const r = c.range as Partial<Range> | null;
        if (!r || typeof r !== 'object' || !r.start || !r.end || typeof r.start !== 'object' || typeof r.end !== 'object') throw new Error('Unknown change event received');
        this.queued.push({ range: c.range, text: c.text });
      }
      this.text = undefined;
      this.offsets = undefined;
    }
    this.currentVersion = version;
  }

  getText(range?: Range): string {
    if (this.text === undefined) this.text = this.flush().join('');
    if (!range) return this.text;
    return this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  offsetAt(position: Position): number {
    const lines = this.flush();
    const offsets = this.lineOffsets();
    const line = int(position.line);
    if (line >= lines.length) return offsets[lines.length];
    if (line < 0) return 0;
    return offsets[line] + this.clampCharacter(line, position.character);
  }

  positionAt(offset: number): Position {
    const lines = this.flush();
    const offsets = this.lineOffsets();
    const at = Math.max(Math.min(int(offset), offsets[lines.length]), 0);
    let low = 0;
    let high = lines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offsets[mid] > at) high = mid;
      else low = mid + 1;
    }
    const line = Math.max(0, low - 1);
    return { line, character: Math.min(at - offsets[line], contentLength(lines[line])) };
  }

  getLineRange(line: number): Range {
    const lines = this.flush();
    const at = int(line);
    if (at >= lines.length) {
      const last = lines.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: lines[last].length } };
    }
    if (at < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: { line: at, character: 0 }, end: { line: at, character: contentLength(lines[at]) } };
  }

  /** The line's terminator (`''` for the last line and out of range). */
  getEOLCharacters(line: number): string {
    const lines = this.flush();
    const at = int(line);
    if (at < 0 || at >= lines.length) return '';
    return lines[at].slice(contentLength(lines[at]));
  }

  /** Applies every queued change, in order, to the line array; returns it. */
  private flush(): string[] {
    if (this.queued.length === 0) return this.lines;
    const queued = this.queued;
    this.queued = [];
    for (const change of queued) {
      if (change.range === undefined) this.lines = splitLines(change.text);
      else this.apply(change);
    }
    return this.lines;
  }

  /** Where a position lands, clamped as the library clamps: `[line, character]` inside the line array. */
  private clamp(position: Position): [number, number] {
    const lines = this.lines;
    const line = int(position.line);
    if (line >= lines.length) return [lines.length - 1, lines[lines.length - 1].length];
    if (line < 0) return [0, 0];
    return [line, this.clampCharacter(line, position.character)];
  }

  /** A character inside the line, before its terminator. */
  private clampCharacter(line: number, character: number): number {
    const c = int(character);
    return c <= 0 ? 0 : Math.min(c, contentLength(this.lines[line]));
  }

  private apply(change: Incremental): void {
    let { start, end } = change.range;
    // The library swaps a range given end first.
    if (int(start.line) > int(end.line) || (int(start.line) === int(end.line) && int(start.character) > int(end.character))) [start, end] = [end, start];
    let [sl, sc] = this.clamp(start);
    const [el, ec] = this.clamp(end);
    const lines = this.lines;
    let joined = lines[sl].slice(0, sc) + change.text + lines[el].slice(ec);
    // A `\n` that now follows the previous line's lone `\r` makes one `\r\n` break with it.
    if (sl > 0 && joined.charCodeAt(0) === LF && lines[sl - 1].endsWith('\r')) {
      sl--;
      joined = lines[sl] + joined;
    }
    const pieces = splitLines(joined);
    // Line `el` kept its terminator (a clamped position is never inside one), so the piece after
    // it is the start of line el + 1, which is still there, unless `el` was the last line.
    if (el < lines.length - 1) pieces.pop();
    if (pieces.length < 10000) lines.splice(sl, el - sl + 1, ...pieces);
    else this.lines = lines.slice(0, sl).concat(pieces, lines.slice(el + 1));
  }

  /** The offset where each line starts, plus the text's length at the end. */
  private lineOffsets(): number[] {
    if (!this.offsets) {
      const lines = this.lines;
      const offsets = new Array<number>(lines.length + 1);
      let at = 0;
      for (let i = 0; i < lines.length; i++) {
        offsets[i] = at;
        at += lines[i].length;
      }
      offsets[lines.length] = at;
      this.offsets = offsets;
    }
    return this.offsets;
  }
}

/** What `new TextDocuments(…)` needs to keep IncrementalDocuments. */
export const incrementalDocuments: TextDocumentsConfiguration<IncrementalDocument> = {
  create: (uri, languageId, version, content) => IncrementalDocument.create(uri, languageId, version, content),
  update: (document, changes, version) => IncrementalDocument.update(document, changes, version),
};
