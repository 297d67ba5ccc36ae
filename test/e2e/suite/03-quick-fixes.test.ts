// Every quick fix offered for the examples' findings, applied the way the light bulb applies it,
// makes that finding go away (each on a fresh copy of the example inside the workspace).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateLayerwise, closeAllEditors, codeActionsAt, codeOf, hasCode, lacksCode, openDockerfile, scratchCopy, waitForDiagnostics } from './helpers';

const FINDINGS: Array<{ example: string; code: string; realFix: boolean }> = [
  { example: 'node-app', code: 'copy-before-install', realFix: true },
  { example: 'nginx-static', code: 'missing-base-image-label', realFix: true },
  { example: 'nginx-static', code: 'cmd-exits-immediately', realFix: true },
  { example: 'python-server-in-run', code: 'server-in-run', realFix: true },
  { example: 'maven-single-stage', code: 'single-stage-build', realFix: true },
];

const config = () => vscode.workspace.getConfiguration('layerwise');

/** Opens a fresh copy of the example and returns the finding's diagnostic once it shows. */
async function openWithFinding(example: string, code: string): Promise<{ editor: vscode.TextEditor; diagnostic: vscode.Diagnostic }> {
  const editor = await openDockerfile(scratchCopy(example));
  const diags = await waitForDiagnostics(editor.document.uri, hasCode(code), code);
  return { editor, diagnostic: diags.find(d => codeOf(d) === code)! };
}

async function applyFix(example: string, code: string, title: string): Promise<void> {
  const { editor, diagnostic } = await openWithFinding(example, code);
  const uri = editor.document.uri;
  const action = (await codeActionsAt(uri, diagnostic.range)).find(a => a.title === title);
  assert.ok(action?.edit, `the fix "${title}" is not offered on a fresh copy of ${example}`);
  assert.strictEqual(action.kind?.value, vscode.CodeActionKind.QuickFix.value, 'fixes are quick fixes');
  const before = editor.document.getText();
  assert.ok(await vscode.workspace.applyEdit(action.edit), `VS Code refused the edit of "${title}"`);
  assert.notStrictEqual(editor.document.getText(), before, `"${title}" changed nothing`);
  await waitForDiagnostics(uri, lacksCode(code), `${code} to disappear after "${title}"`);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('quick fixes', () => {
  before(activateLayerwise);
  afterEach(() => config().update('rules', undefined, vscode.ConfigurationTarget.Workspace));
  after(closeAllEditors);

  for (const { example, code, realFix } of FINDINGS) {
    it(`${example}: every fix offered for ${code} removes it`, async () => {
      // Code actions come per line; turn the example's other rules off so that every action
      // offered on the line belongs to this finding.
      const { editor } = await openWithFinding(example, code);
      const others = [...new Set(vscode.languages.getDiagnostics(editor.document.uri).map(codeOf))].filter(c => c !== code);
      await config().update('rules', Object.fromEntries(others.map(c => [c, 'off'])), vscode.ConfigurationTarget.Workspace);
      const alone = await waitForDiagnostics(editor.document.uri, ds => ds.length > 0 && ds.every(d => codeOf(d) === code), `only ${code} to remain`);
      const titles = (await codeActionsAt(editor.document.uri, alone[0].range)).map(a => a.title);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

      assert.ok(titles.includes(`Suppress ${code} for this instruction`), `no "Suppress … for this instruction" among: ${titles.join(' | ')}`);
      assert.ok(titles.includes(`Suppress ${code} in this file`), `no "Suppress … in this file" among: ${titles.join(' | ')}`);
      if (realFix) assert.ok(titles.some(t => !t.startsWith('Suppress ')), `${code} should offer a fix besides suppressing it; offered: ${titles.join(' | ')}`);
      for (const title of titles) await applyFix(example, code, title);
    });
  }
});
