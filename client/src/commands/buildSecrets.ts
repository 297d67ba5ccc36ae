// Build secrets and SSH agents for the editor's Build command: the settings first, then what this
// workspace remembered, then one question per missing secret id. Sources (a file, an environment
// variable) are remembered in workspace state; a value typed in goes to VS Code's secret storage only.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseSshFlag, secretMounts, SecretSource, SecretSources } from '../engine';
import { parseDockerfile } from '../../../server/src/analysis/model';

const STATE_KEY = 'layerwise.build.rememberedSecrets';

/** What the workspace state keeps per secret id: where it comes from, never the value. */
type Remembered = { file: string } | { env: string } | { stored: true };

export interface SecretPlaces {
  /** Workspace state (per workspace: sources remembered there are asked once per workspace). */
  state: vscode.Memento;
  secrets: vscode.SecretStorage;
}

/** SecretStorage is per machine, not per workspace: the workspace folder is part of the key. */
function storageKey(folder: string, id: string): string {
  return `layerwise.build.secret:${folder}:${id}`;
}

function folderKey(dockerfile: vscode.Uri): string {
  return (vscode.workspace.getWorkspaceFolder(dockerfile)?.uri ?? vscode.Uri.file(path.dirname(dockerfile.fsPath))).toString();
}

function rememberedFor(state: vscode.Memento, folder: string): Record<string, Remembered> {
  return state.get<Record<string, Record<string, Remembered>>>(STATE_KEY, {})[folder] ?? {};
}

async function remember(state: vscode.Memento, folder: string, id: string, entry: Remembered | undefined): Promise<void> {
  const all = { ...state.get<Record<string, Record<string, Remembered>>>(STATE_KEY, {}) };
  const mine = { ...(all[folder] ?? {}) };
  if (entry) mine[id] = entry; else delete mine[id];
  all[folder] = mine;
  await state.update(STATE_KEY, all);
}

/**
 * The secret sources for building `text`: `configured` (layerwise.build.secrets) plus, for ids it
 * lacks, what this workspace remembered or (when `prompt`) what the user answers now.
 * undefined: the user dismissed a question (the build does not start).
 */
export async function secretSourcesForBuild(places: SecretPlaces, dockerfile: vscode.Uri, text: string, configured: SecretSources, baseDir: string, prompt: boolean): Promise<SecretSources | undefined> {
  const sources: SecretSources = { ...configured };
  const folder = folderKey(dockerfile);
  const remembered = rememberedFor(places.state, folder);
  for (const mount of secretMounts(parseDockerfile(text))) {
    if (Object.prototype.hasOwnProperty.call(sources, mount.id)) continue;
    const known = remembered[mount.id];
    if (known && 'stored' in known) {
      const value = await places.secrets.get(storageKey(folder, mount.id));
      if (value !== undefined) { sources[mount.id] = { value }; continue; }
    } else if (known && 'file' in known) {
      // A remembered source that no longer works is asked again rather than failing every build.
      if (fs.existsSync(path.resolve(baseDir, known.file))) { sources[mount.id] = { file: known.file }; continue; }
    } else if (known && 'env' in known) {
      // Likewise a variable this VS Code was not started with.
      if (process.env[known.env] !== undefined) { sources[mount.id] = { env: known.env }; continue; }
    }
    if (!prompt || !mount.required) continue; // the engine's check names what is missing
    const answer = await askSource(mount.id, mount.line, baseDir);
    if (!answer) return undefined;
    if (answer.value !== undefined) {
      await places.secrets.store(storageKey(folder, mount.id), answer.value);
      await remember(places.state, folder, mount.id, { stored: true });
    } else {
      await remember(places.state, folder, mount.id, answer.file !== undefined ? { file: answer.file } : { env: answer.env! });
    }
    sources[mount.id] = answer;
  }
  return sources;
}

async function askSource(id: string, line: number, baseDir: string): Promise<SecretSource | undefined> {
  const picked = await vscode.window.showQuickPick([
    { label: 'A file…', description: 'its contents are the secret (path relative to the workspace folder)', source: 'file' as const },
    { label: 'An environment variable…', description: 'of the VS Code process', source: 'env' as const },
    { label: 'Enter the value…', description: "kept in VS Code's secret storage", source: 'value' as const },
  ], {
    title: `Build secret "${id}" (line ${line + 1})`,
    placeHolder: `Where does the secret "${id}" come from? Asked once for this workspace (Layerwise: Forget Remembered Build Secrets to change it).`,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.source === 'file') {
    const file = await vscode.window.showInputBox({
      title: `Build secret "${id}": file`, prompt: 'Path of the file holding the secret, relative to the workspace folder or absolute', ignoreFocusOut: true,
      validateInput: v => {
        if (!v.trim()) return 'Enter a path.';
        const full = path.resolve(baseDir, v.trim());
        try { return fs.statSync(full).isFile() ? null : `${full} is not a file.`; } catch { return `${full} does not exist.`; }
      },
    });
    return file === undefined ? undefined : { file: file.trim() };
  }
  if (picked.source === 'env') {
    const env = await vscode.window.showInputBox({
      title: `Build secret "${id}": environment variable`, prompt: 'Name of the environment variable (VS Code must have been started with it set)', ignoreFocusOut: true,
      validateInput: v => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.trim()) ? 'A variable name: letters, digits and _.' : process.env[v.trim()] === undefined ? `${v.trim()} is not set in VS Code's environment.` : null,
    });
    return env === undefined ? undefined : { env: env.trim() };
  }
  const value = await vscode.window.showInputBox({
    title: `Build secret "${id}": value`, prompt: "The secret's value; stored in VS Code's secret storage, never in settings or output", password: true, ignoreFocusOut: true,
    validateInput: v => v ? null : 'Enter the value.',
  });
  return value === undefined ? undefined : { value };
}

/** Forgets every secret source (and stored value) this workspace remembered. Returns how many. */
export async function forgetSecrets(places: SecretPlaces): Promise<number> {
  // Workspace state is this workspace's own; the folder keys only tell the secret storage keys apart.
  const all = places.state.get<Record<string, Record<string, Remembered>>>(STATE_KEY, {});
  let count = 0;
  for (const [folder, entries] of Object.entries(all)) {
    for (const [id, entry] of Object.entries(entries)) {
      if ('stored' in entry) await places.secrets.delete(storageKey(folder, id));
      count++;
    }
  }
  await places.state.update(STATE_KEY, undefined);
  return count;
}

/** `layerwise.build.ssh` entries → id → agent socket; throws a message naming the setting. */
export function sshSourcesFromSetting(entries: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    try {
      const [id, socket] = parseSshFlag(entry);
      out[id] = socket;
    } catch (err) {
      throw new Error(`layerwise.build.ssh: ${(err as Error).message.replace(/^--ssh /, '')}`);
    }
  }
  return out;
}
