// The Containers view: running and stopped containers, grouped by Compose project, else by image.
import * as vscode from 'vscode';
import { ContainerItem, Engine, groupContainers, listContainers } from '../engine';
import { EngineService } from '../state/engineService';
import { ContainerGroupNode, ContainerNode, ContainersNode } from './containerNodes';
import { EngineListTree } from './engineListTree';

export class ContainersTreeProvider extends EngineListTree<ContainerItem, ContainersNode> {
  private groups: ContainerGroupNode[] = [];

  constructor(service: EngineService) { super(service, 'containers'); }

  protected fetchItems(engine: Engine): Promise<ContainerItem[]> { return listContainers(engine); }

  protected rootNodes(items: ContainerItem[]): ContainersNode[] {
    this.groups = groupContainers(items).map(g => new ContainerGroupNode(g));
    return this.groups;
  }

  getChildren(node?: ContainersNode): ContainersNode[] | Promise<ContainersNode[]> {
    if (!node) return this.roots();
    return node instanceof ContainerGroupNode ? node.children : [];
  }

  getParent(node: ContainersNode): ContainersNode | undefined {
    return node instanceof ContainerNode ? node.parent : undefined;
  }

  /** The node of a container by id (full or short) or name, from the current listing. */
  async findContainer(idOrName: string): Promise<ContainerNode | undefined> {
    await this.roots();
    const wanted = idOrName.replace(/^\//, '');
    for (const g of this.groups) {
      const node = g.children.find(n => n.container.name === wanted || (wanted.length >= 12 && n.container.id.startsWith(wanted)));
      if (node) return node;
    }
    return undefined;
  }

  /** Reloads and selects a container (after a Run). */
  async reveal(id: string): Promise<ContainerNode | undefined> {
    await this.refresh();
    const node = await this.findContainer(id);
    if (node && this.view) {
      try { await this.view.reveal(node, { select: true, focus: false }); } catch { /* hidden view: nothing to select */ }
    }
    return node;
  }
}
