// Tree items of the Containers view: a group (Compose project or image) and a container. contextValue drives
// the menus in package.json: `container.running` / `container.stopped`, plus `.web` when it publishes TCP ports.
import * as vscode from 'vscode';
import { ContainerGroup, ContainerItem } from '../engine';
import { escapeMd, plural } from './engineListTree';
import { formatAge, shortId } from './format';

export type ContainersNode = ContainerGroupNode | ContainerNode;

const RUNNING = new Set(['running', 'restarting', 'paused']);

export class ContainerGroupNode extends vscode.TreeItem {
  readonly kind = 'containerGroup';
  readonly children: ContainerNode[];
  constructor(readonly group: ContainerGroup) {
    super(group.name, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `${group.kind}:${group.name}`;
    this.contextValue = group.kind === 'compose' ? 'composeProject' : 'containerImage';
    this.iconPath = new vscode.ThemeIcon(group.kind === 'compose' ? 'layers' : 'package');
    const running = group.containers.filter(c => RUNNING.has(c.state)).length;
    this.description = `${group.kind === 'compose' ? 'Compose · ' : ''}${running} of ${plural(group.containers.length, 'container')} running`;
    this.children = group.containers.map(c => new ContainerNode(c, this));
  }
}

/** "Up 5 minutes · 8080→80/tcp" or "Exited (1) 2 hours ago". */
export function containerDescription(c: ContainerItem): string {
  const ports = c.ports.map(p => `${p.hostPort}→${p.containerPort}`).join(', ');
  return [c.status, ports].filter(Boolean).join(' · ');
}

export class ContainerNode extends vscode.TreeItem {
  readonly kind = 'container';
  constructor(readonly container: ContainerItem, readonly parent?: ContainerGroupNode) {
    super(container.composeService ? `${container.composeService} (${container.name})` : container.name, vscode.TreeItemCollapsibleState.None);
    this.id = `container:${container.id}`;
    const running = RUNNING.has(container.state);
    const web = running && container.ports.some(p => p.containerPort.endsWith('/tcp'));
    this.contextValue = `container.${running ? 'running' : 'stopped'}${web ? '.web' : ''}`;
    // Green while running, red after a non-zero exit.
    const failed = /^Exited \((?!0\))/.test(container.status);
    this.iconPath = new vscode.ThemeIcon(running ? 'vm-running' : 'vm-outline',
      running ? new vscode.ThemeColor('testing.iconPassed') : failed ? new vscode.ThemeColor('testing.iconFailed') : undefined);
    this.description = containerDescription(container);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(container.name)}** (\`${shortId(container.id)}\`)\n\n`);
    md.appendMarkdown(`- Image: ${escapeMd(container.image)}\n- State: ${escapeMd(container.status)}\n`);
    md.appendMarkdown(`- Created: ${container.created.toISOString()} (${formatAge(container.created.getTime())})\n`);
    if (container.ports.length) md.appendMarkdown(`- Ports: ${container.ports.map(p => `${p.hostIp || '0.0.0.0'}:${p.hostPort} → ${p.containerPort}`).join(', ')}\n`);
    if (container.networks.length) md.appendMarkdown(`- Networks: ${container.networks.map(escapeMd).join(', ')}\n`);
    if (container.mounts.length) md.appendMarkdown(`- Mounts: ${container.mounts.map(m => `${escapeMd(m.name ?? m.source)} → ${escapeMd(m.destination)}`).join(', ')}\n`);
    if (container.composeProject) md.appendMarkdown(`- Compose: ${escapeMd(container.composeProject)} / ${escapeMd(container.composeService ?? '?')}\n`);
    this.tooltip = md;
  }
}
