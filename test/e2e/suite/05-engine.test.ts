// The engine features against the real Docker Engine (DOCKER_HOST inherited by the extension host):
// build examples/busybox-web, find it in the Images tree, read its Layer History mapped to the
// Dockerfile's lines, open an instruction from a layer, and refuse a prune nobody confirmed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateLayerwise, closeAllEditors, scratchCopy } from './helpers';

type TreeNode = vscode.TreeItem & { kind?: string; ref?: string; layers?: TreeNode[] };
interface EngineApi {
  engine: { docker(): Promise<{ getImage(id: string): { inspect(): Promise<unknown>; remove(): Promise<unknown> } }> };
  images: { refresh(): Promise<unknown>; getChildren(node?: TreeNode): Promise<TreeNode[]>; findImage(ref: string): Promise<TreeNode | undefined>; lastError?: string };
  history: { getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]>; lastError?: string };
}
interface BuildResult { ok: boolean; imageId?: string; error?: { message: string }; record?: { layers: Array<{ line: number; instruction: string }> } }
interface LayerHistory { imageId: string; layers: Array<{ line?: number; instruction?: string; fromBase: boolean }>; base?: { name: string; how: string } }
interface PruneResult { deleted: string[]; cancelled: boolean; preview: { count: number } }

const label = (n: vscode.TreeItem) => (typeof n.label === 'string' ? n.label : n.label?.label ?? '');
const run = `${process.pid}`;
const TAG = `layerwise-e2e/busybox-web:host-${run}`;

describe('engine: build, images, layer history, prune', function () {
  this.timeout(120_000);
  let engine: EngineApi;
  let dockerfile: string;
  let build: BuildResult;
  const built: string[] = [];
  const dangling: string[] = [];

  before(async () => {
    const api = await activateLayerwise();
    assert.ok(api.engine, 'activate() should return the engine features under `engine`');
    engine = api.engine as unknown as EngineApi;
    dockerfile = scratchCopy('busybox-web');
  });
  after(async () => {
    await closeAllEditors();
    // Leave the engine as we found it: the tag through the Remove command, our dangling image directly.
    if (built.includes(TAG)) {
      const removed = await vscode.commands.executeCommand<boolean>('layerwise.images.remove', TAG, { confirm: true });
      assert.strictEqual(removed, true, `Remove Image did not remove ${TAG}`);
    }
    const docker = await engine.engine.docker();
    for (const id of dangling) await docker.getImage(id).remove();
  });

  it('builds examples/busybox-web on the real engine', async () => {
    const result = await vscode.commands.executeCommand<BuildResult | undefined>('layerwise.images.build', vscode.Uri.file(dockerfile), { tag: TAG, noPrompt: true });
    assert.ok(result, 'the build command returned nothing (see the notifications / "Layerwise Build" output)');
    assert.ok(result.ok, `the build failed: ${result.error?.message}`);
    assert.match(result.imageId ?? '', /^sha256:[0-9a-f]{64}$/);
    build = result;
    built.push(TAG);
  });

  it('the Images tree lists the new image under its repository', async () => {
    assert.ok(build, 'needs the build');
    await engine.images.refresh();
    assert.strictEqual(engine.images.lastError, undefined, `the Images view shows an error: ${engine.images.lastError}`);
    const roots = await engine.images.getChildren();
    const repo = roots.find(n => label(n) === 'layerwise-e2e/busybox-web');
    assert.ok(repo, `no layerwise-e2e/busybox-web in the Images tree: ${roots.map(label).join(', ')}`);
    const tags = await engine.images.getChildren(repo);
    const node = tags.find(n => label(n) === `host-${run}`);
    assert.ok(node, `no tag host-${run} under the repository: ${tags.map(label).join(', ')}`);
    assert.strictEqual(node.contextValue, 'image');
    assert.strictEqual((await engine.images.findImage(TAG))?.ref, TAG);
  });

  it('the Layer History shows its layers mapped to the Dockerfile lines that made them', async () => {
    assert.ok(build, 'needs the build');
    const history = await vscode.commands.executeCommand<LayerHistory | undefined>('layerwise.history.show', TAG);
    assert.ok(history, `no layer history: ${engine.history.lastError}`);
    assert.strictEqual(history.imageId, build.imageId);
    assert.deepStrictEqual(history.base && { name: history.base.name, how: history.base.how }, { name: 'local/busybox:1', how: 'label' });

    const lines = fs.readFileSync(dockerfile, 'utf8').split(/\r?\n/);
    const instructionLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /^[A-Z]+\s/.test(l) && !l.startsWith('FROM')).map(([, i]) => i);
    const nodes = await engine.history.getChildren();
    const own = nodes.filter(n => n.kind === 'layer');
    const mapped = own.map(n => ({ label: label(n), args: n.command?.arguments as [string, number] | undefined }));
    for (const line of instructionLines) {
      const keyword = lines[line].split(/\s/)[0];
      const layer = mapped.find(m => m.args?.[1] === line);
      assert.ok(layer, `no layer mapped to line ${line + 1} (${lines[line]}); layers: ${mapped.map(m => `${m.label} → ${m.args?.[1]}`).join('; ')}`);
      assert.ok(layer.label.startsWith(keyword), `the layer mapped to line ${line + 1} is "${layer.label}", not a ${keyword}`);
      assert.strictEqual(path.resolve(layer.args![0]), path.resolve(dockerfile));
    }
    const base = nodes.find(n => n.kind === 'base');
    assert.ok(base, 'the base image layers should be folded under one node');
    assert.strictEqual(label(base), 'local/busybox:1');
    assert.ok((await engine.history.getChildren(base)).length >= 1, 'the base node should hold the base layers');
  });

  it('selecting a layer opens the Dockerfile at its instruction', async () => {
    const nodes = await engine.history.getChildren();
    const copyLayer = nodes.find(n => n.kind === 'layer' && label(n).startsWith('COPY'));
    assert.ok(copyLayer?.command, 'the COPY layer should open its instruction when selected');
    await vscode.commands.executeCommand(copyLayer.command.command, ...(copyLayer.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor opened');
    assert.strictEqual(path.resolve(editor.document.uri.fsPath), path.resolve(dockerfile));
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^COPY site\//);
  });

  it('pruning is refused without confirmation: nothing is removed', async () => {
    // A dangling image of our own: rebuild the same tag after changing the site.
    fs.appendFileSync(path.join(path.dirname(dockerfile), 'site', 'index.html'), `<!-- ${run} -->\n`);
    const rebuilt = await vscode.commands.executeCommand<BuildResult | undefined>('layerwise.images.build', vscode.Uri.file(dockerfile), { tag: TAG, noPrompt: true });
    assert.ok(rebuilt?.ok, `the rebuild failed: ${rebuilt?.error?.message}`);
    assert.notStrictEqual(rebuilt.imageId, build.imageId, 'the rebuild should produce a new image');
    dangling.push(build.imageId!);

    const result = await vscode.commands.executeCommand<PruneResult | undefined>('layerwise.images.pruneDangling', { confirm: false });
    assert.ok(result, 'prune returned nothing');
    assert.ok(result.preview.count >= 1, 'the preview should count our dangling image');
    assert.strictEqual(result.cancelled, true);
    assert.deepStrictEqual(result.deleted, []);
    const docker = await engine.engine.docker();
    const still = await docker.getImage(build.imageId!).inspect().catch(() => undefined);
    assert.ok(still, 'the dangling image must still be on the engine after a refused prune');
  });
});
