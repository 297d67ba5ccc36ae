// The Networks view: each network with its driver, subnets and the containers attached.
import * as vscode from 'vscode';
import { Engine, NetworkItem, listNetworks } from '../engine';
import { EngineService } from '../state/engineService';
import { EngineListTree, escapeMd } from './engineListTree';
import { shortId } from './format';

export class NetworkNode extends vscode.TreeItem {
  readonly kind = 'network';
  constructor(readonly network: NetworkItem) {
    super(network.name, vscode.TreeItemCollapsibleState.None);
    this.id = `network:${network.id}`;
    this.contextValue = network.builtIn ? 'network.builtIn' : network.usedBy.length ? 'network.inUse' : 'network.unused';
    this.iconPath = new vscode.ThemeIcon(network.builtIn ? 'globe' : 'type-hierarchy');
    const used = network.usedBy.length ? network.usedBy.map(u => u.name).join(', ') : 'no containers';
    this.description = `${network.driver}${network.subnets.length ? ` · ${network.subnets.join(', ')}` : ''} · ${used}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(network.name)}** (\`${shortId(network.id)}\`)${network.builtIn ? ' — built into the engine, cannot be removed' : ''}\n\n`);
    md.appendMarkdown(`- Driver: ${escapeMd(network.driver)} · scope ${escapeMd(network.scope)}\n`);
    if (network.subnets.length) md.appendMarkdown(`- Subnets: ${network.subnets.map(escapeMd).join(', ')}\n`);
    md.appendMarkdown(`- Containers: ${network.usedBy.length ? network.usedBy.map(u => `${escapeMd(u.name)} (${u.state})`).join(', ') : 'none'}\n`);
    if (!network.builtIn) md.appendMarkdown('\nContainers on a user network reach each other by container name.\n');
    this.tooltip = md;
  }
}

export class NetworksTreeProvider extends EngineListTree<NetworkItem, NetworkNode> {
  constructor(service: EngineService) { super(service, 'networks'); }
  protected fetchItems(engine: Engine): Promise<NetworkItem[]> { return listNetworks(engine); }
  protected rootNodes(items: NetworkItem[]): NetworkNode[] { return items.map(n => new NetworkNode(n)); }
  getChildren(node?: NetworkNode): NetworkNode[] | Promise<NetworkNode[]> { return node ? [] : this.roots(); }
}
