// Authoring features through VS Code's own providers API: completion (stages, and local images from
// the real engine), the Outline's symbols, rename, go to definition, formatting; `auto` with no other
// Dockerfile extension installed keeps them on, and layerwise.editorFeatures: off removes them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { resolveEditorFeatures } from '../../../client/src/config';
import { activateLayerwise, closeAllEditors, eventually, openDockerfile, scratchCopy, waitForDiagnostics } from './helpers';

describe('authoring features', () => {
  let doc: vscode.TextDocument;
  const settings = () => vscode.workspace.getConfiguration('layerwise');
  const completions = async (line: number, character: number) =>
    (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, character))).items;
  const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);

  before(async () => {
    await activateLayerwise();
    const editor = await openDockerfile(scratchCopy('go-multistage'));
    doc = editor.document;
    await waitForDiagnostics(doc.uri, () => true, 'the first lint');
    await editor.edit(b => b.insert(new vscode.Position(doc.lineCount, 0), 'FROM \n'));
  });
  after(async () => {
    await settings().update('editorFeatures', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
  });

  it('auto resolves to on here: no Container Tools, Docker or Docker DX extension is installed', () => {
    assert.ok(!['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker', 'docker.docker'].some(id => vscode.extensions.getExtension(id)));
    assert.strictEqual(resolveEditorFeatures('auto'), 'on');
  });

  it('completes COPY --from= with the stage names and FROM with the engine\'s local images', async () => {
    const stages = await completions(9, 12);
    const build = stages.find(i => label(i) === 'build');
    assert.ok(build, stages.map(label).join(' | '));
    assert.match(String(build.detail), /stage 0/);
    const last = doc.lineCount - 2; // the `FROM ` line added in before()
    const images = await eventually(async () => {
      const items = await completions(last, 5);
      return items.some(i => label(i) === 'local/busybox:1') ? items : undefined;
    }, 'local/busybox:1 (from the test engine) in FROM completion');
    assert.ok(images.some(i => label(i) === 'build'), 'earlier stages are offered too');
  });

  it('lists the stages as document symbols (the Outline)', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepStrictEqual(symbols.map(s => s.name), ['build', 'stage 1', 'stage 2']);
    assert.deepStrictEqual(symbols[0].children.map(c => c.name), ['WORKDIR', 'COPY', 'RUN', 'COPY', 'RUN']);
  });

  it('renames a stage across FROM … AS and COPY --from, and goes to its definition', async () => {
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, new vscode.Position(9, 14), 'compile');
    const lines = edit.get(doc.uri).map(e => e.range.start.line).sort((a, b) => a - b);
    assert.deepStrictEqual(lines, [0, 9]);
    const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, new vscode.Position(9, 14));
    const range = 'targetRange' in defs[0] ? defs[0].targetRange : defs[0].range;
    assert.strictEqual(range.start.line, 0);
  });

  it('layerwise.editorFeatures: off removes them (findings stay)', async () => {
    await settings().update('editorFeatures', 'off', vscode.ConfigurationTarget.Workspace);
    await eventually(async () => {
      const items = await completions(9, 12);
      return items.some(i => String(i.detail ?? '').startsWith('stage 0')) ? undefined : true;
    }, 'stage completions to go away');
    // VS Code keeps document symbols per document version: a new version asks the server again.
    const editor = vscode.window.visibleTextEditors.find(e => e.document === doc);
    assert.ok(editor);
    await editor.edit(b => b.insert(new vscode.Position(doc.lineCount, 0), '\n'));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepStrictEqual(symbols ?? [], []);
    await settings().update('editorFeatures', undefined, vscode.ConfigurationTarget.Workspace);
  });
});
