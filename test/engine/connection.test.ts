// Finding the engine, reporting it unreachable with the endpoint named, and recovering by itself.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { Engine, EngineState, resolveEndpoint } from '../../client/src/engine';
import { PrivateDaemon, tempDir, testEngine, until } from './support';

describe('engine: connection', function () {
  this.timeout(120000);

  it('resolves setting → DOCKER_HOST → context → default, naming the source', () => {
    const home = tempDir({});
    const name = 'my-ctx';
    const id = createHash('sha256').update(name).digest('hex');
    fs.mkdirSync(path.join(home, '.docker/contexts/meta', id), { recursive: true });
    fs.writeFileSync(path.join(home, '.docker/contexts/meta', id, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: 'unix:///ctx.sock' } } }));
    fs.writeFileSync(path.join(home, '.docker/config.json'), JSON.stringify({ currentContext: name }));
    const env = { DOCKER_HOST: 'tcp://10.0.0.1:2375' };
    assert.deepStrictEqual([resolveEndpoint({ host: '/set.sock', env, homeDir: home })].map(e => [e.url, e.sourceLabel]), [['unix:///set.sock', 'setting']]);
    assert.deepStrictEqual([resolveEndpoint({ env, homeDir: home })].map(e => [e.url, e.sourceLabel]), [['tcp://10.0.0.1:2375', 'DOCKER_HOST']]);
    assert.deepStrictEqual([resolveEndpoint({ env: {}, homeDir: home })].map(e => [e.url, e.sourceLabel]), [['unix:///ctx.sock', "context 'my-ctx'"]]);
    const viaEnvContext = resolveEndpoint({ env: { DOCKER_CONTEXT: 'default' }, homeDir: home });
    assert.ok(['default', 'podman'].includes(viaEnvContext.source));
    const tls = resolveEndpoint({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tempDir({ 'ca.pem': 'CA' }) }, homeDir: home });
    assert.strictEqual(tls.tls?.verify, true);
    assert.strictEqual(tls.tls?.ca?.toString(), 'CA');
  });

  it('negotiates the API version with the running engine', async () => {
    const engine = await testEngine();
    try {
      assert.match(engine.info!.apiVersion, /^1\.\d+$/);
      const docker = await engine.docker();
      assert.strictEqual((docker.modem as unknown as { version: string }).version, 'v' + engine.info!.apiVersion);
      assert.ok((await docker.listImages()).length >= 1);
    } finally { engine.dispose(); }
  });

  it('reports a missing socket as unreachable, naming the endpoint', async () => {
    const engine = new Engine({ host: 'unix:///tmp/layerwise-no-such-dir/docker.sock', recovery: false });
    assert.strictEqual(await engine.check(), 'unreachable');
    assert.strictEqual(engine.lastError, 'Docker engine not reachable at unix:///tmp/layerwise-no-such-dir/docker.sock (from setting): the socket does not exist — is Docker running?');
    await assert.rejects(engine.docker(), /unix:\/\/\/tmp\/layerwise-no-such-dir\/docker\.sock \(from setting\)/);
  });

  it('reports a tcp port with nothing listening as connection refused', async () => {
    const port = await new Promise<number>(resolve => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
    const engine = new Engine({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` }, recovery: false });
    assert.strictEqual(await engine.check(), 'unreachable');
    assert.strictEqual(engine.lastErrorKind, 'refused');
    assert.match(engine.lastError!, new RegExp(`tcp://127\\.0\\.0\\.1:${port} \\(from DOCKER_HOST\\): connection refused`));
  });

  it('reports an engine that accepts but never answers as a timeout', async () => {
    const server = net.createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise(r => server.once('listening', r));
    const port = (server.address() as net.AddressInfo).port;
    const engine = new Engine({ host: `tcp://127.0.0.1:${port}`, timeoutMs: 500, recovery: false });
    try {
      assert.strictEqual(await engine.check(), 'unreachable');
      assert.strictEqual(engine.lastErrorKind, 'timeout');
      assert.match(engine.lastError!, /did not answer within 0\.5 s/);
    } finally { server.close(); }
  });

  it('recovers by itself when a stopped engine comes back, and keeps the event stream alive', async () => {
    const daemon = new PrivateDaemon();
    await daemon.start();
    const engine = new Engine({ host: daemon.host, recovery: { initialDelayMs: 200, maxDelayMs: 1000 }, timeoutMs: 2000 });
    const states: EngineState[] = [];
    engine.onDidChangeState(s => states.push(s));
    let imageEvents = 0;
    const watch = engine.watchImages(() => imageEvents++, { debounceMs: 50 });
    try {
      assert.strictEqual(await engine.check(), 'reachable');
      await daemon.stop();
      assert.strictEqual(await engine.check(), 'unreachable');
      assert.match(engine.lastError!, new RegExp(`${daemon.host.replace(/[/.]/g, '\\$&')} \\(from setting\\)`));
      const eventsBefore = imageEvents;
      await daemon.start();
      // No check() call from us: the engine's own backoff notices the daemon is back.
      await until('recovery', () => engine.state === 'reachable', 30000);
      assert.deepStrictEqual(states, ['reachable', 'unreachable', 'reachable']);
      assert.strictEqual(engine.lastError, undefined);
      // The watcher reconnected: an image event on the new daemon reaches us.
      await until('a refresh after recovery', () => imageEvents > eventsBefore, 20000);
      // The stream itself was reconnected: an image loaded into the restarted daemon is reported.
      await new Promise(r => setTimeout(r, 300));
      const afterRecovery = imageEvents;
      const shared = await testEngine();
      try { await daemon.loadImageFrom(shared, 'local/busybox:1'); } finally { shared.dispose(); }
      await until('an image event from the reconnected stream', () => imageEvents > afterRecovery, 20000);
    } finally {
      watch.dispose();
      engine.dispose();
      await daemon.destroy();
    }
  });
});
