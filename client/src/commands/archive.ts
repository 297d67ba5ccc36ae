// Save images to a tar (file dialog; the partial file is removed on failure or cancel) and load a tar.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { LoadResult, SaveResult, loadImages, saveImages } from '../engine';
import { formatBytes } from '../views/format';
import { requireTrust, showError } from '../state/errors';
import { TransferDeps, refOf } from './transfer';
import { withCancellableProgress } from './transferProgress';

/** `arg` is the clicked node; `selected` the multi-selection (VS Code passes both from a view menu). */
export async function saveCommand(deps: TransferDeps, arg: unknown, selected: unknown, options: { file?: string } = {}): Promise<SaveResult | undefined> {
  const many = Array.isArray(selected) ? selected.map(refOf) : Array.isArray(arg) ? arg.map(refOf) : [refOf(arg)];
  let refs = [...new Set(many.filter((r): r is string => !!r))];
  if (!refs.length) {
    const groups = await deps.images.refresh();
    const all = [...new Set(groups.flatMap(g => g.images.flatMap(i => i.repoTags)))].sort();
    const picked = await vscode.window.showQuickPick(all, { title: 'Save Images to a Tar Archive', canPickMany: true, placeHolder: 'Images to save' });
    if (!picked?.length) return undefined;
    refs = picked;
  }
  let file = options.file;
  if (!file) {
    const base = refs.length === 1 ? refs[0].replace(/[/:@]+/g, '_') : 'images';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
    const uri = await vscode.window.showSaveDialog({ title: `Save ${refs.join(', ')}`, defaultUri: vscode.Uri.file(path.join(folder, `${base}.tar`)), filters: { 'Tar archives': ['tar'] } });
    if (!uri) return undefined;
    file = uri.fsPath;
  }
  const target = file;
  try {
    const result = await withCancellableProgress(`Saving ${refs.length === 1 ? refs[0] : `${refs.length} images`}`, sink => saveImages(deps.service.engine, refs, target, {
      signal: sink.signal,
      onProgress: p => sink.report(`${formatBytes(p.bytes)}${p.totalBytes ? ` of about ${formatBytes(p.totalBytes)}` : ''}`, p.totalBytes ? Math.min(0.99, p.bytes / p.totalBytes) : undefined),
    }));
    void vscode.window.showInformationMessage(`Saved ${refs.join(', ')} to ${result.file} (${formatBytes(result.bytes)}).`);
    return result;
  } catch (err) {
    void showError('', err);
    return undefined;
  }
}

export async function loadCommand(deps: TransferDeps, arg: unknown, options: { file?: string } = {}): Promise<LoadResult | undefined> {
  if (!requireTrust('Loading images')) return undefined;
  let file = options.file ?? (arg instanceof vscode.Uri ? arg.fsPath : typeof arg === 'string' ? arg : undefined);
  if (!file) {
    const uris = await vscode.window.showOpenDialog({ title: 'Load Images from a Tar Archive', canSelectMany: false, filters: { 'Tar archives': ['tar', 'tar.gz', 'tgz'], 'All files': ['*'] } });
    if (!uris?.length) return undefined;
    file = uris[0].fsPath;
  }
  const source = file;
  try {
    const result = await withCancellableProgress(`Loading ${path.basename(source)}`, sink => loadImages(deps.service.engine, source, {
      signal: sink.signal,
      onProgress: p => sink.report(`${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes ?? 0)} sent`, p.totalBytes ? p.bytes / p.totalBytes : undefined),
    }));
    await deps.images.refresh();
    void vscode.window.showInformationMessage(result.loaded.length ? `Loaded ${result.loaded.join(', ')}.` : `Loaded ${path.basename(source)} (the engine named no images).`);
    return result;
  } catch (err) {
    void showError('', err);
    return undefined;
  }
}
