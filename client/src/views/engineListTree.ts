// Shared shape of the Containers, Volumes and Networks views: one listing at a time, loaded from the engine,
// with the view's message saying why it is empty when the engine is away or the listing failed.
import * as vscode from 'vscode';
import { Engine } from '../engine';
import { EngineService } from '../state/engineService';
import { errorText } from '../state/errors';

export abstract class EngineListTree<Item, Node extends vscode.TreeItem> implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  protected view?: vscode.TreeView<Node>;
  private loading?: Promise<Item[]>;
  private generation = 0;
  /** The last listing. */
  items: Item[] = [];
  lastError?: string;

  constructor(protected readonly service: EngineService, private readonly what: string) {}

  protected abstract fetchItems(engine: Engine): Promise<Item[]>;
  protected abstract rootNodes(items: Item[]): Node[];
  abstract getChildren(node?: Node): Node[] | Promise<Node[]>;

  attach(view: vscode.TreeView<Node>): void { this.view = view; }

  getTreeItem(node: Node): vscode.TreeItem { return node; }

  /** Reloads; resolves with the new listing once the view has it. */
  async refresh(): Promise<Item[]> {
    this.loading = undefined;
    const items = await this.load();
    this.changed.fire(undefined);
    return items;
  }

  protected async roots(): Promise<Node[]> {
    const items = await this.load();
    return this.lastError ? [] : this.rootNodes(items);
  }

  protected load(): Promise<Item[]> {
    if (!this.loading) this.loading = this.fetch();
    return this.loading;
  }

  private async fetch(): Promise<Item[]> {
    const engine = this.service.engine;
    // A slower, older listing must not overwrite a newer one.
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    if (engine.state === 'unreachable') {
      this.items = [];
      this.lastError = this.service.unreachableMessage;
      this.setMessage(this.lastError);
      return this.items;
    }
    try {
      const items = await this.fetchItems(engine);
      if (!current()) return items;
      this.items = items;
      this.lastError = undefined;
      this.setMessage(this.items.length ? undefined : `No ${this.what} on this engine.`);
    } catch (err) {
      const error = engine.noteFailure(err);
      if (!current()) return [];
      this.items = [];
      this.lastError = errorText(error);
      this.setMessage((engine.state as string) === 'unreachable' ? this.service.unreachableMessage : `Could not list ${this.what}: ${this.lastError}`);
    }
    return this.items;
  }

  protected setMessage(message: string | undefined): void {
    if (this.view) this.view.message = message;
  }

  dispose(): void { this.changed.dispose(); }
}

export function plural(n: number, word: string): string { return `${n} ${word}${n === 1 ? '' : 's'}`; }

export function escapeMd(text: string): string { return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&'); }
