// Image commands: remove, prune (behind a modal confirmation with the engine's preview), dangling toggle, copy.
import * as vscode from 'vscode';
import { ImageItem, PruneResult, previewPrune, pruneImages, removeContainer, removeImage } from '../engine';
import { ImagesTreeProvider } from '../views/imagesTree';
import { ImageNode } from '../views/imageNodes';
import { formatBytes, formatCount, shortId } from '../views/format';
import { setShowDanglingImages, setShowIntermediateImages } from '../config';
import { EngineService } from '../state/engineService';
import { errorText, requireTrust } from '../state/errors';

/** `confirm: true` skips the dialog, `confirm: false` declines it (tests); absent → ask. */
export interface ConfirmOption { confirm?: boolean }

export interface PruneCommandResult extends PruneResult {
  /** The confirmation was declined or dismissed: nothing was removed. */
  cancelled: boolean;
  /** What the confirmation announced. */
  preview: { count: number; bytes: number };
}

async function confirmed(option: ConfirmOption, message: string, detail: string, action: string): Promise<boolean> {
  if (option.confirm !== undefined) return option.confirm === true;
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  return choice === action;
}

function listFew(images: ImageItem[], max = 5): string {
  const names = images.slice(0, max).map(i => i.repoTags[0] ?? shortId(i.id));
  return names.join(', ') + (images.length > max ? ` and ${formatCount(images.length - max)} more` : '');
}

export async function prune(service: EngineService, tree: ImagesTreeProvider, all: boolean, option: ConfirmOption = {}): Promise<PruneCommandResult | undefined> {
  if (!requireTrust('Pruning images')) return undefined;
  const engine = service.engine;
  const preview = await previewPrune(engine, { all });
  const announced = { count: preview.count, bytes: preview.bytes };
  const kind = all ? 'unused' : 'dangling';
  if (preview.count === 0) {
    void vscode.window.showInformationMessage(`There are no ${kind} images to prune.`);
    return { deleted: [], spaceReclaimed: 0, cancelled: false, preview: announced };
  }
  const what = `${formatCount(preview.count)} ${kind} image${preview.count === 1 ? '' : 's'}`;
  const ok = await confirmed(option,
    `Remove ${what} and free ${formatBytes(preview.bytes)}?`,
    `${all ? 'Every image no container uses' : 'Untagged images'} will be deleted: ${listFew(preview.images)}. This cannot be undone.`,
    `Prune ${preview.count === 1 ? 'Image' : 'Images'}`);
  if (!ok) return { deleted: [], spaceReclaimed: 0, cancelled: true, preview: announced };
  const result = await pruneImages(engine, { all });
  void vscode.window.showInformationMessage(`Pruned ${formatCount(result.deleted.length)} image${result.deleted.length === 1 ? '' : 's'}, freed ${formatBytes(result.spaceReclaimed)}.`);
  await tree.refresh();
  return { ...result, cancelled: false, preview: announced };
}

/** Resolves a node or a reference to the image node (so its containers are known). */
async function nodeOf(tree: ImagesTreeProvider, arg: unknown): Promise<ImageNode | undefined> {
  if (arg instanceof ImageNode) return arg;
  if (typeof arg === 'string' && arg.trim()) return tree.findImage(arg.trim());
  const ref = (arg as { ref?: unknown } | undefined)?.ref;
  return typeof ref === 'string' ? tree.findImage(ref) : undefined;
}

export async function remove(service: EngineService, tree: ImagesTreeProvider, arg: unknown, option: ConfirmOption & { removeContainers?: boolean } = {}): Promise<boolean> {
  if (!requireTrust('Removing images')) return false;
  const node = await nodeOf(tree, arg);
  if (!node) {
    void vscode.window.showErrorMessage(`Remove Image: ${typeof arg === 'string' ? `no image "${arg}" on this engine` : 'pick an image in the Images view'}.`);
    return false;
  }
  const { image, ref } = node;
  // A tag of an image with several tags only untags; say which.
  const untagOnly = !image.dangling && image.repoTags.length > 1;
  if (image.containers.length && !untagOnly) {
    // The engine refuses while any container (stopped ones too) uses the image: offer to remove them first.
    const users = image.containers.map(c => `${c.name} (${c.state})`).join(', ');
    const running = image.containers.filter(c => c.state === 'running').length;
    const action = 'Remove Containers and Image';
    const ok = option.removeContainers ?? option.confirm ?? (await vscode.window.showWarningMessage(
      `${ref} is used by container${image.containers.length === 1 ? '' : 's'} ${users}. Remove ${image.containers.length === 1 ? 'it' : 'them'} and then the image?`,
      { modal: true, detail: `${running ? `${running} running container${running === 1 ? ' is' : 's are'} killed first. ` : ''}Containers lose their writable layer; named volumes stay. This cannot be undone.` },
      action)) === action;
    if (!ok) return false;
    for (const c of image.containers) await removeContainer(service.engine, c.id, { force: true });
  } else {
    const ok = await confirmed(option,
      untagOnly ? `Remove the tag ${ref}?` : `Remove the image ${ref}?`,
      untagOnly ? `Only the tag goes: the image ${shortId(image.id)} stays, because other tags point at it: ${image.repoTags.filter(t => t !== ref).join(', ')}.` : `${formatBytes(image.size)} · ${shortId(image.id)}. This cannot be undone.`,
      'Remove');
    if (!ok) return false;
  }
  try {
    const result = await removeImage(service.engine, image.dangling ? image.id : ref);
    if (!result.deleted.length && result.untagged.length) {
      void vscode.window.showInformationMessage(`Untagged ${ref}. The image ${shortId(image.id)} stays: it still has other tags.`);
    }
  } catch (err) {
    const error = service.engine.noteFailure(err);
    void vscode.window.showErrorMessage(errorText(error));
    return false;
  }
  await tree.refresh();
  return true;
}

export async function setDanglingVisible(tree: ImagesTreeProvider, show: boolean): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'layerwise.images.showDangling', show);
  await setShowDanglingImages(show);
  await tree.refresh();
}

export async function setIntermediateVisible(tree: ImagesTreeProvider, show: boolean): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'layerwise.images.showIntermediate', show);
  await setShowIntermediateImages(show);
  await tree.refresh();
}

export async function copy(tree: ImagesTreeProvider, arg: unknown, what: 'id' | 'name'): Promise<string | undefined> {
  const node = await nodeOf(tree, arg);
  if (!node) {
    void vscode.window.showErrorMessage('Pick an image in the Images view to copy its ' + what + '.');
    return undefined;
  }
  const text = what === 'id' ? node.image.id : node.ref;
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
  return text;
}
