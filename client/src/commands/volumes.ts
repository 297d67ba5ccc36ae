// Volume commands: create, remove (confirmed; in-use ones explained), inspect.
import * as vscode from 'vscode';
import { VolumeItem, createVolume, inspectVolume, removeVolume, validateVolumeName } from '../engine';
import { VolumesTreeProvider, VolumeNode } from '../views/volumesTree';
import { formatBytes } from '../views/format';
import { EngineService } from '../state/engineService';
import { requireTrust } from '../state/errors';
import { InspectDocuments } from './inspectDocuments';

export interface VolumeCommandDeps { service: EngineService; tree: VolumesTreeProvider; inspectDocs: InspectDocuments }

async function volumeOf(tree: VolumesTreeProvider, arg: unknown): Promise<VolumeItem | undefined> {
  if (arg instanceof VolumeNode) return arg.volume;
  const name = typeof arg === 'string' ? arg : (arg as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string') { void vscode.window.showErrorMessage('Pick a volume in the Volumes view.'); return undefined; }
  const found = (await tree.refresh()).find(v => v.name === name);
  if (!found) void vscode.window.showErrorMessage(`There is no volume "${name}" on this engine.`);
  return found;
}

export async function create(deps: VolumeCommandDeps, name?: string): Promise<string | undefined> {
  if (!requireTrust('Creating volumes')) return undefined;
  const value = name ?? await vscode.window.showInputBox({ title: 'Create Volume', prompt: 'Volume name', validateInput: v => validateVolumeName(v.trim()) ?? null });
  if (value === undefined) return undefined;
  const created = await createVolume(deps.service.engine, value.trim());
  await deps.tree.refresh();
  return created;
}

export async function remove(deps: VolumeCommandDeps, arg: unknown, option: { confirm?: boolean } = {}): Promise<boolean> {
  if (!requireTrust('Removing volumes')) return false;
  const v = await volumeOf(deps.tree, arg);
  if (!v) return false;
  if (v.usedBy.length) {
    // The engine would refuse; say who holds it instead of asking first.
    void vscode.window.showErrorMessage(`Volume ${v.name} is in use by ${v.usedBy.map(u => `${u.name} (${u.state})`).join(', ')}. Remove ${v.usedBy.length === 1 ? 'that container' : 'those containers'} first (stopped containers keep their volumes).`);
    return false;
  }
  const ok = option.confirm ?? (await vscode.window.showWarningMessage(`Remove the volume ${v.name}?`,
    { modal: true, detail: `Its data (${v.size >= 0 ? formatBytes(v.size) : 'size unknown'}) is deleted. This cannot be undone.` }, 'Remove')) === 'Remove';
  if (!ok) return false;
  await removeVolume(deps.service.engine, v.name);
  await deps.tree.refresh();
  return true;
}

export async function inspect(deps: VolumeCommandDeps, arg: unknown): Promise<vscode.Uri | undefined> {
  const v = await volumeOf(deps.tree, arg);
  return v ? deps.inspectDocs.show('volume', v.name, await inspectVolume(deps.service.engine, v.name)) : undefined;
}
