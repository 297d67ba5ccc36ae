// The Registries view: registries (logged in or added) → repositories → tags, through the Registry HTTP API v2.
import * as vscode from 'vscode';
import { DOCKER_HUB, RegistryClient, RegistryError } from '../engine';
import { RegistryEntry, RegistryStore } from './registriesStore';

const LIST_LIMIT = 500;

export class RegistryNode extends vscode.TreeItem {
  readonly kind = 'registry';
  constructor(readonly entry: RegistryEntry) {
    super(entry.registry, vscode.TreeItemCollapsibleState.Collapsed);
    const loggedIn = !!(entry.layerwiseUser || entry.docker);
    this.id = `registry:${entry.registry}`;
    this.contextValue = loggedIn ? 'registry.loggedIn' : 'registry.loggedOut';
    this.iconPath = new vscode.ThemeIcon(loggedIn ? 'verified' : 'globe');
    const how = entry.layerwiseUser
      ? `logged in as ${entry.layerwiseUser}`
      : entry.docker ? `docker login${entry.docker.username ? ` as ${entry.docker.username}` : ''}${entry.docker.helper ? ` (${entry.docker.source}: ${entry.docker.helper})` : ''}` : 'not logged in';
    this.description = how;
    this.tooltip = `${entry.registry}${entry.scheme === 'http' ? ' (plain HTTP)' : ''} — ${how}.${entry.docker ? ' The docker CLI has a login for it in ~/.docker/config.json.' : ''}`;
  }
}

export class RegistryRepositoryNode extends vscode.TreeItem {
  readonly kind = 'registryRepository';
  constructor(readonly parent: RegistryNode, readonly repository: string) {
    super(repository, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `registry:${parent.entry.registry}/${repository}`;
    this.contextValue = 'registryRepository';
    this.iconPath = new vscode.ThemeIcon('repo');
  }
}

export class RegistryTagNode extends vscode.TreeItem {
  readonly kind = 'registryTag';
  /** `localhost:5000/team/app:1.0` — what Pull and Copy use. */
  readonly ref: string;
  constructor(readonly parent: RegistryRepositoryNode, readonly tag: string) {
    super(tag, vscode.TreeItemCollapsibleState.None);
    const registry = parent.parent.entry.registry;
    const repo = registry === DOCKER_HUB ? parent.repository.replace(/^library\//, '') : `${registry}/${parent.repository}`;
    this.ref = `${repo}:${tag}`;
    this.id = `registry:${this.ref}`;
    this.contextValue = 'registryTag';
    this.iconPath = new vscode.ThemeIcon('tag');
    this.tooltip = this.ref;
  }
}

export class RegistryMessageNode extends vscode.TreeItem {
  readonly kind = 'message';
  constructor(text: string, icon: string, readonly parent?: vscode.TreeItem) {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.contextValue = 'registryMessage';
    this.iconPath = new vscode.ThemeIcon(icon);
    this.tooltip = text;
  }
}

export type RegistriesNode = RegistryNode | RegistryRepositoryNode | RegistryTagNode | RegistryMessageNode;

export class RegistriesTreeProvider implements vscode.TreeDataProvider<RegistriesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RegistriesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;
  private view?: vscode.TreeView<RegistriesNode>;
  /** Last listing per registry/repository (tests and commands read these). */
  readonly lastListing = new Map<string, string[]>();

  constructor(private readonly store: RegistryStore) {
    this.sub = store.onDidChange(() => this.changed.fire(undefined));
  }

  attach(view: vscode.TreeView<RegistriesNode>): void { this.view = view; }

  refresh(): void { this.changed.fire(undefined); }

  getTreeItem(node: RegistriesNode): vscode.TreeItem { return node; }

  getParent(node: RegistriesNode): RegistriesNode | undefined {
    return 'parent' in node ? node.parent as RegistriesNode | undefined : undefined;
  }

  async getChildren(node?: RegistriesNode): Promise<RegistriesNode[]> {
    if (!node) {
      const entries = await this.store.list();
      if (this.view) this.view.message = this.store.dockerConfigProblem;
      return entries.map(e => new RegistryNode(e));
    }
    if (node instanceof RegistryNode) return this.repositories(node);
    if (node instanceof RegistryRepositoryNode) return this.tags(node);
    return [];
  }

  async clientFor(registry: string): Promise<RegistryClient> {
    return new RegistryClient(registry, { credentials: await this.store.credentials(registry), scheme: this.store.schemeOf(registry) });
  }

  private async repositories(node: RegistryNode): Promise<RegistriesNode[]> {
    const registry = node.entry.registry;
    if (registry === DOCKER_HUB) return [new RegistryMessageNode('Docker Hub does not list repositories: pull by name (Layerwise: Pull Image…).', 'info', node)];
    try {
      const page = await (await this.clientFor(registry)).repositories({ limit: LIST_LIMIT });
      this.lastListing.set(registry, page.items);
      const nodes: RegistriesNode[] = page.items.map(r => new RegistryRepositoryNode(node, r));
      if (!page.items.length) nodes.push(new RegistryMessageNode('No repositories yet — push an image here from the Images view.', 'info', node));
      if (page.truncated) nodes.push(new RegistryMessageNode(`Showing the first ${LIST_LIMIT} repositories.`, 'ellipsis', node));
      return nodes;
    } catch (err) {
      return [this.problem(err, node)];
    }
  }

  private async tags(node: RegistryRepositoryNode): Promise<RegistriesNode[]> {
    const registry = node.parent.entry.registry;
    try {
      const page = await (await this.clientFor(registry)).tags(node.repository, { limit: LIST_LIMIT });
      const tags = [...page.items].sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
      this.lastListing.set(`${registry}/${node.repository}`, tags);
      const nodes: RegistriesNode[] = tags.map(t => new RegistryTagNode(node, t));
      if (page.truncated) nodes.push(new RegistryMessageNode(`Showing the first ${LIST_LIMIT} tags.`, 'ellipsis', node));
      return nodes;
    } catch (err) {
      return [this.problem(err, node)];
    }
  }

  private problem(err: unknown, parent: vscode.TreeItem): RegistryMessageNode {
    const text = err instanceof RegistryError || err instanceof Error ? err.message : String(err);
    const item = new RegistryMessageNode(text, err instanceof RegistryError && err.kind === 'unauthorized' ? 'lock' : 'warning', parent);
    if (err instanceof RegistryError && err.kind === 'unauthorized' && parent instanceof RegistryNode) {
      item.command = { command: 'layerwise.registries.login', title: 'Log In', arguments: [parent] };
    }
    return item;
  }

  dispose(): void { this.sub.dispose(); this.changed.dispose(); }
}
