// Faults of a real engine: killed mid-build, event stream dropped, image removed while its history is open.
// Everything that stops or kills an engine uses a private dockerd of our own, never the shared one.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Docker from 'dockerode';
import { build, BuilderKind, Engine, EngineState, imageExists, layerHistory, openSessionCount, removeImage } from '../../client/src/engine';
import { BASE, PrivateDaemon, sleep, tempDir, testEngine, until } from './support';

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/**
 * SIGKILL, like a crash or an OOM kill: no graceful shutdown, connections just drop. The daemon's own
 * containerd goes too (a whole-engine crash): dockerd 20.10 restarted next to a surviving containerd
 * waits a minute for it and gives up.
 */
async function killDaemon(daemon: PrivateDaemon): Promise<void> {
  const pid = Number(fs.readFileSync(path.join(daemon.root, 'd.pid'), 'utf8'));
  const containerdPid = Number(fs.readFileSync(path.join(daemon.root, 'x/containerd/containerd.pid'), 'utf8'));
  process.kill(pid, 'SIGKILL');
  if (alive(containerdPid)) process.kill(containerdPid, 'SIGKILL');
  await daemon.stop(); // reaps the killed dockerd
  await until('containerd to exit', () => !alive(containerdPid), 10000, 100);
}

/** Kernel mounts a killed daemon left under its root (released lazily so the folder can go). */
function releaseMounts(root: string): void {
  const mounts = fs.readFileSync('/proc/mounts', 'utf8').split('\n').map(l => l.split(' ')[1]).filter(m => m && m.startsWith(root + '/'));
  for (const m of mounts.sort().reverse()) { try { execFileSync('umount', ['-l', m]); } catch { /* already gone */ } }
}

/** Starts the daemon again if a failed test left it down, so the next test does not fail for that reason. */
async function ensureRunning(daemon: PrivateDaemon): Promise<void> {
  const alive = await new Docker({ socketPath: daemon.socket }).ping().then(() => true, () => false);
  if (!alive) await daemon.start();
}

describe('engine: faults on a private dockerd', function () {
  this.timeout(240000);
  let daemon: PrivateDaemon;
  before(async () => {
    daemon = new PrivateDaemon();
    await daemon.start();
    const shared = await testEngine();
    try { await daemon.loadImageFrom(shared, BASE); } finally { shared.dispose(); }
  });
  after(async () => {
    if (!daemon) return;
    await daemon.stop();
    releaseMounts(daemon.root);
    await daemon.destroy();
  });

  for (const builder of ['classic', 'buildkit'] as BuilderKind[]) {
    it(`${builder}: an engine killed mid-build settles the build with a message naming the endpoint, keeps the output, and recovers by itself`, async () => {
      const engine = new Engine({ host: daemon.host, recovery: { initialDelayMs: 200, maxDelayMs: 1000 }, timeoutMs: 2000 });
      const states: EngineState[] = [];
      engine.onDidChangeState(s => states.push(s));
      try {
        assert.strictEqual(await engine.check(), 'reachable', engine.lastError);
        const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN echo about-to-sleep && sleep 30\n` });
        let output = '';
        let killed: Promise<void> | undefined;
        const result = await build(engine, {
          dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, builder, noCache: true, tag: `layerwise-test/killed:${builder}`,
          onOutput: s => (output += s),
          onProgress: p => { if (!killed && /sleep 30/.test(p.text)) killed = sleep(1000).then(() => killDaemon(daemon)); },
        });
        assert.ok(killed, 'the build reached the sleeping step before the kill');
        await killed;
        assert.strictEqual(result.ok, false);
        assert.ok(!result.cancelled, 'a dead engine is not a cancellation');
        assert.strictEqual(result.error?.line, undefined, 'not a Dockerfile problem: no failing line');
        assert.ok(result.error?.message.includes(`${daemon.host} (from setting)`), result.error?.message);
        assert.match(result.error!.message, /^The build stopped because the Docker engine went away: /);
        assert.match(output, /sleep 30/, 'the output received before the kill is kept');
        assert.strictEqual(engine.state, 'unreachable');

        await daemon.start();
        // No check() from us: the engine's own backoff notices the daemon is back.
        await until('recovery', () => engine.state === 'reachable', 30000);
        assert.deepStrictEqual(states, ['reachable', 'unreachable', 'reachable']);
      } finally {
        engine.dispose();
        await ensureRunning(daemon);
      }
    });
  }

  it('buildkit with a build secret: the engine killed while a step holds the secret ends the build and its session; the same build works once the engine is back', async () => {
    const engine = new Engine({ host: daemon.host, recovery: false, timeoutMs: 2000 });
    try {
      const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN --mount=type=secret,id=tok test -s /run/secrets/tok && echo holding-the-secret && sleep 60\n`, 'tok.txt': 'kill-test-secret-value' });
      const fds = () => fs.readdirSync('/proc/self/fd').length;
      const options = { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, builder: 'buildkit' as const, noCache: true, secrets: { tok: { file: 'tok.txt' } } };
      let killed: Promise<void> | undefined;
      const before = fds();
      const result = await build(engine, {
        ...options,
        // The step's own output: the builder fetched the secret over the session and the step runs.
        onOutput: s => { if (!killed && /holding-the-secret/.test(s)) killed = killDaemon(daemon); },
      });
      assert.ok(killed, 'the step that holds the secret ran before the kill');
      await killed;
      assert.strictEqual(result.ok, false);
      assert.match(result.error!.message, /^The build stopped because the Docker engine went away: /);
      assert.strictEqual(openSessionCount(), 0, 'the session outlived the engine');
      assert.ok(fds() <= before, `file handles: ${before} before the build, ${fds()} after`);

      await daemon.start();
      assert.strictEqual(await engine.check(), 'reachable', engine.lastError);
      fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BASE}\nRUN --mount=type=secret,id=tok test -s /run/secrets/tok\n`);
      const again = await build(engine, options);
      assert.strictEqual(again.ok, true, again.error?.message);
      assert.strictEqual(openSessionCount(), 0);
    } finally {
      engine.dispose();
      await ensureRunning(daemon);
    }
  });

  it('builds without a tag with both builders (absent options are not sent as empty query parameters)', async () => {
    const engine = new Engine({ host: daemon.host, recovery: false });
    try {
      const dir = tempDir({ Dockerfile: `FROM ${BASE}\nENV UNTAGGED=1\n` });
      for (const builder of ['classic', 'buildkit'] as BuilderKind[]) {
        const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, builder });
        assert.strictEqual(result.ok, true, `${builder}: ${result.error?.message}`);
        assert.match(result.imageId!, /^sha256:[0-9a-f]{64}$/);
      }
    } finally { engine.dispose(); }
  });

  it('the event stream reconnects after the engine is killed, with backoff rather than a tight loop', async () => {
    // No engine recovery: only the watcher's own attempts talk to the engine, so they can be counted.
    const engine = new Engine({ host: daemon.host, recovery: false, timeoutMs: 2000 });
    let attempts = 0;
    const docker = engine.docker.bind(engine);
    engine.docker = () => { attempts++; return docker(); };
    let events = 0;
    const watch = engine.watchImages(() => events++, { debounceMs: 50 });
    try {
      await until('the first connection', () => attempts >= 1 && engine.state === 'reachable', 20000);
      await sleep(500);
      await killDaemon(daemon);
      const before = attempts;
      await sleep(7000);
      const during = attempts - before;
      // Backoff 1 s, 2 s, 4 s: three attempts in seven seconds; a tight loop would make hundreds.
      assert.ok(during >= 2 && during <= 4, `reconnect attempts in 7 s while the engine was down: ${during}`);
      assert.strictEqual(engine.state, 'unreachable');
      await daemon.start();
      await until('the watcher reconnecting on its own', () => engine.state === 'reachable', 30000);
      const afterReconnect = events;
      await sleep(500);
      const shared = await testEngine();
      try { await daemon.loadImageFrom(shared, BASE); } finally { shared.dispose(); }
      await until('an image event from the reconnected stream', () => events > afterReconnect, 20000);
    } finally {
      watch.dispose();
      engine.dispose();
      await ensureRunning(daemon);
    }
  });

  it('an image removed while its history is open: the event stream reports it and history says it no longer exists', async () => {
    const engine = new Engine({ host: daemon.host, recovery: false });
    let events = 0;
    const watch = engine.watchImages(() => events++, { debounceMs: 50 });
    try {
      assert.strictEqual(await engine.check(), 'reachable', engine.lastError);
      const dir = tempDir({ 'f.txt': 'x', Dockerfile: `FROM ${BASE}\nCOPY f.txt /f\n` });
      const tag = `layerwise-test/removed:${process.pid}`;
      const built = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag, builder: 'classic' });
      assert.ok(built.ok, built.error?.message);
      const history = await layerHistory(engine, tag);
      assert.strictEqual(history.imageId, built.imageId);
      assert.strictEqual(await imageExists(engine, built.imageId!), true);
      await sleep(300);
      const before = events;
      await removeImage(engine, tag);
      await until('the removal event', () => events > before, 20000);
      assert.strictEqual(await imageExists(engine, built.imageId!), false);
      for (const ref of [tag, built.imageId!]) {
        await assert.rejects(layerHistory(engine, ref), (err: Error) => {
          assert.strictEqual(err.message, `Image "${ref}" no longer exists on the Docker engine at ${daemon.host} (from setting). It may have been removed.`);
          return true;
        });
      }
      assert.strictEqual(engine.state, 'reachable', 'a missing image is not an engine problem');
    } finally {
      watch.dispose();
      engine.dispose();
    }
  });
});
