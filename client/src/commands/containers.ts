// Container commands (thin: ask, call engine/, report): start, stop, restart, remove, logs, shell, inspect,
// open in browser, copy id.
import * as vscode from 'vscode';
import {
  ContainerItem, SessionEnd, followLogs, inspectContainer, openShell, removeContainer, restartContainer, startContainer, stopContainer,
} from '../engine';
import { ContainersTreeProvider } from '../views/containersTree';
import { ContainerNode } from '../views/containerNodes';
import { shortId } from '../views/format';
import { EngineService } from '../state/engineService';
import { requireTrust } from '../state/errors';
import { LogsTerminal, ShellTerminal } from './containerTerminals';
import { InspectDocuments } from './inspectDocuments';
import { portUrls } from './input';

export interface ContainerCommandDeps {
  service: EngineService;
  tree: ContainersTreeProvider;
  inspectDocs: InspectDocuments;
}

/** What a logs / shell command returns (tests read the terminal's text and how it ended). */
export interface TerminalHandle { terminal: vscode.Terminal; ended: Promise<SessionEnd>; transcript(): string }

/** A container from a tree node, an id or name string, or `{ id }`. */
async function containerOf(tree: ContainersTreeProvider, arg: unknown): Promise<ContainerItem | undefined> {
  if (arg instanceof ContainerNode) return arg.container;
  const key = typeof arg === 'string' ? arg : (arg as { id?: unknown } | undefined)?.id;
  if (typeof key !== 'string' || !key.trim()) {
    void vscode.window.showErrorMessage('Pick a container in the Containers view.');
    return undefined;
  }
  const node = await tree.findContainer(key.trim()) ?? (await tree.refresh(), await tree.findContainer(key.trim()));
  if (!node) void vscode.window.showErrorMessage(`There is no container "${key}" on this engine.`);
  return node?.container;
}

const isRunning = (c: ContainerItem) => ['running', 'restarting', 'paused'].includes(c.state);

export async function lifecycle(deps: ContainerCommandDeps, action: 'start' | 'stop' | 'restart', arg: unknown): Promise<boolean> {
  if (!requireTrust(`${action[0].toUpperCase()}${action.slice(1)}ing containers`)) return false;
  const c = await containerOf(deps.tree, arg);
  if (!c) return false;
  const engine = deps.service.engine;
  const verb = { start: 'Starting', stop: 'Stopping', restart: 'Restarting' }[action];
  await vscode.window.withProgress({ location: { viewId: 'layerwise.containers' }, title: `${verb} ${c.name}` }, () =>
    action === 'start' ? startContainer(engine, c.id) : action === 'stop' ? stopContainer(engine, c.id) : restartContainer(engine, c.id));
  await deps.tree.refresh();
  return true;
}

export async function remove(deps: ContainerCommandDeps, arg: unknown, option: { confirm?: boolean } = {}): Promise<boolean> {
  if (!requireTrust('Removing containers')) return false;
  const c = await containerOf(deps.tree, arg);
  if (!c) return false;
  const running = isRunning(c);
  const action = running ? 'Force Remove' : 'Remove';
  const ok = option.confirm ?? (await vscode.window.showWarningMessage(
    running ? `${c.name} is running. Stop and remove it?` : `Remove the container ${c.name}?`,
    { modal: true, detail: `${running ? 'It is killed at once (no graceful stop), then removed' : 'It is removed'} with its writable layer; named volumes stay. Image ${c.image}, ${shortId(c.id)}.` },
    action)) === action;
  if (!ok) return false;
  await removeContainer(deps.service.engine, c.id, { force: running });
  await deps.tree.refresh();
  return true;
}

export async function viewLogs(deps: ContainerCommandDeps, arg: unknown): Promise<TerminalHandle | undefined> {
  const c = await containerOf(deps.tree, arg);
  if (!c) return undefined;
  const session = await followLogs(deps.service.engine, c.id, { timestamps: true, tail: 1000 });
  const pty = new LogsTerminal(session, c.name);
  const terminal = vscode.window.createTerminal({ name: `Logs: ${c.name}`, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show(true);
  return { terminal, ended: pty.ended, transcript: () => pty.transcript };
}

export async function attachShell(deps: ContainerCommandDeps, arg: unknown): Promise<TerminalHandle | undefined> {
  if (!requireTrust('Attaching a shell')) return undefined;
  const c = await containerOf(deps.tree, arg);
  if (!c) return undefined;
  if (!isRunning(c)) {
    void vscode.window.showErrorMessage(`${c.name} is not running. Start it first, then attach a shell.`);
    return undefined;
  }
  const session = await openShell(deps.service.engine, c.id);
  const pty = new ShellTerminal(session, c.name);
  const terminal = vscode.window.createTerminal({ name: `Shell: ${c.name}`, pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  return { terminal, ended: pty.ended, transcript: () => pty.transcript };
}

export async function inspect(deps: ContainerCommandDeps, arg: unknown): Promise<vscode.Uri | undefined> {
  const c = await containerOf(deps.tree, arg);
  if (!c) return undefined;
  return deps.inspectDocs.show('container', c.name, await inspectContainer(deps.service.engine, c.id));
}

export async function openInBrowser(deps: ContainerCommandDeps, arg: unknown): Promise<string | undefined> {
  const c = await containerOf(deps.tree, arg);
  if (!c) return undefined;
  const urls = portUrls(c.ports).map(u => u.split(' → ')[0]);
  if (!urls.length) {
    void vscode.window.showInformationMessage(`${c.name} publishes no TCP port. Run it with a port mapping (e.g. 8080:80) to open it in a browser.`);
    return undefined;
  }
  const url = urls.length === 1 ? urls[0] : await vscode.window.showQuickPick(urls, { title: `Open ${c.name} in Browser` });
  if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}

export async function copyId(deps: ContainerCommandDeps, arg: unknown): Promise<string | undefined> {
  const c = await containerOf(deps.tree, arg);
  if (!c) return undefined;
  await vscode.env.clipboard.writeText(c.id);
  vscode.window.setStatusBarMessage(`Copied ${c.id}`, 3000);
  return c.id;
}
