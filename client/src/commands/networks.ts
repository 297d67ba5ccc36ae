// Network commands: create, remove (confirmed; built-in and in-use ones explained), inspect.
import * as vscode from 'vscode';
import { NetworkItem, createNetwork, inspectNetwork, removeNetwork, validateNetworkName } from '../engine';
import { NetworksTreeProvider, NetworkNode } from '../views/networksTree';
import { EngineService } from '../state/engineService';
import { requireTrust } from '../state/errors';
import { InspectDocuments } from './inspectDocuments';

export interface NetworkCommandDeps { service: EngineService; tree: NetworksTreeProvider; inspectDocs: InspectDocuments }

async function networkOf(tree: NetworksTreeProvider, arg: unknown): Promise<NetworkItem | undefined> {
  if (arg instanceof NetworkNode) return arg.network;
  const name = typeof arg === 'string' ? arg : (arg as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string') { void vscode.window.showErrorMessage('Pick a network in the Networks view.'); return undefined; }
  const found = (await tree.refresh()).find(n => n.name === name || n.id === name);
  if (!found) void vscode.window.showErrorMessage(`There is no network "${name}" on this engine.`);
  return found;
}

export async function create(deps: NetworkCommandDeps, name?: string): Promise<string | undefined> {
  if (!requireTrust('Creating networks')) return undefined;
  const value = name ?? await vscode.window.showInputBox({
    title: 'Create Network', prompt: 'Name of a new bridge network (containers on it reach each other by name)',
    validateInput: v => validateNetworkName(v.trim()) ?? null,
  });
  if (value === undefined) return undefined;
  await createNetwork(deps.service.engine, value.trim());
  await deps.tree.refresh();
  return value.trim();
}

export async function remove(deps: NetworkCommandDeps, arg: unknown, option: { confirm?: boolean } = {}): Promise<boolean> {
  if (!requireTrust('Removing networks')) return false;
  const n = await networkOf(deps.tree, arg);
  if (!n) return false;
  if (n.builtIn) {
    void vscode.window.showErrorMessage(`${n.name} is one of the engine's built-in networks and cannot be removed.`);
    return false;
  }
  const running = n.usedBy.filter(u => ['running', 'paused', 'restarting'].includes(u.state));
  if (running.length) {
    void vscode.window.showErrorMessage(`Network ${n.name} is in use by ${running.map(u => u.name).join(', ')}. Stop or disconnect ${running.length === 1 ? 'that container' : 'those containers'} first.`);
    return false;
  }
  const stopped = n.usedBy.map(u => u.name);
  const ok = option.confirm ?? (await vscode.window.showWarningMessage(`Remove the network ${n.name}?`, {
    modal: true, detail: stopped.length ? `The stopped container${stopped.length === 1 ? '' : 's'} ${stopped.join(', ')} will not start again until a network of this name exists.` : 'No container uses it.',
  }, 'Remove')) === 'Remove';
  if (!ok) return false;
  await removeNetwork(deps.service.engine, n.name);
  await deps.tree.refresh();
  return true;
}

export async function inspect(deps: NetworkCommandDeps, arg: unknown): Promise<vscode.Uri | undefined> {
  const n = await networkOf(deps.tree, arg);
  return n ? deps.inspectDocs.show('network', n.name, await inspectNetwork(deps.service.engine, n.id)) : undefined;
}
