// Tree items of the Images view, one small class per node kind. contextValue drives the menus in package.json.
import * as vscode from 'vscode';
import { ContainerRef, DiskUsage, ImageGroup, ImageItem, UsageRow } from '../engine';
import { formatAge, formatBytes, formatCount, shortId } from './format';

export type ImagesNode = RepositoryNode | ImageNode | DanglingGroupNode | ContainerNode | DiskUsageNode | UsageRowNode;

export class RepositoryNode extends vscode.TreeItem {
  readonly kind = 'repository';
  constructor(readonly group: ImageGroup) {
    super(group.repository, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `repo:${group.repository}`;
    this.contextValue = 'repository';
    this.iconPath = new vscode.ThemeIcon('repo');
    const tags = group.images.reduce((n, i) => n + Math.max(1, i.tags.length), 0);
    const bytes = group.images.reduce((n, i) => n + i.size, 0);
    this.description = `${tags} tag${tags === 1 ? '' : 's'} · ${formatBytes(bytes)}`;
  }
}

function imageTooltip(image: ImageItem, ref: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMd(ref)}**${image.dangling ? ' (dangling: no tag points at it)' : ''}\n\n`);
  md.appendMarkdown(`- ID: \`${image.id}\`\n`);
  md.appendMarkdown(`- Created: ${image.created.toISOString()} (${formatAge(image.created.getTime())})\n`);
  md.appendMarkdown(`- Size: ${formatBytes(image.size)}${image.sharedSize !== undefined ? ` (${formatBytes(image.size - image.sharedSize)} unique, ${formatBytes(image.sharedSize)} shared with other images: removing it frees only the unique part)` : ''}\n`);
  if (image.repoTags.length > 1) md.appendMarkdown(`- Tags: ${image.repoTags.map(escapeMd).join(', ')}\n`);
  md.appendMarkdown(`- Containers: ${image.containers.length ? image.containers.map(c => `${escapeMd(c.name)} (${c.state})`).join(', ') : 'none'}\n`);
  return md;
}

/** "12.3 MB (4 MB unique)" when part of the image is shared with other images. */
export function sizeText(image: ImageItem): string {
  if (!image.sharedSize) return formatBytes(image.size);
  return `${formatBytes(image.size)} (${formatBytes(image.size - image.sharedSize)} unique)`;
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}

/** One image under one name (`repo:tag`), or a dangling image (`<none>`, shown by its short id). */
export class ImageNode extends vscode.TreeItem {
  readonly kind = 'image';
  /** What commands pass to the engine: `repo:tag`, or the image id when dangling. */
  readonly ref: string;
  constructor(readonly image: ImageItem, readonly tag: string | undefined, readonly parent: RepositoryNode | DanglingGroupNode) {
    super(tag ?? shortId(image.id), image.containers.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    const repository = parent instanceof RepositoryNode ? parent.group.repository : undefined;
    this.ref = repository && tag ? `${repository}:${tag}` : image.id;
    this.id = repository && tag ? `img:${this.ref}` : `dangling:${image.id}`;
    this.contextValue = image.dangling || !tag ? 'danglingImage' : 'image';
    this.iconPath = new vscode.ThemeIcon(this.contextValue === 'image' ? 'tag' : 'circle-slash');
    const inUse = image.containers.length ? ` · ${image.containers.length} container${image.containers.length === 1 ? '' : 's'}` : '';
    this.description = `${sizeText(image)} · ${formatAge(image.created.getTime())}${inUse}`;
    this.tooltip = imageTooltip(image, this.ref);
  }
}

export class DanglingGroupNode extends vscode.TreeItem {
  readonly kind = 'dangling';
  /** intermediate: the classic builder's untagged parent images (`docker images -a`), not dangling ones. */
  constructor(readonly images: ImageItem[], readonly intermediate = false) {
    super(intermediate ? 'Intermediate images' : 'Dangling images', vscode.TreeItemCollapsibleState.Collapsed);
    this.id = intermediate ? 'intermediate-group' : 'dangling-group';
    this.contextValue = intermediate ? 'intermediateGroup' : 'danglingGroup';
    this.iconPath = new vscode.ThemeIcon(intermediate ? 'layers-dot' : 'circle-slash');
    const bytes = images.reduce((n, i) => n + i.size, 0);
    this.description = `${formatCount(images.length)} · ${formatBytes(bytes)}`;
    this.tooltip = intermediate
      ? 'Untagged parents of other images: each step of a classic build is kept as an image so the next build can reuse it. They go with the last image built on them.'
      : 'Images no tag points at any more (usually left behind by rebuilds). Prune them to free space.';
  }
}

export class ContainerNode extends vscode.TreeItem {
  readonly kind = 'container';
  constructor(readonly container: ContainerRef, readonly parent: ImageNode) {
    super(container.name, vscode.TreeItemCollapsibleState.None);
    this.id = `ctr:${parent.id}:${container.id}`;
    this.contextValue = 'container';
    this.iconPath = new vscode.ThemeIcon(container.state === 'running' ? 'vm-running' : 'vm-outline');
    this.description = container.state;
    this.tooltip = `Container ${container.name} (${shortId(container.id)}), ${container.state}`;
  }
}

/** Like `docker system df`: images, containers, local volumes and build cache with total and reclaimable size. */
export class DiskUsageNode extends vscode.TreeItem {
  readonly kind = 'diskUsage';
  constructor() {
    super('Disk usage', vscode.TreeItemCollapsibleState.Collapsed);
    this.id = 'disk-usage';
    this.contextValue = 'diskUsage';
    this.iconPath = new vscode.ThemeIcon('database');
    this.tooltip = 'What Docker stores on this engine, and how much of it could be reclaimed (like `docker system df`).';
  }
}

export const USAGE_ROWS: Array<[keyof DiskUsage, string, string]> = [
  ['images', 'Images', 'file-media'],
  ['containers', 'Containers', 'vm'],
  ['volumes', 'Local volumes', 'archive'],
  ['buildCache', 'Build cache', 'history'],
];

export class UsageRowNode extends vscode.TreeItem {
  readonly kind = 'usageRow';
  constructor(key: keyof DiskUsage, label: string, icon: string, readonly row: UsageRow, readonly parent: DiskUsageNode) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = `disk-usage:${key}`;
    this.contextValue = 'diskUsageRow';
    this.iconPath = new vscode.ThemeIcon(icon);
    this.description = usageDescription(row);
    this.tooltip = `${label}: ${formatCount(row.count)} (${formatCount(row.active)} in use), ${formatBytes(row.totalSize)} in total, ${formatBytes(row.reclaimable)} reclaimable.`;
  }
}

/** "4 · 1.2 GB · 300 MB reclaimable (25%)". */
export function usageDescription(row: UsageRow): string {
  const pct = row.totalSize > 0 ? Math.round((row.reclaimable / row.totalSize) * 100) : 0;
  return `${formatCount(row.count)} · ${formatBytes(row.totalSize)} · ${formatBytes(row.reclaimable)} reclaimable (${pct}%)`;
}
