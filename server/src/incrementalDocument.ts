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
  /**
   * Lines with their terminators, made when the first range change is applied (a document that is
   * only opened and read keeps its text alone). When set, joined they are the text before `queued`.
   */
  private lines: string[] | undefined;
  /** The text once `queued` is applied; while changes are queued and `lines` is unset, the text before them. */
  private text: string | undefined;
  private queued: Incremental[] = [];
  /** Where each line of the current text starts, plus its length at the end. */
  private offsets: number[] | undefined;

  private constructor(readonly uri: string, readonly languageId: string, private currentVersion: number, content: string) {
    this.text = content;
  }

  static create(uri: string, languageId: string, version: number, content: string): IncrementalDocument {
    return new IncrementalDocument(uri, languageId, version, content);
  }

  /** For `new TextDocuments(…)`: queues, in the order the client sent them. */
  static update(document: IncrementalDocument, changes: TextDocumentContentChangeEvent[], version: number): IncrementalDocument {
    document.enqueue(changes, version);
    return document;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.lineOffsets().length - 1;
  }

  /** How many changes wait to be applied (the tests look at it). */
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
        this.queued = [];
        this.lines = undefined;
        this.text = c.text;
      } else {
        const r = c.range as Partial<Range> | null;
        if (!r || typeof r !== 'object' || !r.start || !r.end || typeof r.start !== 'object' || typeof r.end !== 'object') throw new Error('Unknown change event received');
        this.queued.push({ range: c.range, text: c.text });
        // Without lines, `text` stays as the base the queue applies to.
        if (this.lines) this.text = undefined;
      }
      this.offsets = undefined;
    }
    this.currentVersion = version;
  }

  getText(range?: Range): string {
    const text = this.current();
    if (!range) return text;
    return text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  offsetAt(position: Position): number {
    const offsets = this.lineOffsets();
    const count = offsets.length - 1;
    const line = int(position.line);
    if (line >= count) return offsets[count];
    if (line < 0) return 0;
    const character = int(position.character);
    return character <= 0 ? offsets[line] : offsets[line] + Math.min(character, this.contentLengthOf(line));
  }

  positionAt(offset: number): Position {
    const offsets = this.lineOffsets();
    const count = offsets.length - 1;
    const at = Math.max(Math.min(int(offset), offsets[count]), 0);
    let low = 0;
    let high = count;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offsets[mid] > at) high = mid;
      else low = mid + 1;
    }
    const line = Math.max(0, low - 1);
    return { line, character: Math.min(at - offsets[line], this.contentLengthOf(line)) };
  }

  getLineRange(line: number): Range {
    const count = this.lineOffsets().length - 1;
    const at = int(line);
    if (at >= count) {
      const last = count - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.contentLengthOf(last) } };
    }
    if (at < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: { line: at, character: 0 }, end: { line: at, character: this.contentLengthOf(at) } };
  }

  /** The line's terminator (`''` for the last line and out of range). */
  getEOLCharacters(line: number): string {
    const offsets = this.lineOffsets();
    const at = int(line);
    if (at < 0 || at >= offsets.length - 1) return '';
    return this.current().slice(offsets[at] + this.contentLengthOf(at), offsets[at + 1]);
  }

  /** The text with every queued change applied, in order (to the line array, in one pass). */
  private current(): string {
    if (this.queued.length > 0) {
      if (!this.lines) this.lines = splitLines(this.text ?? '');
      const queued = this.queued;
      this.queued = [];
      for (const change of queued) this.apply(change);
      this.text = undefined;
    }
    if (this.text === undefined) this.text = (this.lines ?? []).join('');
    return this.text;
  }

  /** A line's length without its terminator. */
  private contentLengthOf(line: number): number {
    const offsets = this.lineOffsets();
    const text = this.current();
    let end = offsets[line + 1];
    while (end > offsets[line]) {
      const c = text.charCodeAt(end - 1);
      if (c !== LF && c !== CR) break;
      end--;
    }
    return end - offsets[line];
  }

  /** Where a position lands in the line array, clamped as the library clamps: `[line, character]`. */
  private clamp(lines: string[], position: Position): [number, number] {
    const line = int(position.line);
    if (line >= lines.length) return [lines.length - 1, lines[lines.length - 1].length];
    if (line < 0) return [0, 0];
    const character = int(position.character);
    return [line, character <= 0 ? 0 : Math.min(character, contentLength(lines[line]))];
  }

  private apply(change: Incremental): void {
    let { start, end } = change.range;
    // The library swaps a range given end first.
    if (int(start.line) > int(end.line) || (int(start.line) === int(end.line) && int(start.character) > int(end.character))) [start, end] = [end, start];
    const lines = this.lines!;
    let [sl, sc] = this.clamp(lines, start);
    const [el, ec] = this.clamp(lines, end);
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

  /** Line starts of the current text, plus its length at the end (computed once per version read). */
  private lineOffsets(): number[] {
    if (!this.offsets) {
      const text = this.current();
      const offsets = [0];
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === CR) {
          if (text.charCodeAt(i + 1) === LF) i++;
          offsets.push(i + 1);
        } else if (c === LF) {
          offsets.push(i + 1);
        }
      }
      offsets.push(text.length);
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
