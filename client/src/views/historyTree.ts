// The Layer History view: one image's layers from top to base, base layers folded under one node.
import * as vscode from 'vscode';
import { BuildRecordStore, defaultCacheDir, ImageContents, inspectImage, LayerContents, LayerHistory, layerHistory, readCached, withRecordLines } from '../engine';
import { EngineService } from '../state/engineService';
import { errorText } from '../state/errors';
import { readConfig } from '../config';
import { formatBytes, shortId } from './format';
import { BaseGroupNode, HistoryNode, LayerNode } from './historyNodes';
import { ChangeDirNode, changeNodes, ImageSummaryNode, SummaryState, WastedPathNode, WastedSpaceNode } from './historyContents';

/** Progress between layers is reported at most this often. */
const PROGRESS_EVERY_MS = 250;

export class LayerHistoryProvider implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private view?: vscode.TreeView<HistoryNode>;
  private nodes: HistoryNode[] = [];
  /** The image shown (a `repo:tag` or id), if any. */
  imageRef?: string;
  history?: LayerHistory;
  lastError?: string;
  /** The shown image's layer contents once read (see loadContents), and how far reading them got. */
  contents?: ImageContents;
  contentsState?: SummaryState;
  /** Settles when the current layer-contents read ends (for tests and callers that need the numbers). */
  contentsReady: Promise<ImageContents | undefined> = Promise.resolve(undefined);
  private reading?: { imageId: string; controller: AbortController };

  constructor(private readonly service: EngineService, private readonly records: BuildRecordStore | undefined) {}

  attach(view: vscode.TreeView<HistoryNode>): void { this.view = view; }

  /** Loads and shows `imageRef`'s history; resolves with it (undefined and a view message on failure). */
  async showImage(imageRef: string): Promise<LayerHistory | undefined> {
    this.imageRef = imageRef;
    return this.refresh();
  }

  async refresh(): Promise<LayerHistory | undefined> {
    if (!this.imageRef) {
      this.clear();
      return undefined;
    }
    const engine = this.service.engine;
    try {
      this.history = await layerHistory(engine, this.imageRef, {
        records: this.records ? { findByImage: id => safely(() => this.records!.findByImage(id)) } : undefined,
        baseLabelKeys: readConfig().baseImageLabelKeys,
      });
      this.lastError = undefined;
      if (this.contents?.imageId !== this.history.imageId && this.reading?.imageId !== this.history.imageId) {
        const bytes = this.history.layers.reduce((n, l) => n + l.size, 0);
        if (bytes <= readConfig().layerContentsLimit) this.loadContents(this.history);
        else {
          this.contentsState = { kind: 'idle', totalBytes: bytes };
          void this.fromCache(this.history);
        }
      }
      this.rebuild();
      this.setHeader(this.history);
    } catch (err) {
      const error = engine.noteFailure(err);
      this.history = undefined;
      this.cancelContents();
      this.contents = undefined;
      this.contentsState = undefined;
      this.nodes = [];
      this.lastError = errorText(error);
      this.setMessage(engine.state === 'unreachable' ? this.service.unreachableMessage : `No layer history for ${this.imageRef}: ${this.lastError}`);
    }
    this.changed.fire(undefined);
    return this.history;
  }

  /** Reads the shown image's layer contents now (images above the size limit, or after an error). */
  readContents(): Promise<ImageContents | undefined> {
    if (!this.history) return Promise.resolve(undefined);
    if (this.contents?.imageId === this.history.imageId) return Promise.resolve(this.contents);
    if (this.reading?.imageId !== this.history.imageId) {
      this.loadContents(this.history);
      this.rebuild();
      this.changed.fire(undefined);
    }
    return this.contentsReady;
  }

  /** Stops reading layer contents (the view's Cancel); nothing partial is kept. */
  cancelContents(): void {
    this.reading?.controller.abort();
  }

  clear(): void {
    this.imageRef = undefined;
    this.history = undefined;
    this.cancelContents();
    this.contents = undefined;
    this.contentsState = undefined;
    this.nodes = [];
    this.setMessage(undefined);
    if (this.view) this.view.description = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem { return node; }

  getChildren(node?: HistoryNode): HistoryNode[] {
    if (!node) return this.nodes;
    if (node instanceof BaseGroupNode) return node.layers;
    if (node instanceof LayerNode) return node.contents ? changeNodes(node.contents, node.id!) : [];
    if (node instanceof WastedSpaceNode || node instanceof WastedPathNode || node instanceof ChangeDirNode) return node.children;
    return [];
  }

  getParent(node: HistoryNode): HistoryNode | undefined {
    return node instanceof LayerNode ? node.parent : undefined;
  }

  dispose(): void { this.cancelContents(); this.changed.dispose(); }

  private rebuild(): void {
    if (!this.history) return;
    const summary = this.contentsState && new ImageSummaryNode(this.history.imageRef, this.contentsState);
    const contents = this.contents?.imageId === this.history.imageId ? this.contents : undefined;
    const source = { dockerfilePath: this.history.record?.dockerfilePath, contents: contents! };
    const wasted = contents && contents.wastedBytes > 0 ? [new WastedSpaceNode(source)] : [];
    this.nodes = [...(summary ? [summary] : []), ...wasted, ...buildNodes(this.history, contents)];
  }

  /** An image above the size limit that was read before: its cached analysis, without asking the engine. */
  private async fromCache(history: LayerHistory): Promise<void> {
    const cached = await readCached(defaultCacheDir(), history.imageId).catch(() => undefined);
    if (!cached || this.history !== history || this.reading) return;
    this.contents = withRecordLines({ ...cached, image: history.imageRef }, history.record);
    this.contentsState = { kind: 'done', contents: this.contents };
    this.rebuild();
    this.changed.fire(undefined);
  }

  /** Reads the image's layers (or their cached analysis) in the background; the tree shows progress, then the numbers. */
  private loadContents(history: LayerHistory): void {
    this.cancelContents();
    const controller = new AbortController();
    const reading = { imageId: history.imageId, controller };
    this.reading = reading;
    this.contentsState = { kind: 'loading', bytesRead: 0, totalBytes: 0 };
    let shownAt = 0;
    const task = inspectImage(this.service.engine, history.imageRef, {
      signal: controller.signal,
      records: this.records ? { findByImage: id => safely(() => this.records!.findByImage(id)) } : undefined,
      onProgress: p => {
        if (this.reading !== reading || Date.now() - shownAt < PROGRESS_EVERY_MS) return;
        shownAt = Date.now();
        this.contentsState = { kind: 'loading', bytesRead: p.bytesRead, totalBytes: p.totalBytes };
        this.rebuild();
        this.changed.fire(undefined);
      },
    });
    this.contentsReady = Promise.resolve(vscode.window.withProgress({ location: { viewId: 'layerwise.history' } }, () => task)).then(
      contents => {
        if (this.reading !== reading) return undefined;
        this.contents = contents;
        this.contentsState = { kind: 'done', contents };
        return contents;
      },
      err => {
        if (this.reading !== reading) return undefined;
        this.contents = undefined;
        this.contentsState = { kind: 'error', message: errorText(err) };
        return undefined;
      },
    ).then(result => {
      if (this.reading === reading) {
        this.reading = undefined;
        this.rebuild();
        this.changed.fire(undefined);
      }
      return result;
    });
  }

  private setHeader(history: LayerHistory): void {
    const total = history.layers.reduce((n, l) => n + l.size, 0);
    const count = history.layers.length;
    if (this.view) this.view.description = history.imageRef;
    this.setMessage(`${history.imageRef} · ${shortId(history.imageId)} · ${count} layer${count === 1 ? '' : 's'} · ${formatBytes(total)}`);
  }

  private setMessage(message: string | undefined): void {
    if (this.view) this.view.message = message;
  }
}

/** Top layers first, then one collapsed node for the base image's layers (history() order is already top to base). */
export function buildNodes(history: LayerHistory, contents?: ImageContents): HistoryNode[] {
  const maxSize = Math.max(0, ...history.layers.map(l => l.size));
  const dockerfilePath = history.record?.dockerfilePath;
  const own = history.layers.filter(l => !l.fromBase);
  const base = history.layers.filter(l => l.fromBase);
  // history() is newest first; a layer's step counts from the oldest entry.
  const byStep = new Map<number, LayerContents>();
  for (const l of contents?.layers ?? []) if (l.step !== undefined) byStep.set(l.step, l);
  const contentsOf = (index: number) => byStep.get(history.layers.length - 1 - index);
  const nodes: HistoryNode[] = own.map((l, i) => new LayerNode(l, i, maxSize, dockerfilePath, undefined, contentsOf(i)));
  if (base.length) nodes.push(new BaseGroupNode(history.base, base, own.length, maxSize, contentsOf));
  return nodes;
}

function safely<T>(fn: () => T): T | undefined {
  try { return fn(); } catch { return undefined; }
}
