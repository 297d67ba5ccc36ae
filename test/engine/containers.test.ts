// Container actions against the real engine: lifecycle, followed logs, exec, interactive shell.
import * as assert from 'assert';
import {
  Engine, execInContainer, followLogs, groupContainers, inspectContainer, listContainers, openShell, removeContainer,
  restartContainer, runImage, startContainer, stopContainer,
} from '../../client/src/engine';
import { BASE, testEngine, until } from './support';

/** Collects a stream's text as it arrives. */
function collect(stream: NodeJS.ReadableStream): { text: () => string } {
  let text = '';
  stream.on('data', c => (text += c.toString()));
  return { text: () => text };
}

describe('engine: containers', function () {
  this.timeout(60000);
  let engine: Engine;
  const created: string[] = [];
  before(async () => { engine = await testEngine(); });
  after(async () => {
    for (const id of created) await removeContainer(engine, id, { force: true }).catch(() => undefined);
    engine.dispose();
  });

  /** A long-running busybox container that keeps its logs (no --rm), with a given command. */
  async function longRunning(name: string, cmd: string[] = ['sleep', '3600']): Promise<string> {
    const c = await runImage(engine, { image: BASE, name: `lw-test-${name}-${process.pid}`, autoRemove: false, ports: [], cmd });
    created.push(c.id);
    return c.id;
  }

  it('lists a container with name, image, state and status; groups by compose project, else by image', async () => {
    const id = await longRunning('list');
    const item = (await listContainers(engine)).find(c => c.id === id);
    assert.ok(item);
    assert.strictEqual(item.name, `lw-test-list-${process.pid}`);
    assert.strictEqual(item.image, BASE);
    assert.strictEqual(item.state, 'running');
    assert.match(item.status, /^Up /);
    const groups = groupContainers([
      { ...item, id: 'a', name: 'web-1', composeProject: 'shop', composeService: 'web' },
      { ...item, id: 'b', name: 'zzz', state: 'exited' },
      { ...item, id: 'c', name: 'aaa' },
    ]);
    assert.deepStrictEqual(groups.map(g => [g.kind, g.name, g.containers.map(c => c.id)]), [['compose', 'shop', ['a']], ['image', BASE, ['c', 'b']]]);
  });

  it('stops, starts, restarts and removes (a running one only with force, said plainly)', async () => {
    const id = await longRunning('life');
    const state = async () => ((await inspectContainer(engine, id)).State as { Status: string; StartedAt: string });
    await stopContainer(engine, id, { timeoutSec: 0 });
    assert.strictEqual((await state()).Status, 'exited');
    await startContainer(engine, id);
    assert.strictEqual((await state()).Status, 'running');
    const startedAt = (await state()).StartedAt;
    await restartContainer(engine, id, { timeoutSec: 0 });
    const after = await state();
    assert.strictEqual(after.Status, 'running');
    assert.notStrictEqual(after.StartedAt, startedAt, 'restart starts the process again');
    await assert.rejects(removeContainer(engine, id), /is running: stop it first, or remove it with force/);
    await removeContainer(engine, id, { force: true });
    assert.ok(!(await listContainers(engine)).some(c => c.id === id));
    await assert.rejects(startContainer(engine, id), /no longer exists/);
  });

  it('follows logs: old and new lines, stdout and stderr apart, with timestamps; ends saying the container exited', async () => {
    // Writes one line, then waits for a file that the test creates: new output only after the stream is open.
    const id = await longRunning('logs', ['sh', '-c', 'echo first; while [ ! -f /tmp/go ]; do sleep 0.1; done; echo second; echo oops >&2; exit 4']);
    const session = await followLogs(engine, id, { timestamps: true });
    const out = collect(session.stdout);
    const err = collect(session.stderr);
    await until('the first line', () => /first/.test(out.text()), 20000);
    assert.doesNotMatch(out.text(), /second/);
    await execInContainer(engine, id, ['touch', '/tmp/go']);
    const end = await session.ended;
    assert.deepStrictEqual(end, { reason: 'exited', exitCode: 4, message: 'Container exited with code 4.' });
    assert.match(out.text(), /^\d{4}-\d\d-\d\dT[\d:.]+Z first\n\S+ second\n$/);
    assert.match(err.text(), /^\S+Z oops\n$/);
  });

  it('exec runs a command and returns its output and exit code', async () => {
    const id = await longRunning('exec');
    const ok = await execInContainer(engine, id, ['sh', '-c', 'echo out; echo err >&2; exit 7']);
    assert.deepStrictEqual(ok, { exitCode: 7, stdout: 'out\n', stderr: 'err\n' });
    // Arguments are passed as they are: no shell sees them.
    const literal = await execInContainer(engine, id, ['echo', '$HOME; rm -rf /', '`id`']);
    assert.strictEqual(literal.stdout, '$HOME; rm -rf / `id`\n');
    await stopContainer(engine, id, { timeoutSec: 0 });
    await assert.rejects(execInContainer(engine, id, ['true']), /is not running: start it first/);
  });

  it('an interactive shell runs what is typed, follows resizes, and ends with the exit code', async () => {
    const id = await longRunning('shell');
    const shell = await openShell(engine, id, { cols: 100, rows: 30 });
    assert.strictEqual(shell.shell, '/bin/sh', 'busybox has no bash');
    const out = collect(shell.output);
    shell.write('stty size\r');
    await until('the size the terminal set', () => /30 100/.test(out.text()), 20000);
    await shell.resize(120, 40);
    shell.write('stty size\r');
    await until('the new size', () => /40 120/.test(out.text()), 20000);
    shell.write('echo "hello $((6*7))"; exit 5\r');
    const end = await shell.ended;
    assert.match(out.text(), /hello 42/);
    assert.deepStrictEqual(end, { reason: 'exited', exitCode: 5, message: 'The shell exited with code 5.' });
  });
});
