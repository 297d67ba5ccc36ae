// The Layer History view: one image's layers from top to base, base layers folded under one node.
import * as vscode from 'vscode';
import { BuildRecordStore, LayerHistory, layerHistory } from '../engine';
import { EngineService } from '../state/engineService';
import { errorText } from '../state/errors';
import { readConfig } from '../config';
import { formatBytes, shortId } from './format';
import { BaseGroupNode, HistoryNode, LayerNode } from './historyNodes';

export class LayerHistoryProvider implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private view?: vscode.TreeView<HistoryNode>;
  private nodes: HistoryNode[] = [];
  /** The image shown (a `repo:tag` or id), if any. */
  imageRef?: string;
  history?: LayerHistory;
  lastError?: string;

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
      this.nodes = buildNodes(this.history);
      this.setHeader(this.history);
    } catch (err) {
      const error = engine.noteFailure(err);
      this.history = undefined;
      this.nodes = [];
      this.lastError = errorText(error);
      this.setMessage(engine.state === 'unreachable' ? this.service.unreachableMessage : `No layer history for ${this.imageRef}: ${this.lastError}`);
    }
    this.changed.fire(undefined);
    return this.history;
  }

  clear(): void {
    this.imageRef = undefined;
    this.history = undefined;
    this.nodes = [];
    this.setMessage(undefined);
    if (this.view) this.view.description = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem { return node; }

  getChildren(node?: HistoryNode): HistoryNode[] {
    if (!node) return this.nodes;
    return node instanceof BaseGroupNode ? node.layers : [];
  }

  getParent(node: HistoryNode): HistoryNode | undefined {
    return node instanceof LayerNode ? node.parent : undefined;
  }

  dispose(): void { this.changed.dispose(); }

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
export function buildNodes(history: LayerHistory): HistoryNode[] {
  const maxSize = Math.max(0, ...history.layers.map(l => l.size));
  const dockerfilePath = history.record?.dockerfilePath;
  const own = history.layers.filter(l => !l.fromBase);
  const base = history.layers.filter(l => l.fromBase);
  const nodes: HistoryNode[] = own.map((l, i) => new LayerNode(l, i, maxSize, dockerfilePath));
  if (base.length) nodes.push(new BaseGroupNode(history.base, base, own.length, maxSize));
  return nodes;
}

function safely<T>(fn: () => T): T | undefined {
  try { return fn(); } catch { return undefined; }
}
