// Run Image, complete: volumes, bind mounts, network, restart policy, env file, command override, --init.
// One quick pick lists the choices with their current values (remembered per image); Run starts it.
import * as path from 'path';
import * as vscode from 'vscode';
import { Engine, RestartPolicyName, RunMount, createNetwork, listNetworks, listVolumes, validateNetworkName, validateVolumeName } from '../engine';
import { formatCommandLine, parseCommandLine, validateContainerPath } from './input';

export interface MoreRunOptions {
  mounts: RunMount[];
  network?: string;
  restartPolicy: RestartPolicyName;
  envFile?: string;
  command?: string[];
  init: boolean;
}

const MEMORY_KEY = 'layerwise.run.options';

/** The options last used for `image` in this workspace (or the defaults). */
export function rememberedRunOptions(state: vscode.Memento | undefined, image: string): MoreRunOptions {
  const all = state?.get<Record<string, Partial<MoreRunOptions>>>(MEMORY_KEY) ?? {};
  const saved = all[image] ?? {};
  return { ...saved, mounts: saved.mounts ?? [], restartPolicy: saved.restartPolicy ?? 'no', init: saved.init ?? false };
}

export async function rememberRunOptions(state: vscode.Memento | undefined, image: string, options: MoreRunOptions): Promise<void> {
  if (!state) return;
  const all = { ...(state.get<Record<string, MoreRunOptions>>(MEMORY_KEY) ?? {}) };
  all[image] = options;
  await state.update(MEMORY_KEY, all);
}

export function describeMount(m: RunMount): string {
  return `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`;
}

type Choice = vscode.QuickPickItem & { action: 'run' | 'volume' | 'bind' | 'unmount' | 'network' | 'restart' | 'envFile' | 'command' | 'init' };

/** The options loop; resolves with the chosen options, or undefined when dismissed. */
export async function askMoreRunOptions(engine: Engine, image: string, start: MoreRunOptions): Promise<MoreRunOptions | undefined> {
  const o: MoreRunOptions = { ...start, mounts: [...start.mounts] };
  for (;;) {
    const items: Choice[] = [
      { label: '$(play) Run', description: 'start the container with these options', action: 'run' },
      { label: '', kind: vscode.QuickPickItemKind.Separator, action: 'run' },
      { label: '$(database) Add a volume…', description: 'named volume, existing or new (-v name:/path)', action: 'volume' },
      { label: '$(folder) Add a bind mount…', description: 'a folder of this machine (-v /host:/path)', action: 'bind' },
      ...(o.mounts.length ? [{ label: '$(close) Remove a mount…', description: o.mounts.map(describeMount).join(', '), action: 'unmount' as const }] : []),
      { label: '$(type-hierarchy) Network', description: o.network ?? 'default bridge', action: 'network' },
      { label: '$(debug-restart) Restart policy', description: o.restartPolicy === 'no' ? 'no (removed when it exits)' : `${o.restartPolicy} (kept when it exits)`, action: 'restart' },
      { label: '$(file) Env file', description: o.envFile ?? 'none', action: 'envFile' },
      { label: '$(terminal) Command', description: o.command?.length ? formatCommandLine(o.command) : "the image's CMD", action: 'command' },
      { label: '$(gear) Init process (--init)', description: o.init ? 'on: reaps zombies, forwards signals' : 'off', action: 'init' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `Run ${image}: options (remembered for this image)`, placeHolder: 'Run, or change an option' });
    if (!pick) return undefined;
    switch (pick.action) {
      case 'run': return o;
      case 'volume': { const m = await askVolume(engine); if (m) o.mounts.push(m); break; }
      case 'bind': { const m = await askBind(); if (m) o.mounts.push(m); break; }
      case 'unmount': {
        const which = await vscode.window.showQuickPick(o.mounts.map((m, i) => ({ label: describeMount(m), i })), { title: 'Remove which mount?' });
        if (which) o.mounts.splice(which.i, 1);
        break;
      }
      case 'network': { const n = await askNetwork(engine, o.network); if (n !== undefined) o.network = n || undefined; break; }
      case 'restart': {
        const policies: Array<{ label: RestartPolicyName; description: string }> = [
          { label: 'no', description: 'never restart; the container is removed when it exits (--rm)' },
          { label: 'on-failure', description: 'restart after a non-zero exit' },
          { label: 'unless-stopped', description: 'restart always, except after you stop it' },
          { label: 'always', description: 'restart always, also when the engine starts' },
        ];
        const p = await vscode.window.showQuickPick(policies, { title: 'Restart policy' });
        if (p) o.restartPolicy = p.label;
        break;
      }
      case 'envFile': {
        const choice = o.envFile ? await vscode.window.showQuickPick(['Pick another file…', 'No env file'], { title: 'Env file' }) : 'Pick another file…';
        if (choice === 'No env file') o.envFile = undefined;
        else if (choice) {
          const files = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectMany: false, openLabel: 'Use as env file', title: 'Env file (NAME=value per line)' });
          if (files?.[0]) o.envFile = files[0].fsPath;
        }
        break;
      }
      case 'command': {
        const text = await vscode.window.showInputBox({
          title: `Run ${image}: command`, prompt: "Override the image's CMD (words split on spaces, quotes group; no shell runs it). Empty: the image's CMD.",
          value: o.command ? formatCommandLine(o.command) : '',
          validateInput: v => { const r = parseCommandLine(v); return r.ok ? null : r.error; },
        });
        if (text !== undefined) { const r = parseCommandLine(text); if (r.ok) o.command = r.value.length ? r.value : undefined; }
        break;
      }
      case 'init': o.init = !o.init; break;
    }
  }
}

async function askTarget(suggested: string): Promise<{ target: string; readOnly: boolean } | undefined> {
  const target = await vscode.window.showInputBox({ title: 'Path inside the container', value: suggested, validateInput: v => validateContainerPath(v) ?? null });
  if (target === undefined) return undefined;
  const mode = await vscode.window.showQuickPick([{ label: 'Read-write', ro: false }, { label: 'Read-only', ro: true, description: ':ro' }], { title: 'Mount mode' });
  return mode ? { target: target.trim(), readOnly: mode.ro } : undefined;
}

async function askVolume(engine: Engine): Promise<RunMount | undefined> {
  const existing = await listVolumes(engine).catch(() => []);
  const pick = await vscode.window.showQuickPick([
    { label: '$(add) New volume…', name: '' },
    ...existing.filter(v => !v.anonymous).map(v => ({ label: v.name, description: v.usedBy.length ? `used by ${v.usedBy.map(u => u.name).join(', ')}` : 'unused', name: v.name })),
  ], { title: 'Volume' });
  if (!pick) return undefined;
  let name = pick.name;
  if (!name) {
    const typed = await vscode.window.showInputBox({ title: 'New volume name (created when the container starts)', validateInput: v => validateVolumeName(v.trim()) ?? null });
    if (!typed) return undefined;
    name = typed.trim();
  }
  const where = await askTarget('/data');
  return where ? { type: 'volume', source: name, ...where } : undefined;
}

async function askBind(): Promise<RunMount | undefined> {
  const folders = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Mount this folder', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
  const folder = folders?.[0]?.fsPath;
  if (!folder) return undefined;
  const where = await askTarget(`/mnt/${path.basename(folder) || 'host'}`);
  return where ? { type: 'bind', source: folder, ...where } : undefined;
}

/** '' = the default bridge; undefined = dismissed. */
async function askNetwork(engine: Engine, current: string | undefined): Promise<string | undefined> {
  const nets = await listNetworks(engine).catch(() => []);
  const pick = await vscode.window.showQuickPick([
    { label: '$(add) New network…', name: '\0new' },
    { label: 'Default bridge', description: current ? '' : 'current', name: '' },
    ...nets.filter(n => n.name !== 'bridge').map(n => ({ label: n.name, description: `${n.driver}${n.name === current ? ' · current' : ''}`, name: n.name })),
  ], { title: 'Network (containers on one user network reach each other by name)' });
  if (!pick) return undefined;
  if (pick.name !== '\0new') return pick.name;
  const name = await vscode.window.showInputBox({ title: 'New network name', validateInput: v => validateNetworkName(v.trim()) ?? null });
  if (!name) return undefined;
  await createNetwork(engine, name.trim());
  return name.trim();
}
