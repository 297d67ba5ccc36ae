// Tree items of the Layer History view: one per layer, and one collapsed node holding the base image's layers.
import * as vscode from 'vscode';
import { BaseImageInfo, HistoryLayer, LayerContents } from '../engine';
import { formatAge, formatBytes, oneLine, shortId, sizeBar } from './format';
import type { ContentsNode } from './historyContents';

export type HistoryNode = LayerNode | BaseGroupNode | ContentsNode;

const MISSING_EXPLAINED = '`<missing>`: this layer has no local image id. BuildKit does not keep intermediate images, and pulled images arrive without them; the layer itself is there.';

/** Command run when a layer that a known Dockerfile made is selected. */
export const OPEN_INSTRUCTION_COMMAND = 'layerwise.history.openInstruction';

export class LayerNode extends vscode.TreeItem {
  readonly kind = 'layer';
  /** What the layer adds, modifies and removes, once the image's layers have been read. */
  contents?: LayerContents;
  constructor(readonly layer: HistoryLayer, index: number, maxSize: number, readonly dockerfilePath: string | undefined, readonly parent?: BaseGroupNode, contents?: LayerContents) {
    super(oneLine(layer.instruction || layer.createdBy || '(no command recorded)'), vscode.TreeItemCollapsibleState.None);
    this.id = `layer:${index}:${layer.id}`;
    const age = formatAge(layer.created.getTime());
    this.description = layer.empty ? `empty layer · ${age}` : `${sizeBar(layer.size, maxSize)} ${formatBytes(layer.size)} · ${age}`;
    if (contents) {
      this.contents = contents;
      if (contents.wastedBytes > 0) this.description += ` · ${formatBytes(contents.wastedBytes)} wasted`;
      if (contents.changes.length || contents.changesOmitted.count) this.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    }
    this.iconPath = new vscode.ThemeIcon(layer.empty ? 'circle-outline' : layer.fromBase ? 'layers-dot' : 'layers');
    const source = layer.line !== undefined && dockerfilePath ? { path: dockerfilePath, line: layer.line } : undefined;
    this.contextValue = source ? 'layer.source' : layer.missing ? 'layer.missing' : 'layer';
    if (source) {
      this.command = { command: OPEN_INSTRUCTION_COMMAND, title: 'Open Dockerfile Instruction', arguments: [source.path, source.line] };
    }
    this.tooltip = layerTooltip(layer, source);
    if (contents) {
      const t = (n: { count: number; bytes: number }) => `${n.count} (${formatBytes(n.bytes)})`;
      this.tooltip.appendMarkdown(`- Files added ${t(contents.added)}, modified ${t(contents.modified)}, removed ${t(contents.removed)}\n`);
      if (contents.wastedBytes > 0) this.tooltip.appendMarkdown(`- Wasted: ${formatBytes(contents.wastedBytes)} of these bytes are overwritten or removed by another layer, or overwrite or remove another layer's\n`);
    }
  }
}

function layerTooltip(layer: HistoryLayer, source: { path: string; line: number } | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendCodeblock(layer.createdBy || '(no command recorded)', 'dockerfile');
  md.appendMarkdown(`- Layer: ${layer.missing ? '`<missing>`' : `\`${shortId(layer.id)}\``}\n`);
  md.appendMarkdown(`- Size: ${layer.empty ? '0 B (empty layer: metadata only, no filesystem change)' : formatBytes(layer.size)}\n`);
  md.appendMarkdown(`- Created: ${layer.created.toISOString()} (${formatAge(layer.created.getTime())})\n`);
  if (layer.comment) md.appendMarkdown(`- Comment: ${layer.comment.replace(/[\\`*_[\]<>]/g, '\\$&')}\n`);
  if (source) md.appendMarkdown(`- Dockerfile line ${source.line + 1} (select to open)\n`);
  if (layer.fromBase) md.appendMarkdown('- From the base image\n');
  if (layer.missing) md.appendMarkdown(`\n${MISSING_EXPLAINED}\n`);
  return md;
}

/** "node:20-alpine" from a base-image label, else "base image (inferred: node:20-alpine)". */
export function baseGroupLabel(base: BaseImageInfo | undefined): string {
  if (!base) return 'base image (inferred: unknown)';
  return base.how === 'label' ? base.name : `base image (inferred: ${base.name})`;
}

export class BaseGroupNode extends vscode.TreeItem {
  readonly kind = 'base';
  readonly layers: LayerNode[] = [];
  constructor(readonly base: BaseImageInfo | undefined, layers: HistoryLayer[], firstIndex: number, maxSize: number, contentsOf: (index: number) => LayerContents | undefined = () => undefined) {
    super(baseGroupLabel(base), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `base:${base?.name ?? 'unknown'}`;
    this.contextValue = 'baseImage';
    this.iconPath = new vscode.ThemeIcon('package');
    const bytes = layers.reduce((n, l) => n + l.size, 0);
    this.description = `${layers.length} layer${layers.length === 1 ? '' : 's'} · ${formatBytes(bytes)}`;
    const how = !base ? 'The base image could not be identified.'
      : base.how === 'label' ? 'Named by the image\'s base-image label.'
      : base.how === 'local-suffix' ? 'Inferred: a local image\'s history matches these bottom layers.'
      : 'Inferred: these layers are older than the recorded build of this image.';
    this.tooltip = `The base image's layers, folded. ${how}`;
    this.layers = layers.map((l, i) => new LayerNode(l, firstIndex + i, maxSize, undefined, this, contentsOf(firstIndex + i)));
  }
}
