// Containers, volumes, networks and the prune family through the extension's commands in a real VS Code,
// against the real engine: a complete Run appears selected in the Containers view, logs and a shell in
// terminals, stop/start/remove, Inspect as a read-only JSON document, and prunes that count before asking.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateLayerwise, closeAllEditors, eventually } from './helpers';

interface Ended { reason: string; exitCode?: number; message: string }
interface TerminalHandle { terminal: vscode.Terminal; ended: Promise<Ended>; transcript(): string }
interface RunResult { id: string; name: string; exited: Promise<number> }
type Node = vscode.TreeItem & { container?: { id: string; name: string; state: string } };
interface Api {
  containers: {
    containers: { getChildren(n?: Node): Promise<Node[]> | Node[]; items: Array<{ id: string; name: string; state: string }>; refresh(): Promise<unknown> };
    volumes: { items: Array<{ name: string; usedBy: Array<{ id: string }> }>; refresh(): Promise<unknown> };
    networks: { items: Array<{ name: string }>; refresh(): Promise<unknown> };
  };
}
interface PruneReport { plan: { count: number; items: Array<{ id: string }> }; outcome?: { removed: string[] }; cancelled: boolean }

const BASE = 'local/busybox:1';
const run = `${process.pid}`;
const exec = <T>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args);

describe('containers, volumes, networks, prune (commands)', function () {
  this.timeout(90_000);
  let api: Api;
  const name = `lw-e2e-ctr-${run}`;
  const volume = `lw-e2e-vol-${run}`;
  const network = `lw-e2e-net-${run}`;
  let container: RunResult;

  before(async () => { api = (await activateLayerwise()).engine as unknown as Api; });
  after(async () => {
    await closeAllEditors();
    for (const t of vscode.window.terminals) t.dispose();
    // Each command reports its own failures; none throws.
    await exec('layerwise.containers.remove', name, { confirm: true });
    await exec('layerwise.volumes.remove', volume, { confirm: true });
    await exec('layerwise.networks.remove', network, { confirm: true });
  });

  it('a complete Run (volume, network, restart policy, init, command) appears at once, selected, in Containers', async () => {
    assert.strictEqual(await exec('layerwise.volumes.create', volume), volume);
    assert.strictEqual(await exec('layerwise.networks.create', network), network);
    container = (await exec<RunResult>('layerwise.images.run', BASE, {
      noPrompt: true, name, ports: '', mounts: [{ type: 'volume', source: volume, target: '/data' }], network,
      restartPolicy: 'unless-stopped', init: true, command: 'sh -c "echo started > /data/f; echo hello-logs; echo oops >&2; sleep 3600"',
    }))!;
    assert.ok(container?.id, 'the run returned its container');
    // reveal() ran before the command returned: the listing has it, and the tree shows it under its image.
    assert.ok(api.containers.containers.items.some(c => c.id === container.id && c.state === 'running'));
    const groups = await api.containers.containers.getChildren();
    const group = groups.find(g => g.label === BASE)!;
    const rows = await api.containers.containers.getChildren(group);
    assert.ok(rows.some(r => r.container?.id === container.id && r.contextValue === 'container.running'));
    await api.containers.volumes.refresh();
    assert.deepStrictEqual(api.containers.volumes.items.find(v => v.name === volume)?.usedBy.map(u => u.id), [container.id]);
  });

  it('View Logs follows in a terminal, stderr apart (red); Attach Shell runs typed commands', async () => {
    const logs = (await exec<TerminalHandle>('layerwise.containers.viewLogs', container.id))!;
    await eventually(() => (/hello-logs/.test(logs.transcript()) && /oops/.test(logs.transcript())) || undefined, 'the log lines');
    assert.match(logs.transcript(), /\x1b\[31m\S+Z oops/, `stderr is red, with a timestamp: ${JSON.stringify(logs.transcript())}`);
    const shell = (await exec<TerminalHandle>('layerwise.containers.attachShell', container.id))!;
    shell.terminal.sendText('cat /data/f; exit 3');
    const end = await shell.ended;
    assert.deepStrictEqual(end, { reason: 'exited', exitCode: 3, message: 'The shell exited with code 3.' });
    assert.match(shell.transcript(), /started/);
  });

  it('Inspect opens read-only JSON; Stop, Start, then Remove (force, confirmed)', async () => {
    const uri = (await exec<vscode.Uri>('layerwise.containers.inspect', container.id))!;
    const doc = vscode.window.activeTextEditor?.document;
    assert.strictEqual(doc?.uri.toString(), uri.toString());
    assert.strictEqual(doc?.languageId, 'json');
    assert.strictEqual(JSON.parse(doc!.getText()).Id, container.id);
    assert.strictEqual(uri.scheme, 'layerwise-inspect', 'a content provider document: not editable on disk');
    assert.strictEqual(await exec('layerwise.containers.stop', container.id), true);
    assert.ok(api.containers.containers.items.some(c => c.id === container.id && c.state === 'exited'));
    assert.strictEqual(await exec('layerwise.containers.start', container.id), true);
    assert.ok(api.containers.containers.items.some(c => c.id === container.id && c.state === 'running'));
    assert.strictEqual(await exec('layerwise.containers.remove', container.id, { confirm: false }), false, 'declined: nothing happens');
    assert.strictEqual(await exec('layerwise.containers.remove', container.id, { confirm: true }), true);
    assert.ok(!api.containers.containers.items.some(c => c.id === container.id));
  });

  it('prunes count before asking; a declined prune removes nothing, a confirmed one removes what it said', async () => {
    const declined = (await exec<PruneReport>('layerwise.prune', 'volumes', { confirm: false }))!;
    assert.strictEqual(declined.cancelled, true);
    assert.ok(declined.plan.items.some(i => i.id === volume), 'the now unused volume is announced');
    await api.containers.volumes.refresh();
    assert.ok(api.containers.volumes.items.some(v => v.name === volume), 'still there');
    const done = (await exec<PruneReport>('layerwise.volumes.prune', { confirm: true }))!;
    assert.deepStrictEqual([...done.outcome!.removed].sort(), done.plan.items.map(i => i.id).sort());
    assert.ok(!api.containers.volumes.items.some(v => v.name === volume), 'the view followed');
    const nets = (await exec<PruneReport>('layerwise.networks.prune', { confirm: true }))!;
    assert.ok(nets.outcome!.removed.includes(network));
  });
});
