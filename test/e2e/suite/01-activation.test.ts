// The extension activates when a Dockerfile opens, and its language server is running.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, LayerwiseApi, eventually, examplePath, openDockerfile } from './helpers';

describe('activation', () => {
  it('stays inactive until a Dockerfile opens, then starts its language server', async () => {
    const ext = vscode.extensions.getExtension<LayerwiseApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    assert.strictEqual(ext.isActive, false, 'Layerwise activated before any Dockerfile was opened (it should activate on the dockerfile language)');
    const t0 = Date.now();
    await openDockerfile(examplePath('go-multistage'));
    await eventually(() => (ext.isActive ? true : undefined), 'Layerwise to activate on a Dockerfile', 20_000, 5);
    const activated = Date.now();
    const api = ext.exports;
    assert.ok(api?.languageClient, 'activate() should return { languageClient, engine }');
    // vscode-languageclient State.Running = 2
    await eventually(() => (api.languageClient.state === 2 ? true : undefined), 'the language client to be running', 20_000, 5);
    // Recorded, not asserted: `npm run bench` reports the last run's figures (opening the first Dockerfile → active → server running).
    const record = { date: new Date().toISOString(), vscode: vscode.version, activationMs: activated - t0, serverRunningMs: Date.now() - t0 };
    try { fs.writeFileSync(path.resolve(__dirname, '../../../e2e-activation.json'), JSON.stringify(record, null, 2) + '\n'); } catch { /* a read-only checkout: nothing to report */ }
  });
});
