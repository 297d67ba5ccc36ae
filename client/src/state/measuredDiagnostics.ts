// Size findings with measured bytes: when an image built from the Dockerfile has had its layers read
// (the Layer History view, or the cache of an earlier read), the language client's diagnostics for
// `cleanup-in-later-layer` get one more sentence, e.g. "Measured in app:dev: line 9 removes 43.1 MB
// that line 5 added; the image still carries them." The language server never talks to the engine, so
// this is done where the numbers are: a middleware on the diagnostics the server publishes.
import * as vscode from 'vscode';
import { BuildRecordStore, defaultCacheDir, ImageContents, measuredRemoval, readCached, SIZE_RULES, withRecordLines } from '../engine';

type Next = (uri: vscode.Uri, diagnostics: vscode.Diagnostic[]) => void;
interface Entry { diagnostics: vscode.Diagnostic[]; next: Next; shown?: string }

export class MeasuredDiagnostics {
  private readonly latest = new Map<string, Entry>();
  private records?: BuildRecordStore;
  private shown?: () => ImageContents | undefined;

  constructor(private readonly cacheDir: string = defaultCacheDir()) {}

  /** Engine features are registered after the language client starts; they arrive here then. */
  attach(records: BuildRecordStore | undefined, shownContents: () => ImageContents | undefined): void {
    this.records = records;
    this.shown = shownContents;
    this.refresh();
  }

  /** The middleware: pass the server's diagnostics on at once, then again with measured bytes when known. */
  handle(uri: vscode.Uri, diagnostics: vscode.Diagnostic[], next: Next): void {
    next(uri, diagnostics);
    if (!diagnostics.some(d => SIZE_RULES.has(String(codeOf(d))))) { this.latest.delete(uri.toString()); return; }
    const entry: Entry = { diagnostics, next };
    this.latest.set(uri.toString(), entry);
    void this.decorate(uri, entry);
  }

  /** Re-decorates every document with size findings (e.g. after the Layer History view read an image). */
  refresh(): void {
    for (const [key, entry] of this.latest) void this.decorate(vscode.Uri.parse(key), entry);
  }

  private async decorate(uri: vscode.Uri, entry: Entry): Promise<void> {
    let record;
    try { record = this.records?.get(uri.fsPath); } catch { record = undefined; }
    if (!record) return;
    const shown = this.shown?.();
    const contents = shown?.imageId === record.imageId ? shown : await readCached(this.cacheDir, record.imageId);
    if (!contents || this.latest.get(uri.toString()) !== entry) return;
    const named = withRecordLines({ ...contents, image: record.tag ?? contents.image }, record);
    let changed = false;
    const decorated = entry.diagnostics.map(d => {
      if (!SIZE_RULES.has(String(codeOf(d)))) return d;
      const text = measuredRemoval(named, d.range.start.line);
      if (!text) return d;
      changed = true;
      const copy = new vscode.Diagnostic(d.range, `${d.message}\n${text}`, d.severity);
      Object.assign(copy, { code: d.code, source: d.source, relatedInformation: d.relatedInformation, tags: d.tags });
      return copy;
    });
    const shownText = decorated.map(d => d.message).join('\0');
    if (changed && shownText !== entry.shown) {
      entry.shown = shownText;
      entry.next(uri, decorated);
    }
  }
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code ? d.code.value : d.code);
