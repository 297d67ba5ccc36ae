// Which Dockerfile a command is about: its argument, the active editor, or a pick from the workspace.
import * as path from 'path';
import * as vscode from 'vscode';

const DOCKERFILE_GLOB = '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*}';

export function isDockerfileUri(uri: vscode.Uri): boolean {
  const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
  if (open) return open.languageId === 'dockerfile';
  const base = path.basename(uri.fsPath);
  return /^(Dockerfile|Containerfile)(\..+)?$/i.test(base) || /\.(Dockerfile|Containerfile)$/i.test(base);
}

/** `arg` when it is a Uri, else the active Dockerfile editor, else (when prompting is allowed) a pick. */
export async function resolveDockerfile(arg: unknown, prompt: boolean): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return vscode.Uri.file(arg);
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'dockerfile') return active.uri;
  if (!prompt) return undefined;
  const found = await vscode.workspace.findFiles(DOCKERFILE_GLOB, '**/node_modules/**', 200);
  if (found.length === 0) {
    void vscode.window.showInformationMessage('No Dockerfile found in this workspace. Open one, or create a file named Dockerfile.');
    return undefined;
  }
  if (found.length === 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map(uri => ({ label: vscode.workspace.asRelativePath(uri), uri })).sort((a, b) => a.label.localeCompare(b.label)),
    { placeHolder: 'Which Dockerfile?' },
  );
  return picked?.uri;
}
