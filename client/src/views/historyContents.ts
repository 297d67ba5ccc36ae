// Tree items for layer contents in the Layer History view: the image's efficiency, the "Wasted space"
// node (each path links the line that added its bytes and the line that removed or overwrote them),
// and a layer's largest changes grouped by directory.
import * as path from 'path';
import * as vscode from 'vscode';
import { ImageContents, Inefficiency, LayerChange, LayerContents, PathEvent } from '../engine';
import { formatBytes, formatCount } from './format';
import { OPEN_INSTRUCTION_COMMAND } from './historyNodes';

export type ContentsNode = ImageSummaryNode | WastedSpaceNode | WastedPathNode | WastedStepNode | ChangeDirNode | ChangeNode | MoreChangesNode;

/** How many wasted paths the "Wasted space" node lists. */
export const WASTED_PATHS_SHOWN = 50;

const pct = (r: number) => `${(Math.floor(r * 1000) / 10).toFixed(1)}%`;

/** Where a layer's Dockerfile line is, for links. */
export interface LineSource { dockerfilePath?: string; contents: ImageContents }

function openLine(source: LineSource, layer: number): vscode.Command | undefined {
  const line = source.contents.layers[layer]?.line;
  if (line === undefined || !source.dockerfilePath) return undefined;
  return { command: OPEN_INSTRUCTION_COMMAND, title: 'Open Dockerfile Instruction', arguments: [source.dockerfilePath, line] };
}

export type SummaryState =
  | { kind: 'idle'; totalBytes: number }
  | { kind: 'loading'; bytesRead: number; totalBytes: number }
  | { kind: 'done'; contents: ImageContents }
  | { kind: 'error'; message: string };

/** The image: efficiency and wasted bytes once read; progress while reading; the reason when it failed. */
export class ImageSummaryNode extends vscode.TreeItem {
  readonly kind = 'imageSummary';
  constructor(imageRef: string, state: SummaryState) {
    super(state.kind === 'done' ? `Efficiency ${pct(state.contents.efficiency)}` : state.kind === 'loading' ? 'Reading layer contents…'
      : state.kind === 'idle' ? 'Read layer contents…' : 'Layer contents unavailable', vscode.TreeItemCollapsibleState.None);
    this.id = 'contents:summary';
    this.iconPath = new vscode.ThemeIcon(state.kind === 'error' ? 'warning' : state.kind === 'loading' ? 'loading~spin' : 'dashboard');
    if (state.kind === 'idle') {
      this.contextValue = 'imageSummary.idle';
      this.iconPath = new vscode.ThemeIcon('search');
      this.description = `${formatBytes(state.totalBytes)}: select to read what each layer holds`;
      this.tooltip = 'Larger than layerwise.history.layerContentsLimit, so not read by itself. Reading streams the image export once; the result is cached by image ID.';
      this.command = { command: 'layerwise.history.readLayerContents', title: 'Read Layer Contents' };
    } else if (state.kind === 'loading') {
      this.contextValue = 'imageSummary.loading';
      const of = state.totalBytes > 0 ? ` of ${formatBytes(state.totalBytes)}` : '';
      this.description = `${formatBytes(state.bytesRead)}${of}`;
      this.tooltip = 'Layerwise reads the image export once to measure what each layer holds; the result is cached by image ID.';
    } else if (state.kind === 'error') {
      this.contextValue = 'imageSummary.error';
      this.description = state.message;
      this.tooltip = `${state.message}\nSelect to try again.`;
      this.command = { command: 'layerwise.history.readLayerContents', title: 'Read Layer Contents' };
    } else {
      const c = state.contents;
      this.contextValue = 'imageSummary';
      this.description = `${formatBytes(c.wastedBytes)} wasted of ${formatBytes(c.sizeBytes)} · ${imageRef}`;
      const md = new vscode.MarkdownString(undefined, true);
      md.appendMarkdown(`**${c.image}** (${c.platform})\n\n`);
      md.appendMarkdown(`- Size: ${formatBytes(c.sizeBytes)} (${formatBytes(c.userSizeBytes)} above the base layer)\n`);
      md.appendMarkdown(`- Wasted: ${formatBytes(c.wastedBytes)} (${pct(c.userWastedPercent)} of the bytes above the base layer) in ${formatCount(c.inefficientPaths)} paths touched by more than one layer\n`);
      md.appendMarkdown(`- Efficiency: ${pct(c.efficiency)} (dive's score: the smallest version of every path over all the versions the layers carry)\n`);
      this.tooltip = md;
    }
  }
}

export class WastedSpaceNode extends vscode.TreeItem {
  readonly kind = 'wastedSpace';
  readonly children: WastedPathNode[];
  constructor(source: LineSource) {
    super('Wasted space', vscode.TreeItemCollapsibleState.Collapsed);
    const c = source.contents;
    this.id = 'contents:wasted';
    this.contextValue = 'wastedSpace';
    this.iconPath = new vscode.ThemeIcon('trash');
    this.description = `${formatBytes(c.wastedBytes)} in ${formatCount(c.inefficientPaths)} path${c.inefficientPaths === 1 ? '' : 's'}`;
    this.tooltip = 'Paths that more than one layer adds, overwrites or removes: every version stays in the image. Select a path to open the line that added it; expand it for the line that removed or overwrote it.';
    this.children = c.inefficiencies.filter(i => i.wastedBytes > 0).slice(0, WASTED_PATHS_SHOWN).map(i => new WastedPathNode(i, source));
  }
}

const VERB: Record<PathEvent['change'], string> = { added: 'added by', modified: 'overwritten by', removed: 'removed by' };

export class WastedPathNode extends vscode.TreeItem {
  readonly kind = 'wastedPath';
  readonly children: WastedStepNode[];
  constructor(readonly inefficiency: Inefficiency, source: LineSource) {
    super(inefficiency.path, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `contents:wasted:${inefficiency.path}`;
    this.contextValue = 'wastedPath';
    this.iconPath = new vscode.ThemeIcon('file');
    this.description = `${formatBytes(inefficiency.wastedBytes)} · ${inefficiency.count} layers`;
    const first = inefficiency.events[0];
    const command = first && openLine(source, first.layer);
    if (command) this.command = command;
    this.children = inefficiency.events.map((e, i) => new WastedStepNode(inefficiency.path, e, i, source));
    this.tooltip = inefficiency.events.map(e => `${VERB[e.change]} ${stepName(source, e.layer)}${e.change === 'removed' ? '' : ` (${formatBytes(e.size)})`}`).join('\n');
  }
}

function stepName(source: LineSource, layer: number): string {
  const l = source.contents.layers[layer];
  return l?.line !== undefined ? `line ${l.line + 1}` : `layer ${layer}`;
}

export class WastedStepNode extends vscode.TreeItem {
  readonly kind = 'wastedStep';
  constructor(filePath: string, event: PathEvent, index: number, source: LineSource) {
    const layer = source.contents.layers[event.layer];
    super(`${VERB[event.change]} ${stepName(source, event.layer)}`, vscode.TreeItemCollapsibleState.None);
    this.id = `contents:wasted:${filePath}:${index}`;
    this.contextValue = 'wastedStep';
    this.iconPath = new vscode.ThemeIcon(event.change === 'removed' ? 'diff-removed' : event.change === 'added' ? 'diff-added' : 'diff-modified');
    this.description = `${event.change === 'removed' ? '' : formatBytes(event.size) + ' · '}${layer?.createdBy.replace(/\s+/g, ' ').slice(0, 80) ?? ''}`;
    const command = openLine(source, event.layer);
    if (command) this.command = command;
  }
}

const CHANGE_ICON: Record<LayerChange['change'], string> = { added: 'diff-added', modified: 'diff-modified', removed: 'diff-removed' };

function changeText(c: LayerChange): string {
  if (c.change === 'removed') return `removed ${formatBytes(c.size)}${c.files !== undefined ? ` (${formatCount(c.files)} file${c.files === 1 ? '' : 's'})` : ''}`;
  if (c.metadataOnly) return `${formatBytes(c.size)} copied again (metadata only: chmod, chown or touch)`;
  return `${c.change} ${formatBytes(c.size)}`;
}

export class ChangeNode extends vscode.TreeItem {
  readonly kind = 'change';
  constructor(readonly change: LayerChange, layerKey: string) {
    super(path.posix.basename(change.path) || change.path, vscode.TreeItemCollapsibleState.None);
    this.id = `${layerKey}:change:${change.change}:${change.path}`;
    this.contextValue = `change.${change.change}`;
    this.iconPath = new vscode.ThemeIcon(CHANGE_ICON[change.change]);
    this.description = changeText(change);
    this.tooltip = `${change.path}\n${changeText(change)}`;
  }
}

export class ChangeDirNode extends vscode.TreeItem {
  readonly kind = 'changeDir';
  constructor(readonly dir: string, readonly children: ChangeNode[], layerKey: string) {
    super(dir, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `${layerKey}:dir:${dir}`;
    this.contextValue = 'changeDir';
    this.iconPath = vscode.ThemeIcon.Folder;
    const bytes = children.reduce((n, c) => n + c.change.size, 0);
    this.description = `${formatCount(children.length)} change${children.length === 1 ? '' : 's'} · ${formatBytes(bytes)}`;
  }
}

export class MoreChangesNode extends vscode.TreeItem {
  readonly kind = 'moreChanges';
  constructor(count: number, bytes: number, layerKey: string) {
    super(`and ${formatCount(count)} more change${count === 1 ? '' : 's'}, ${formatBytes(bytes)}`, vscode.TreeItemCollapsibleState.None);
    this.id = `${layerKey}:more`;
    this.contextValue = 'moreChanges';
    this.tooltip = 'Smaller changes are counted, not listed. `layerwise inspect --format json IMAGE` gives the totals per layer.';
  }
}

/** A layer's largest changes, grouped by directory (largest directory first); then what was left out. */
export function changeNodes(layer: LayerContents, layerKey: string): Array<ChangeDirNode | MoreChangesNode> {
  const byDir = new Map<string, ChangeNode[]>();
  for (const c of layer.changes) {
    const dir = path.posix.dirname(c.path);
    let list = byDir.get(dir);
    if (!list) byDir.set(dir, list = []);
    list.push(new ChangeNode(c, layerKey));
  }
  const size = (nodes: ChangeNode[]) => nodes.reduce((n, c) => n + c.change.size, 0);
  const groups: Array<ChangeDirNode | MoreChangesNode> = [...byDir.entries()]
    .sort((a, b) => size(b[1]) - size(a[1]) || (a[0] < b[0] ? -1 : 1))
    .map(([dir, nodes]) => new ChangeDirNode(dir, nodes, layerKey));
  // A few directories are shown open, so expanding a layer shows its files at once.
  if (groups.length <= 3) for (const g of groups) g.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
  if (layer.changesOmitted.count > 0) groups.push(new MoreChangesNode(layer.changesOmitted.count, layer.changesOmitted.bytes, layerKey));
  return groups;
}
