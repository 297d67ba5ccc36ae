// Changing `layerwise.rules` re-lints open Dockerfiles at once, by rule id and by category.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateLayerwise, closeAllEditors, codeOf, hasCode, lacksCode, openDockerfile, scratchCopy, waitForDiagnostics } from './helpers';

describe('settings', () => {
  let uri: vscode.Uri;
  const rules = () => vscode.workspace.getConfiguration('layerwise');

  before(async () => {
    await activateLayerwise();
    uri = (await openDockerfile(scratchCopy('node-app'))).document.uri;
    await waitForDiagnostics(uri, hasCode('copy-before-install'), 'copy-before-install');
  });
  after(async () => {
    await rules().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
  });

  it('turning a rule off removes its findings; raising it to error shows it as an error', async () => {
    await rules().update('rules', { 'copy-before-install': 'off' }, vscode.ConfigurationTarget.Workspace);
    const off = await waitForDiagnostics(uri, lacksCode('copy-before-install'), 'copy-before-install to be turned off');
    assert.ok(off.some(d => codeOf(d) === 'apt-update-separate'), 'other rules should keep reporting');

    await rules().update('rules', { 'copy-before-install': 'error' }, vscode.ConfigurationTarget.Workspace);
    const raised = await waitForDiagnostics(uri, ds => ds.some(d => codeOf(d) === 'copy-before-install' && d.severity === vscode.DiagnosticSeverity.Error), 'copy-before-install as an error');
    assert.ok(raised.some(d => codeOf(d) === 'apt-update-separate' && d.severity !== vscode.DiagnosticSeverity.Error), 'only the named rule changes severity');
  });

  it('a category setting applies to every rule of the family', async () => {
    await rules().update('rules', { cache: 'off' }, vscode.ConfigurationTarget.Workspace);
    const diags = await waitForDiagnostics(uri, ds => !ds.some(d => ['copy-before-install', 'apt-update-separate'].includes(codeOf(d))), 'the cache family to be off');
    assert.ok(diags.some(d => codeOf(d) === 'shell-form-cmd'), 'run-vs-cmd findings should remain');

    await rules().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, ds => hasCode('copy-before-install')(ds) && hasCode('apt-update-separate')(ds), 'the cache family to come back');
  });
});
