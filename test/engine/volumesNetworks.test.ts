// Run, complete: named volumes, bind mounts, user networks, restart policy, init, env file, command override;
// and the bad-input messages (names, ports, a missing folder, a port taken, a volume in use).
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import {
  createNetwork, createVolume, Engine, execInContainer, inspectContainer, listNetworks, listVolumes, removeContainer,
  removeNetwork, removeVolume, runImage,
} from '../../client/src/engine';
import { BASE, tempDir, testEngine, until } from './support';

describe('engine: volumes, networks and the complete run', function () {
  this.timeout(60000);
  let engine: Engine;
  const containers: string[] = [];
  const volumes: string[] = [];
  const networks: string[] = [];
  const tag = `${process.pid}`;
  before(async () => { engine = await testEngine(); });
  after(async () => {
    for (const id of containers) await removeContainer(engine, id, { force: true }).catch(() => undefined);
    for (const v of volumes) await removeVolume(engine, v).catch(() => undefined);
    for (const n of networks) await removeNetwork(engine, n).catch(() => undefined);
    engine.dispose();
  });

  async function run(options: Parameters<typeof runImage>[1]): Promise<string> {
    const c = await runImage(engine, { autoRemove: false, ports: [], ...options });
    containers.push(c.id);
    return c.id;
  }

  it('a named volume keeps files between containers, is listed with the container using it, and a read-only mount refuses writes', async () => {
    const vol = `lw-test-vol-${tag}`;
    volumes.push(await createVolume(engine, vol));
    const writer = await run({ image: BASE, mounts: [{ type: 'volume', source: vol, target: '/data' }], cmd: ['sh', '-c', 'echo kept > /data/f'] });
    const reader = await run({ image: BASE, mounts: [{ type: 'volume', source: vol, target: '/data', readOnly: true }], cmd: ['sleep', '3600'] });
    await until('the writer to finish', async () => ((await inspectContainer(engine, writer)).State as { Status: string }).Status === 'exited', 20000);
    assert.strictEqual((await execInContainer(engine, reader, ['cat', '/data/f'])).stdout, 'kept\n');
    const write = await execInContainer(engine, reader, ['sh', '-c', 'echo x > /data/g']);
    assert.notStrictEqual(write.exitCode, 0);
    assert.match(write.stderr, /Read-only file system/);
    const listed = (await listVolumes(engine)).find(v => v.name === vol);
    assert.ok(listed);
    assert.strictEqual(listed.driver, 'local');
    assert.deepStrictEqual(listed.usedBy.map(u => u.id).sort(), [writer, reader].sort());
    await assert.rejects(removeVolume(engine, vol), (err: Error) => {
      assert.match(err.message, new RegExp(`^Volume "${vol}" is in use by lw|^Volume "${vol}" is in use by `));
      assert.match(err.message, /Remove those containers first/);
      return true;
    });
  });

  it('a bind mount shows the folder\'s files; a missing folder and a bad container path are refused with a clear message', async () => {
    const dir = tempDir({ 'hello.txt': 'from the host\n' });
    const id = await run({ image: BASE, mounts: [{ type: 'bind', source: dir, target: '/host' }], cmd: ['sleep', '3600'] });
    assert.strictEqual((await execInContainer(engine, id, ['cat', '/host/hello.txt'])).stdout, 'from the host\n');
    const missing = path.join(dir, 'not-here');
    await assert.rejects(runImage(engine, { image: BASE, mounts: [{ type: 'bind', source: missing, target: '/x' }] }),
      new RegExp(`The folder ${missing} does not exist. Create it, or pick another folder to mount.`));
    await assert.rejects(runImage(engine, { image: BASE, mounts: [{ type: 'bind', source: dir, target: 'relative' }] }), /must be absolute/);
    await assert.rejects(runImage(engine, { image: BASE, mounts: [{ type: 'volume', source: 'bad name!', target: '/x' }] }), /not a valid volume name/);
  });

  it('two containers on a user network reach each other by name', async () => {
    const netName = `lw-test-net-${tag}`;
    networks.push(await createNetwork(engine, netName));
    await assert.rejects(createNetwork(engine, netName), /already exists/);
    const server = `lw-test-server-${tag}`;
    await run({ image: BASE, name: server, network: netName, cmd: ['sh', '-c', 'mkdir /w && echo pong > /w/index.html && httpd -f -p 8080 -h /w'] });
    const client = await run({ image: BASE, network: netName, cmd: ['sleep', '3600'] });
    const got = await until('the server to answer by name', async () => {
      const r = await execInContainer(engine, client, ['wget', '-q', '-O', '-', `http://${server}:8080/`]);
      return r.exitCode === 0 ? r : undefined;
    }, 20000);
    assert.strictEqual(got.stdout, 'pong\n');
    const listed = (await listNetworks(engine)).find(n => n.name === netName);
    assert.strictEqual(listed?.driver, 'bridge');
    assert.strictEqual(listed?.usedBy.length, 2);
    await assert.rejects(removeNetwork(engine, netName), /is in use by .*Disconnect or remove them first/);
    await assert.rejects(removeNetwork(engine, 'bridge'), /built-in network/);
    await assert.rejects(runImage(engine, { image: BASE, network: 'lw-test-no-such-net' }), /The network lw-test-no-such-net does not exist/);
  });

  it('restart policy, --init, env file and command override arrive as API fields', async () => {
    const dir = tempDir({ 'app.env': '# comment\nFROM_FILE=file value\nBOTH=file\n\nEMPTY=\n' });
    const id = await run({
      image: BASE, restartPolicy: 'unless-stopped', init: true, envFile: path.join(dir, 'app.env'), env: { BOTH: 'prompt' },
      cmd: ['sh', '-c', 'echo "$FROM_FILE|$BOTH|$EMPTY"; sleep 3600'],
    });
    const info = await inspectContainer(engine, id) as { HostConfig: { RestartPolicy: { Name: string }; Init: boolean }; Config: { Cmd: string[]; Env: string[] } };
    assert.strictEqual(info.HostConfig.RestartPolicy.Name, 'unless-stopped');
    assert.strictEqual(info.HostConfig.Init, true);
    assert.deepStrictEqual(info.Config.Cmd, ['sh', '-c', 'echo "$FROM_FILE|$BOTH|$EMPTY"; sleep 3600']);
    assert.ok(info.Config.Env.includes('FROM_FILE=file value') && info.Config.Env.includes('BOTH=prompt'));
    // With --init the shell is not PID 1.
    const pid1 = await execInContainer(engine, id, ['cat', '/proc/1/cmdline']);
    assert.match(pid1.stdout, /init/);
    await assert.rejects(runImage(engine, { image: BASE, restartPolicy: 'always' }), /cannot be combined with removing the container when it exits/);
    await assert.rejects(runImage(engine, { image: BASE, envFile: path.join(dir, 'nope.env') }), /Cannot read the env file .*it does not exist/);
    fs.writeFileSync(path.join(dir, 'bad.env'), 'GOOD=1\nBAD NAME=2\n');
    await assert.rejects(runImage(engine, { image: BASE, envFile: path.join(dir, 'bad.env') }), /Line 2 of the env file: "BAD NAME" is not a variable name/);
  });

  it('names and ports are validated before the API call; a host port already taken is said plainly', async () => {
    await assert.rejects(runImage(engine, { image: BASE, name: 'bad name' }), /not a valid container name/);
    await assert.rejects(createVolume(engine, '-x'), /not a valid volume name/);
    await assert.rejects(createNetwork(engine, 'host'), /built-in networks/);
    await assert.rejects(runImage(engine, { image: BASE, ports: [{ containerPort: '80', hostPort: 70000 }] }), /out of range/);
    const taken = net.createServer();
    await new Promise<void>(r => taken.listen(0, '0.0.0.0', () => r()));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const before = (await listVolumes(engine)).length;
      await assert.rejects(runImage(engine, { image: BASE, ports: [{ containerPort: '80', hostPort: port }] }),
        new RegExp(`Host port ${port} is already in use. Pick another host port`));
      assert.strictEqual((await listVolumes(engine)).length, before);
    } finally { taken.close(); }
  });
});
