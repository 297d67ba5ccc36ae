// Layer contents in the real extension host: build an image whose later RUN removes what a COPY added,
// read its layers through the Layer History view, and see the cleanup finding state the measured bytes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateLayerwise, closeAllEditors, codeOf, layerwiseDiagnostics, openDockerfile, workspaceRoot } from './helpers';

type TreeNode = vscode.TreeItem & { kind?: string; children?: TreeNode[] };
interface Contents { imageId: string; wastedBytes: number; efficiency: number; layers: Array<{ line?: number; wastedBytes: number }> }
interface HistoryApi {
  contentsReady: Promise<Contents | undefined>;
  contentsState?: { kind: string; message?: string };
  getChildren(node?: TreeNode): TreeNode[];
}

const label = (n: vscode.TreeItem) => (typeof n.label === 'string' ? n.label : n.label?.label ?? '');
const TAG = `layerwise-e2e/layer-contents:host-${process.pid}`;

/** Resolves when `uri`'s diagnostics satisfy `ok` (checked on every change; no polling). */
function diagnosticsWhere(uri: vscode.Uri, ok: (d: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => { const d = layerwiseDiagnostics(uri); if (ok(d)) { sub.dispose(); clearTimeout(timer); resolve(d); } };
    const sub = vscode.languages.onDidChangeDiagnostics(e => { if (e.uris.some(u => u.toString() === uri.toString())) check(); });
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out waiting for ${what}: ${layerwiseDiagnostics(uri).map(d => d.message).join(' | ')}`)); }, 30_000);
    check();
  });
}

describe('layer contents: the Layer History tree and measured findings', function () {
  this.timeout(120_000);
  let dockerfile: string;
  let built = false;

  before(async () => {
    await activateLayerwise();
    const dir = path.join(workspaceRoot(), '.scratch', `layer-contents-${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'blob.bin'), Buffer.alloc(300_000));
    dockerfile = path.join(dir, 'Dockerfile');
    fs.writeFileSync(dockerfile, 'FROM local/busybox:1\nCOPY blob.bin /tmp/blob.bin\nRUN rm /tmp/blob.bin\n');
  });
  after(async () => {
    await closeAllEditors();
    if (built) await vscode.commands.executeCommand('layerwise.images.remove', TAG, { confirm: true });
  });

  it('reads the image\'s layers, shows the wasted path, and the cleanup finding states the measured bytes', async () => {
    const editor = await openDockerfile(dockerfile);
    const uri = editor.document.uri;
    await diagnosticsWhere(uri, d => d.some(x => codeOf(x) === 'cleanup-in-later-layer'), 'the cleanup-in-later-layer finding');

    const result = await vscode.commands.executeCommand<{ ok: boolean; error?: { message: string } }>('layerwise.images.build', uri, { tag: TAG, noPrompt: true });
    assert.ok(result?.ok, `the build failed: ${result?.error?.message}`);
    built = true;
    await vscode.commands.executeCommand('layerwise.history.show', TAG);
    const api = await activateLayerwise();
    const history = api.engine!.history as unknown as HistoryApi;
    const contents = await history.contentsReady;
    assert.ok(contents, `no layer contents: ${history.contentsState?.message}`);
    assert.strictEqual(contents.wastedBytes, 300_000);

    const roots = history.getChildren();
    assert.match(label(roots[0]), /^Efficiency \d/);
    const wasted = roots.find(n => n.kind === 'wastedSpace');
    assert.ok(wasted, `no Wasted space node: ${roots.map(label).join(', ')}`);
    const entry = history.getChildren(wasted).find(n => label(n) === '/tmp/blob.bin');
    assert.ok(entry?.command, 'the wasted path should open the line that added it');
    assert.strictEqual(entry.command.arguments?.[1], 1, 'line 2 (0-based 1) added /tmp/blob.bin');
    assert.deepStrictEqual(history.getChildren(entry).map(label), ['added by line 2', 'removed by line 3']);

    const diagnostics = await diagnosticsWhere(uri, d => d.some(x => /Measured in/.test(x.message)), 'the measured sentence');
    const cleanup = diagnostics.find(d => codeOf(d) === 'cleanup-in-later-layer')!;
    assert.match(cleanup.message, new RegExp(`\\nMeasured in ${TAG.replace(/[/.]/g, '\\$&')}: line 3 removes 300 kB that line 2 added; the image still carries them\\.$`));
  });

  it('above layerwise.history.layerContentsLimit the view waits for "Read layer contents", then reads', async () => {
    assert.ok(built, 'needs the build');
    const api = await activateLayerwise();
    const history = api.engine!.history as unknown as HistoryApi;
    const config = vscode.workspace.getConfiguration('layerwise');
    await config.update('history.layerContentsLimit', 0, vscode.ConfigurationTarget.Global);
    try {
      // An image never read before (the cache would answer at once): the same layers under a new config.
      const docker = await (api.engine!.engine as unknown as { docker(): Promise<any> }).docker();
      const container = await docker.createContainer({ Image: TAG, Cmd: ['true'], Labels: { 'layerwise.test': 'limit' } });
      const committed = await container.commit({ repo: 'layerwise-e2e/layer-contents', tag: `limit-${process.pid}` });
      await container.remove();
      try {
        await vscode.commands.executeCommand('layerwise.history.show', committed.Id);
        assert.strictEqual(label(history.getChildren()[0]), 'Read layer contents…');
        const contents = await vscode.commands.executeCommand<Contents | undefined>('layerwise.history.readLayerContents');
        assert.strictEqual(contents?.wastedBytes, 300_000);
        assert.match(label(history.getChildren()[0]), /^Efficiency/);
      } finally {
        await docker.getImage(committed.Id).remove({ force: true });
      }
    } finally {
      await config.update('history.layerContentsLimit', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
