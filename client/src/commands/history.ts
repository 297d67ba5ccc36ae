// Layer History commands: show an image's layers (from a tree node, a Dockerfile or a reference) and
// open the Dockerfile instruction that made a layer.
import * as vscode from 'vscode';
import { BuildRecordStore, LayerHistory } from '../engine';
import { LayerHistoryProvider } from '../views/historyTree';
import { ImageNode } from '../views/imageNodes';
import { ImagesTreeProvider } from '../views/imagesTree';
import { lastTagFor } from './build';
import { isDockerfileUri } from './dockerfileTarget';

export interface HistoryDeps {
  history: LayerHistoryProvider;
  records: BuildRecordStore | undefined;
  state: vscode.Memento;
  /** Resolves tags to images, to prefer a record's tag over its id. */
  images?: ImagesTreeProvider;
  /** The image selected in the Images view, if any. */
  selectedImage(): ImageNode | undefined;
}

/** The image last built from `dockerfile`: its build record, else the tag last used to build it. */
export async function imageBuiltFrom(deps: HistoryDeps, dockerfile: vscode.Uri): Promise<string | undefined> {
  let record: { imageId: string; tag?: string } | undefined;
  try { record = deps.records?.get(dockerfile.fsPath); } catch { record = undefined; }
  if (!record) return lastTagFor(deps.state, dockerfile);
  // Name it by its tag while the tag still points at the recorded image; by id once it has moved on.
  if (record.tag && deps.images) {
    const node = await deps.images.findImage(record.tag).catch(() => undefined);
    if (node?.image.id === record.imageId) return record.tag;
  }
  return record.imageId;
}

export async function showHistory(deps: HistoryDeps, arg?: unknown): Promise<LayerHistory | undefined> {
  let ref: string | undefined;
  if (arg instanceof ImageNode) ref = arg.ref;
  else if (typeof arg === 'string' && arg.trim()) ref = arg.trim();
  else if (arg instanceof vscode.Uri) ref = await fromDockerfile(deps, arg);
  else if ((arg as { ref?: unknown } | undefined)?.ref && typeof (arg as { ref: unknown }).ref === 'string') ref = (arg as { ref: string }).ref;
  else {
    const active = vscode.window.activeTextEditor?.document;
    ref = active && active.languageId === 'dockerfile' ? await fromDockerfile(deps, active.uri) : deps.selectedImage()?.ref;
    if (!ref && !active) {
      void vscode.window.showInformationMessage('Pick an image in the Images view, or open a Dockerfile you have built, to see its layer history.');
    }
  }
  if (!ref) return undefined;
  void vscode.commands.executeCommand('layerwise.history.focus').then(undefined, () => undefined);
  return deps.history.showImage(ref);
}

async function fromDockerfile(deps: HistoryDeps, uri: vscode.Uri): Promise<string | undefined> {
  const ref = isDockerfileUri(uri) ? await imageBuiltFrom(deps, uri) : undefined;
  if (!ref) {
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} has not been built with Layerwise yet. Build it (Layerwise: Build Image…) to see its layers.`, 'Build Image…')
      .then(choice => { if (choice) void vscode.commands.executeCommand('layerwise.images.build', uri); }, () => undefined);
  }
  return ref;
}

/** Opens the Dockerfile at the instruction's line, selecting the line. */
export async function openInstruction(dockerfilePath: unknown, line: unknown): Promise<vscode.TextEditor | undefined> {
  if (typeof dockerfilePath !== 'string' || typeof line !== 'number') return undefined;
  try {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(dockerfilePath));
    const target = Math.min(Math.max(0, line), Math.max(0, doc.lineCount - 1));
    const range = doc.lineAt(target).range;
    return await vscode.window.showTextDocument(doc, { selection: range, preserveFocus: false, preview: true });
  } catch {
    void vscode.window.showErrorMessage(`Cannot open ${dockerfilePath}: the Dockerfile this layer was built from has moved or been deleted.`);
    return undefined;
  }
}
