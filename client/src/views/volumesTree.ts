// The Volumes view: each volume with its size, driver and the containers that mount it.
import * as vscode from 'vscode';
import { Engine, VolumeItem, listVolumes } from '../engine';
import { EngineService } from '../state/engineService';
import { EngineListTree, escapeMd, plural } from './engineListTree';
import { formatAge, formatBytes, shortId } from './format';

export class VolumeNode extends vscode.TreeItem {
  readonly kind = 'volume';
  constructor(readonly volume: VolumeItem) {
    super(volume.anonymous ? `${shortId(volume.name)} (anonymous)` : volume.name, vscode.TreeItemCollapsibleState.None);
    this.id = `volume:${volume.name}`;
    this.contextValue = volume.usedBy.length ? 'volume.inUse' : 'volume.unused';
    this.iconPath = new vscode.ThemeIcon('database');
    const size = volume.size >= 0 ? formatBytes(volume.size) : 'size unknown';
    const used = volume.usedBy.length ? `in use by ${volume.usedBy.map(u => u.name).join(', ')}` : 'unused';
    this.description = `${size} · ${volume.driver} · ${used}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(volume.name)}**\n\n- Driver: ${escapeMd(volume.driver)}\n- Size: ${size}\n- Mountpoint: \`${volume.mountpoint}\`\n`);
    if (volume.created) md.appendMarkdown(`- Created: ${volume.created.toISOString()} (${formatAge(volume.created.getTime())})\n`);
    md.appendMarkdown(`- Used by: ${volume.usedBy.length ? volume.usedBy.map(u => `${escapeMd(u.name)} (${u.state})`).join(', ') : 'no container (a prune removes it)'}\n`);
    this.tooltip = md;
  }
}

export class VolumesTreeProvider extends EngineListTree<VolumeItem, VolumeNode> {
  constructor(service: EngineService) { super(service, 'volumes'); }
  protected fetchItems(engine: Engine): Promise<VolumeItem[]> { return listVolumes(engine); }
  protected rootNodes(items: VolumeItem[]): VolumeNode[] {
    if (this.view) this.view.description = items.length ? plural(items.length, 'volume') : undefined;
    return items.map(v => new VolumeNode(v));
  }
  getChildren(node?: VolumeNode): VolumeNode[] | Promise<VolumeNode[]> { return node ? [] : this.roots(); }
}
