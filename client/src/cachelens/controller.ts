// Keeps a cache prediction per open Dockerfile: recomputed as the Dockerfile is edited (debounced, off
// the typing path), as files in its build context change (a file watcher; only changed files are
// re-read), and after every build. The predictions follow the last build's context, target and builder.
import * as path from 'path';
import * as vscode from 'vscode';
import { BuildRecordStore, ContextHasher, EngineError, Plan, PlanError, RECORD_FORMAT, isSecretArgName, planNextBuild } from '../engine';
import { readConfig } from '../config';
import { EngineService } from '../state/engineService';

export type LensState =
  | { kind: 'hint'; message: string }
  | { kind: 'plan'; plan: Plan }
  | { kind: 'error'; message: string };

interface Watched {
  watcher: vscode.FileSystemWatcher; pending: Set<string>; timer?: NodeJS.Timeout;
  /** Stat walks after the first (see SETTLE_MS); `owed` when one is due at the next computation. */
  settle?: { owed: boolean; timers: NodeJS.Timeout[] };
}

const EDIT_DELAY_MS = 300;
/**
 * VS Code starts a file watcher asynchronously (seconds on a busy machine) and reports nothing that
 * happened before it ran. This long after the watcher is made, the context is walked again (only
 * changed files are re-read), so a save in that window is not missed until the next edit.
 */
const SETTLE_MS = [3000, 15000];

export class CacheLensController implements vscode.Disposable {
  private readonly states = new Map<string, LensState>();
  private readonly hashers = new Map<string, ContextHasher>();
  private readonly watched = new Map<string, Watched>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fires when a Dockerfile's prediction changed (the CodeLens provider refreshes). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly service: EngineService, private readonly records: BuildRecordStore) {
    this.subscriptions.push(this.changed, this.status,
      vscode.workspace.onDidChangeTextDocument(e => { if (this.tracks(e.document)) this.schedule(e.document, EDIT_DELAY_MS); }),
      vscode.workspace.onDidOpenTextDocument(d => { if (this.tracks(d)) this.schedule(d, 0); }),
      vscode.workspace.onDidCloseTextDocument(d => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('layerwise.cachePrediction') || e.affectsConfiguration('layerwise.build')) this.refreshAll();
      }),
    );
    const sub = records.onDidChange(() => this.refreshAll());
    this.subscriptions.push(sub, service.onDidChange(() => this.refreshAll()), vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshAll()));
    this.refreshAll();
  }

  get enabled(): boolean { return readConfig().cachePrediction; }

  state(uri: vscode.Uri): LensState | undefined { return this.enabled ? this.states.get(uri.toString()) : undefined; }

  /** The build command shares our hashes, so a build re-reads only files that changed. */
  hasherFor(contextDir: string): ContextHasher {
    const dir = path.resolve(contextDir);
    let h = this.hashers.get(dir);
    if (!h) this.hashers.set(dir, (h = new ContextHasher(dir)));
    return h;
  }

  /** Recomputes now and resolves with the new state (tests and the explain command use it). */
  async refresh(uri: vscode.Uri): Promise<LensState | undefined> {
    const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
    if (!doc || !this.tracks(doc)) return undefined;
    await this.compute(doc);
    return this.states.get(uri.toString());
  }

  /** Open Dockerfiles on disk, in a trusted workspace (the prediction reads the context and asks the engine). */
  private tracks(doc: vscode.TextDocument): boolean {
    return doc.languageId === 'dockerfile' && doc.uri.scheme === 'file' && this.enabled && vscode.workspace.isTrusted;
  }

  private refreshAll(): void {
    if (!this.enabled) { this.states.clear(); this.changed.fire(undefined); return; }
    for (const d of vscode.workspace.textDocuments) if (this.tracks(d)) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); void this.compute(doc); }, delay));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.states.delete(key);
  }

  /** One computation per document at a time; a request meanwhile runs once more afterwards. */
  private async compute(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const current = this.running.get(key);
    if (current) { this.again.add(key); await current; return this.running.get(key) ?? Promise.resolve(); }
    const run = this.computeOnce(doc).catch(err => this.set(doc.uri, { kind: 'error', message: `Cache prediction failed: ${(err as Error)?.message ?? err}` }));
    this.running.set(key, run);
    try { await run; } finally { this.running.delete(key); }
    if (this.again.delete(key) && !doc.isClosed) await this.compute(doc);
  }

  private async computeOnce(doc: vscode.TextDocument): Promise<void> {
    if (!this.tracks(doc)) return;
    const record = this.records.get(doc.uri.fsPath);
    if (!record) return this.set(doc.uri, { kind: 'hint', message: 'Build once to see cache predictions' });
    if (record.format !== RECORD_FORMAT || !record.steps || !record.contextDir) {
      return this.set(doc.uri, { kind: 'hint', message: 'The last build was recorded by an older Layerwise: build once to see cache predictions' });
    }
    const contextDir = record.contextDir;
    const watched = this.watch(contextDir);
    const hasher = this.hasherFor(contextDir);
    const first = !hasher.ready;
    if (first) {
      this.status.text = '$(sync~spin) Layerwise: hashing the build context…';
      this.status.tooltip = `Cache prediction reads ${contextDir} once; later only the files that change.`;
      hasher.onProgress = n => { this.status.text = `$(sync~spin) Layerwise: hashing the build context (${n.toLocaleString('en-US')} files)`; };
      this.status.show();
    }
    const settling = !first && !!watched.settle?.owed;
    if (settling) watched.settle!.owed = false;
    try {
      if (!first && watched.pending.size) {
        const paths = [...watched.pending];
        watched.pending.clear();
        await hasher.update(paths);
      }
      const plan = await planNextBuild(this.service.engine, {
        dockerfilePath: doc.uri.fsPath, contextDir, target: record.target, builder: record.builder,
        buildArgs: readConfig(doc.uri).buildArgs, records: this.records, hasher, rescan: first || settling, text: doc.getText(), isSecretArg: isSecretArgName,
      });
      this.set(doc.uri, { kind: 'plan', plan });
    } catch (err) {
      if (err instanceof PlanError) this.set(doc.uri, { kind: 'error', message: err.message });
      else if (err instanceof EngineError) this.set(doc.uri, { kind: 'error', message: `Cache prediction needs the Docker engine: ${err.message}` });
      else throw err;
    } finally {
      if (first) { this.status.hide(); hasher.onProgress = undefined; }
      // Also when a build already walked the shared hasher: the watcher is as new either way.
      if (!watched.settle) this.settleLater(watched, contextDir);
    }
  }

  private settleLater(watched: Watched, contextDir: string): void {
    const settle = { owed: false, timers: [] as NodeJS.Timeout[] };
    watched.settle = settle;
    settle.timers = SETTLE_MS.map(ms => setTimeout(() => {
      settle.owed = true;
      this.rescheduleContext(path.resolve(contextDir));
    }, ms));
  }

  /** Recomputes every open Dockerfile whose last build used this context. */
  private rescheduleContext(dir: string): void {
    for (const d of vscode.workspace.textDocuments) {
      const r = this.tracks(d) ? this.records.get(d.uri.fsPath) : undefined;
      if (r?.contextDir && path.resolve(r.contextDir) === dir) this.schedule(d, 0);
    }
  }

  private set(uri: vscode.Uri, state: LensState): void {
    this.states.set(uri.toString(), state);
    this.changed.fire(uri);
  }

  /** A watcher per build context; events are collected and applied on the next computation. */
  private watch(contextDir: string): Watched {
    const dir = path.resolve(contextDir);
    let w = this.watched.get(dir);
    if (w) return w;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), '**/*'));
    const entry: Watched = { watcher, pending: new Set() };
    const onEvent = (uri: vscode.Uri) => {
      const rel = path.relative(dir, uri.fsPath);
      if (!rel || rel.startsWith('..')) return;
      entry.pending.add(rel);
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => this.rescheduleContext(dir), EDIT_DELAY_MS);
    };
    this.subscriptions.push(watcher, watcher.onDidCreate(onEvent), watcher.onDidChange(onEvent), watcher.onDidDelete(onEvent));
    this.watched.set(dir, entry);
    return entry;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const w of this.watched.values()) { clearTimeout(w.timer); for (const t of w.settle?.timers ?? []) clearTimeout(t); }
    for (const d of this.subscriptions) d.dispose();
  }
}
