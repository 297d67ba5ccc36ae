// Registries in the real extension host: a registry with htpasswd auth started by this test on loopback,
// Log In (checked by the engine's /auth), the Registries tree listing repositories and tags, Tag and
// Push from the commands the Images view uses, Pull from a tag node, Save/Load a tar, Log Out.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { RegistryServer } from '../../engine/servers/registry';
import { createHash } from 'crypto';
import { activateLayerwise, eventually } from './helpers';

type Node = vscode.TreeItem & { kind?: string; ref?: string; repository?: string; entry?: { registry: string } };
interface Api {
  service: { retry(): Promise<string> };
  engine: { endpoint: { sourceLabel: string; url: string }; docker(): Promise<{ getImage(id: string): { inspect(): Promise<{ Id: string }>; remove(): Promise<unknown> } }> };
  registries: { getChildren(node?: Node): Promise<Node[]> };
}
const label = (n: vscode.TreeItem) => (typeof n.label === 'string' ? n.label : n.label?.label ?? '');
const USER = { username: 'e2e', password: 'e2e-secret' };

describe('registries: log in, tag, push, list, pull, save, load', function () {
  this.timeout(90_000);
  const registry = new RegistryServer(USER);
  let api: Api;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-e2e-archive-'));
  let ref = '';

  before(async () => {
    api = (await activateLayerwise()).engine as unknown as Api;
    await registry.start();
    ref = `${registry.address}/layerwise-e2e/busybox:host-${process.pid}`;
  });
  after(async () => {
    const docker = await api.engine.docker();
    await docker.getImage(ref).remove().catch(() => undefined);
    await vscode.commands.executeCommand('layerwise.registries.remove', registry.address);
    await registry.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a wrong password is refused with a sentence; the right one logs in and shows the registry', async () => {
    const refused = await vscode.commands.executeCommand<boolean | undefined>('layerwise.registries.login', registry.address, { username: USER.username, password: 'wrong', writeDockerConfig: false });
    assert.notStrictEqual(refused, true);
    const ok = await vscode.commands.executeCommand<boolean>('layerwise.registries.login', registry.address, { ...USER, writeDockerConfig: false });
    assert.strictEqual(ok, true);
    const roots = await api.registries.getChildren();
    const node = roots.find(n => label(n) === registry.address);
    assert.ok(node, `the Registries view lists ${registry.address}: ${roots.map(label).join(', ')}`);
    assert.strictEqual(node.contextValue, 'registry.loggedIn');
    assert.match(String(node.description), /logged in as e2e/);
  });

  it('tags and pushes local/busybox:1, then lists it under the registry with its tag', async () => {
    const tagged = await vscode.commands.executeCommand<string>('layerwise.images.tag', 'local/busybox:1', { target: ref });
    assert.strictEqual(tagged, ref);
    const pushed = await vscode.commands.executeCommand<{ digest?: string; progress: { done: number; layers: number } }>('layerwise.images.push', ref, { noPrompt: true });
    assert.ok(pushed, 'the push succeeds with the stored credentials');
    assert.match(pushed.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.strictEqual(pushed.progress.done, pushed.progress.layers);
    const root = (await api.registries.getChildren()).find(n => label(n) === registry.address)!;
    const repos = await api.registries.getChildren(root);
    const repo = repos.find(n => label(n) === 'layerwise-e2e/busybox');
    assert.ok(repo, `repositories: ${repos.map(label).join(', ')}`);
    const tags = await api.registries.getChildren(repo);
    assert.deepStrictEqual(tags.map(label), [`host-${process.pid}`]);
  });

  it('pulls the tag back from the Registries view after the local copy is removed', async () => {
    const docker = await api.engine.docker();
    const id = (await docker.getImage(ref).inspect()).Id;
    await docker.getImage(ref).remove();
    const root = (await api.registries.getChildren()).find(n => label(n) === registry.address)!;
    const repo = (await api.registries.getChildren(root)).find(n => label(n) === 'layerwise-e2e/busybox')!;
    const [tagNode] = await api.registries.getChildren(repo);
    assert.strictEqual(tagNode.ref, ref);
    const pulled = await vscode.commands.executeCommand<{ imageId?: string }>('layerwise.registries.pull', tagNode, { noPrompt: true });
    assert.strictEqual(pulled?.imageId, id);
  });

  it('saves the image to a tar and loads it back, listing the loaded name', async () => {
    const file = path.join(dir, 'busybox.tar');
    const saved = await vscode.commands.executeCommand<{ bytes: number }>('layerwise.images.save', ref, undefined, { file });
    assert.ok(saved && saved.bytes === fs.statSync(file).size);
    await (await api.engine.docker()).getImage(ref).remove();
    const loaded = await vscode.commands.executeCommand<{ loaded: string[] }>('layerwise.images.load', { file });
    assert.deepStrictEqual(loaded?.loaded, [ref]);
  });

  it('logs out: the registry stays listed (added), no longer logged in', async () => {
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('layerwise.registries.logout', registry.address, { docker: false }), true);
    const node = (await api.registries.getChildren()).find(n => label(n) === registry.address);
    assert.strictEqual(node?.contextValue, 'registry.loggedOut');
    const children = await api.registries.getChildren(node);
    assert.match(label(children[0]), /requires a login/);
  });

  it('the engine picker switches to a Docker context (it wins over DOCKER_HOST) and back', async () => {
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-e2e-docker-config-'));
    const id = createHash('sha256').update('e2e-ctx').digest('hex');
    fs.mkdirSync(path.join(configDir, 'contexts', 'meta', id), { recursive: true });
    const host = api.engine.endpoint.url;
    fs.writeFileSync(path.join(configDir, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: 'e2e-ctx', Endpoints: { docker: { Host: host } } }));
    const before = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = configDir;
    try {
      await vscode.commands.executeCommand('layerwise.engine.selectContext', { context: 'e2e-ctx' });
      await eventually(() => api.engine.endpoint.sourceLabel === "context 'e2e-ctx'" || undefined, 'the engine to follow the context');
      assert.strictEqual(api.engine.endpoint.url, host);
      assert.strictEqual(await api.service.retry(), 'reachable');
      await (await api.engine.docker()).getImage('local/busybox:1').inspect();
    } finally {
      await vscode.commands.executeCommand('layerwise.engine.selectContext', { context: '' });
      if (before === undefined) delete process.env.DOCKER_CONFIG; else process.env.DOCKER_CONFIG = before;
      fs.rmSync(configDir, { recursive: true, force: true });
    }
    await eventually(() => api.engine.endpoint.sourceLabel !== "context 'e2e-ctx'" || undefined, 'the engine to follow the docker CLI again');
  });
});
