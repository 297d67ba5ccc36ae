// The Images view: repositories → tags (→ containers), dangling images when toggled on, and disk usage.
import * as vscode from 'vscode';
import { INTERMEDIATE, ImageGroup, ImageItem, diskUsage, listImages } from '../engine';
import { EngineService } from '../state/engineService';
import { errorText } from '../state/errors';
import { ContainerNode, DanglingGroupNode, DiskUsageNode, ImageNode, ImagesNode, RepositoryNode, USAGE_ROWS, UsageRowNode } from './imageNodes';

export class ImagesTreeProvider implements vscode.TreeDataProvider<ImagesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ImagesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private view?: vscode.TreeView<ImagesNode>;
  private loading?: Promise<ImageGroup[]>;
  /** The last listing, so reveal() and commands can find nodes without another round trip. */
  groups: ImageGroup[] = [];
  /** Why the last listing failed (also shown as the view's message). */
  lastError?: string;

  constructor(private readonly service: EngineService, private readonly showDangling: () => boolean, private readonly showIntermediate: () => boolean = () => false) {}

  attach(view: vscode.TreeView<ImagesNode>): void { this.view = view; }

  /** Drops the cached listing and reloads; resolves once the new listing is in. */
  async refresh(): Promise<ImageGroup[]> {
    this.loading = undefined;
    const groups = await this.load();
    this.changed.fire(undefined);
    return groups;
  }

  getTreeItem(node: ImagesNode): vscode.TreeItem { return node; }

  getParent(node: ImagesNode): ImagesNode | undefined {
    return 'parent' in node ? node.parent : undefined;
  }

  async getChildren(node?: ImagesNode): Promise<ImagesNode[]> {
    if (!node) return this.roots();
    if (node instanceof RepositoryNode) {
      return node.group.images.flatMap(image => (image.tags.length ? image.tags : [undefined]).map(tag => new ImageNode(image, tag, node)));
    }
    if (node instanceof DanglingGroupNode) return node.images.map(image => new ImageNode(image, undefined, node));
    if (node instanceof ImageNode) return node.image.containers.map(c => new ContainerNode(c, node));
    if (node instanceof DiskUsageNode) {
      try {
        const usage = await diskUsage(this.service.engine);
        return USAGE_ROWS.map(([key, label, icon]) => new UsageRowNode(key, label, icon, usage[key], node));
      } catch (err) {
        const error = this.service.engine.noteFailure(err);
        this.setMessage(`Disk usage is not available: ${errorText(error)}`);
        return [];
      }
    }
    return [];
  }

  /** The node of an image by `repo:tag`, short/long id; loads the listing when needed. */
  async findImage(refOrId: string): Promise<ImageNode | undefined> {
    const groups = this.groups.length ? this.groups : await this.load();
    const wanted = refOrId.replace(/^sha256:/, '');
    const byRef = (image: ImageItem) => image.repoTags.includes(refOrId) || image.repoTags.includes(`${refOrId}:latest`);
    const byId = (image: ImageItem) => wanted.length >= 12 && image.id.replace(/^sha256:/, '').startsWith(wanted);
    for (const match of [byRef, byId]) {
      for (const group of groups) {
        const image = group.images.find(match);
        if (!image) continue;
        if (group.repository === '<none>' || image.dangling || !image.tags.length) {
          return new ImageNode(image, undefined, new DanglingGroupNode(groups.filter(g => g.repository === '<none>').flatMap(g => g.images)));
        }
        const tag = image.repoTags.includes(refOrId) ? refOrId.slice(refOrId.lastIndexOf(':') + 1) : image.tags[0];
        return new ImageNode(image, image.tags.includes(tag) ? tag : image.tags[0], new RepositoryNode(group));
      }
    }
    return undefined;
  }

  /** Selects and shows an image in the view (after a build). */
  async reveal(refOrId: string): Promise<ImageNode | undefined> {
    const node = await this.findImage(refOrId);
    if (node && this.view) {
      try {
        await this.view.reveal(node, { select: true, focus: false, expand: false });
      } catch {
        // The view may be hidden or collapsed away; revealing is a courtesy, not a requirement.
      }
    }
    return node;
  }

  dispose(): void { this.changed.dispose(); }

  private async roots(): Promise<ImagesNode[]> {
    const groups = await this.load();
    if (this.lastError) return [];
    const named = groups.filter(g => !g.repository.startsWith('<')).sort((a, b) => a.repository.localeCompare(b.repository));
    const dangling = groups.filter(g => g.repository === '<none>').flatMap(g => g.images);
    const intermediate = groups.filter(g => g.repository === INTERMEDIATE).flatMap(g => g.images);
    const roots: ImagesNode[] = named.map(g => new RepositoryNode(g));
    if (this.showDangling() && dangling.length) roots.push(new DanglingGroupNode(dangling));
    if (this.showIntermediate() && intermediate.length) roots.push(new DanglingGroupNode(intermediate, true));
    roots.push(new DiskUsageNode());
    return roots;
  }

  /** One listing at a time; views and commands share it. */
  private load(): Promise<ImageGroup[]> {
    if (!this.loading) this.loading = this.fetch();
    return this.loading;
  }

  private async fetch(): Promise<ImageGroup[]> {
    const engine = this.service.engine;
    if (engine.state === 'unreachable') {
      // The welcome content (context key layerwise.engine.unreachable) offers Retry; say what was tried.
      this.groups = [];
      this.lastError = this.service.unreachableMessage;
      this.setMessage(this.lastError);
      return this.groups;
    }
    try {
      this.groups = await listImages(engine, { includeDangling: this.showDangling(), includeIntermediate: this.showIntermediate(), sharedSizes: true });
      this.lastError = undefined;
      this.setMessage(undefined);
    } catch (err) {
      const error = engine.noteFailure(err);
      this.groups = [];
      this.lastError = errorText(error);
      this.setMessage((engine.state as string) === 'unreachable' ? this.service.unreachableMessage : `Could not list images: ${this.lastError}`);
    }
    return this.groups;
  }

  private setMessage(message: string | undefined): void {
    if (this.view) this.view.message = message;
  }
}
