// Helpers for the extension-host suite: the real extension, real documents, real diagnostics.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'layerwise.layerwise';

/** What the extension's activate() returns (see client/src/extension.ts). */
export interface LayerwiseApi {
  languageClient: { state: number };
  engine?: {
    engine: unknown;
    images: vscode.TreeDataProvider<unknown>;
    history: vscode.TreeDataProvider<unknown>;
    records: { get(dockerfilePath: string): { imageId: string; tag?: string; layers: Array<{ line: number; instruction: string }> } | undefined };
  };
}

export async function activateLayerwise(): Promise<LayerwiseApi> {
  const ext = vscode.extensions.getExtension<LayerwiseApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext.isActive ? ext.exports : await ext.activate();
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e suite needs a workspace folder (a copy of examples/)');
  return folder.uri.fsPath;
}

export function examplePath(example: string, file = 'Dockerfile'): string {
  const p = path.join(workspaceRoot(), example, file);
  assert.ok(fs.existsSync(p), `example ${example}/${file} is missing from the workspace`);
  return p;
}

let scratchCount = 0;
/** A fresh copy of an example folder inside the workspace, so edits never touch the originals. */
export function scratchCopy(example: string): string {
  const src = path.dirname(examplePath(example));
  const dest = path.join(workspaceRoot(), '.scratch', `${example}-${process.pid}-${++scratchCount}`);
  fs.cpSync(src, dest, { recursive: true });
  return path.join(dest, 'Dockerfile');
}

export async function openDockerfile(file: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  assert.strictEqual(doc.languageId, 'dockerfile', `${file} did not open as a Dockerfile`);
  return vscode.window.showTextDocument(doc, { preview: false });
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return String(typeof c === 'object' && c !== null ? c.value : c);
}

export function layerwiseDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'layerwise');
}

function describe(diags: vscode.Diagnostic[]): string {
  return diags.length ? diags.map(d => `line ${d.range.start.line + 1} ${codeOf(d)}: ${d.message}`).join('\n  ') : '(none)';
}

/** Resolves with the Layerwise diagnostics once `ok` holds for them; fails loudly after `timeoutMs`. */
export function waitForDiagnostics(uri: vscode.Uri, ok: (diags: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diags = layerwiseDiagnostics(uri);
      if (!ok(diags)) return false;
      finish();
      resolve(diags);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics(e => { if (e.uris.some(u => u.toString() === uri.toString())) check(); });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; Layerwise diagnostics now:\n  ${describe(layerwiseDiagnostics(uri))}`));
    }, timeoutMs);
    function finish(): void { clearTimeout(timer); sub.dispose(); }
    check();
  });
}

export const hasCode = (code: string) => (diags: vscode.Diagnostic[]) => diags.some(d => codeOf(d) === code);
export const lacksCode = (code: string) => (diags: vscode.Diagnostic[]) => !diags.some(d => codeOf(d) === code);

/**
 * Waits until the server has linted the document's current text: appends two CMDs (which must
 * raise multiple-cmd), waits for that, undoes the edit and waits for it to go. After that the
 * diagnostics shown are those of the unchanged text, so "no findings" is a real observation.
 */
export async function settledDiagnostics(editor: vscode.TextEditor): Promise<vscode.Diagnostic[]> {
  const doc = editor.document;
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const originalLines = doc.lineCount;
  const before = doc.getText();
  const fromSentinel = (diags: vscode.Diagnostic[]) => diags.some(d => codeOf(d) === 'multiple-cmd' && d.range.start.line >= originalLines);
  assert.ok(await editor.edit(b => b.insert(doc.lineAt(originalLines - 1).range.end, `${eol}CMD ["true"]${eol}CMD ["true"]`)), 'could not append the sentinel CMDs');
  await waitForDiagnostics(doc.uri, fromSentinel, 'the multiple-cmd finding on two appended CMDs');
  const full = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  assert.ok(await editor.edit(b => b.replace(full, before)), 'could not remove the sentinel CMDs');
  assert.strictEqual(doc.getText(), before);
  return waitForDiagnostics(doc.uri, diags => !fromSentinel(diags), 'the findings of the original text');
}

/** 0-based index of the first line matching `re`; fails if none does. */
export function lineOf(doc: vscode.TextDocument, re: RegExp, what: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (re.test(doc.lineAt(i).text)) return i;
  assert.fail(`${vscode.workspace.asRelativePath(doc.uri)} has no line matching ${re} (${what})`);
}

export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, range);
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof (a as vscode.Command).command === 'string'));
}

/** Polls `probe` until it returns a value that is not undefined; fails loudly after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}` : ''}`);
    }
    await new Promise(r => setTimeout(r, everyMs));
  }
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
