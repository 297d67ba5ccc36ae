// Remote engines for real, each started here on loopback: ssh:// through an sshd in front of the test
// engine, tcp:// with TLS to a second dockerd with --tlsverify, Docker contexts naming both, and
// Podman's Docker-compatible socket.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Engine, build, buildkitUnavailable, listContexts, openSession, SessionUnavailable } from '../../client/src/engine';
import { privateDir, freePort } from './servers/common';
import { SshServer, withPath } from './servers/sshd';
import { TlsDaemon } from './servers/tlsDockerd';
import { PodmanService } from './servers/podman';
import { buildListHistoryRun } from './remoteSupport';
import { BASE, removeImages, tempDir, testEngine, uniqueTag } from './support';

/** Writes a context the way `docker context create` stores it (meta.json, TLS files beside). */
function writeContext(configDir: string, name: string, host: string, tlsFrom?: string): void {
  const id = createHash('sha256').update(name).digest('hex');
  fs.mkdirSync(path.join(configDir, 'contexts', 'meta', id), { recursive: true });
  fs.writeFileSync(path.join(configDir, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({
    Name: name, Metadata: { Description: `test ${name}` }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
  }));
  if (tlsFrom) {
    const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
    fs.mkdirSync(tlsDir, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.copyFileSync(path.join(tlsFrom, f), path.join(tlsDir, f));
  }
}

describe('engine: remote engines over ssh://', function () {
  this.timeout(120000);
  let local: Engine;
  const sshd = new SshServer(process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock');
  const tag = uniqueTag('over-ssh');

  before(async () => {
    local = await testEngine();
    await sshd.start();
  });
  after(async () => {
    if (local) await removeImages(local, [tag]);
    local?.dispose();
    await sshd.destroy();
  });

  it('ssh://root@127.0.0.1:PORT lists images, builds, shows history and runs (key auth)', async () => {
    await withPath(sshd.goodBin, async () => {
      const engine = new Engine({ host: sshd.url, recovery: false, timeoutMs: 15000 });
      try {
        assert.strictEqual(await engine.check(), 'reachable', engine.lastError);
        assert.strictEqual(engine.endpoint.url, sshd.url);
        // The engine behind sshd is the shared test engine: prune is only previewed there. `auto` picks
        // BuildKit, whose session is a hijacked connection: it runs over the ssh process's stdio too.
        assert.strictEqual(await buildListHistoryRun(engine, BASE, tag, 'auto', 'preview'), 'buildkit');
      } finally { engine.dispose(); }
    });
  });

  it('a Docker context naming the ssh host is followed (context option and currentContext)', async () => {
    const home = privateDir('ctx-ssh');
    const configDir = path.join(home, '.docker');
    writeContext(configDir, 'remote-ssh', sshd.url);
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentContext: 'remote-ssh' }));
    try {
      assert.deepStrictEqual(listContexts({ env: { DOCKER_CONFIG: configDir } }).map(c => [c.name, c.host, c.current]), [['remote-ssh', sshd.url, true]]);
      await withPath(sshd.goodBin, async () => {
        const engine = new Engine({ env: { DOCKER_CONFIG: configDir }, recovery: false, timeoutMs: 15000 });
        try {
          assert.strictEqual(engine.endpoint.sourceLabel, "context 'remote-ssh'");
          assert.strictEqual(await engine.check(), 'reachable', engine.lastError);
          assert.ok((await (await engine.docker()).listImages()).length > 0);
        } finally { engine.dispose(); }
      });
    } finally { fs.rmSync(home, { recursive: true, force: true }); }
  });

  it('a wrong key or an unreachable host is a clear message within seconds, not a hang', async () => {
    await withPath(sshd.wrongBin, async () => {
      const engine = new Engine({ host: sshd.url, recovery: false, timeoutMs: 5000 });
      const started = Date.now();
      try {
        assert.strictEqual(await engine.check(), 'unreachable');
        assert.ok(Date.now() - started < 5000, `answered in ${Date.now() - started} ms`);
        assert.match(engine.lastError!, new RegExp(`^Docker engine at ${sshd.url} \\(from setting\\) not reachable over SSH: root@127\\.0\\.0\\.1: Permission denied \\(publickey\\)\\. The server did not accept any of your keys`));
      } finally { engine.dispose(); }
    });
    const port = await freePort();
    await withPath(sshd.goodBin, async () => {
      const engine = new Engine({ host: `ssh://root@127.0.0.1:${port}`, recovery: false, timeoutMs: 5000 });
      try {
        assert.strictEqual(await engine.check(), 'unreachable');
        assert.match(engine.lastError!, /not reachable over SSH: ssh: connect to host 127\.0\.0\.1 port \d+: Connection refused\. Check the host name and port/);
      } finally { engine.dispose(); }
    });
  });
});

describe('engine: remote engine over tcp:// with TLS (--tlsverify)', function () {
  this.timeout(120000);
  const daemon = new TlsDaemon();
  let local: Engine;
  const tag = uniqueTag('over-tls');

  before(async () => {
    local = await testEngine();
    await daemon.start();
    // The base image, copied over (save → load) so the TLS engine needs no registry.
    const engine = new Engine({ env: daemon.env(), recovery: false });
    try {
      const src = await (await local.docker()).getImage(BASE).get();
      const res = await (await engine.docker()).loadImage(src as never) as unknown as NodeJS.ReadableStream;
      await new Promise((resolve, reject) => { res.on('end', resolve); res.on('error', reject); res.resume(); });
    } finally { engine.dispose(); }
  });
  after(async () => {
    local?.dispose();
    await daemon.destroy();
  });

  it('DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH: lists, builds, shows history, runs, prunes', async () => {
    const engine = new Engine({ env: daemon.env(), recovery: false });
    try {
      assert.strictEqual(await engine.check(), 'reachable', engine.lastError);
      assert.strictEqual(engine.endpoint.tls?.verify, true);
      assert.strictEqual(await buildListHistoryRun(engine, BASE, tag, 'auto'), 'buildkit');
    } finally { engine.dispose(); }
  });

  it('a wrong CA is a clear TLS message; a stored TLS context connects', async () => {
    const wrong = new Engine({ env: daemon.env(daemon.certs.wrongCa), recovery: false });
    try {
      assert.strictEqual(await wrong.check(), 'unreachable');
      assert.strictEqual(wrong.lastErrorKind, 'tls');
      assert.match(wrong.lastError!, new RegExp(`^TLS handshake with the Docker engine at tcp://127\\.0\\.0\\.1:${daemon.port} \\(from DOCKER_HOST\\) failed: .*certificate.*\\. Check DOCKER_CERT_PATH\\.$`));
    } finally { wrong.dispose(); }
    const home = privateDir('ctx-tls');
    const configDir = path.join(home, '.docker');
    writeContext(configDir, 'remote-tls', daemon.host, daemon.certs.client);
    try {
      // --context wins over DOCKER_HOST, like `docker --context`.
      const engine = new Engine({ env: { DOCKER_CONFIG: configDir, DOCKER_HOST: 'unix:///nowhere.sock' }, context: 'remote-tls', contextLabel: '--context', recovery: false });
      try {
        assert.strictEqual(engine.endpoint.sourceLabel, "--context 'remote-tls'");
        assert.strictEqual(await engine.check(), 'reachable', engine.lastError);
        assert.ok((await (await engine.docker()).listImages()).some(i => (i.RepoTags ?? []).includes(BASE)));
      } finally { engine.dispose(); }
      const missing = new Engine({ env: { DOCKER_CONFIG: configDir }, context: 'nope', recovery: false });
      try {
        assert.strictEqual(await missing.check(), 'unreachable');
        assert.strictEqual(missing.lastError, 'Docker context "nope" does not exist (known: default, remote-tls).');
      } finally { missing.dispose(); }
    } finally { fs.rmSync(home, { recursive: true, force: true }); }
  });
});

describe("engine: Podman's Docker-compatible socket", function () {
  this.timeout(120000);
  const podman = new PodmanService();
  let engine: Engine;
  // Podman resolves short names to docker.io: local images are named localhost/….
  const base = 'localhost/busybox:1';
  const tag = 'localhost/layerwise-test/podman:1';

  before(async () => {
    await podman.start();
    engine = new Engine({ host: podman.host, recovery: false });
    assert.strictEqual(await engine.check(), 'reachable', engine.lastError);
    const local = await testEngine();
    try {
      const src = await (await local.docker()).getImage(BASE).get();
      const res = await (await engine.docker()).loadImage(src as never) as unknown as NodeJS.ReadableStream;
      await new Promise((resolve, reject) => { res.on('end', resolve); res.on('error', reject); res.resume(); });
      await (await engine.docker()).getImage(BASE).tag({ repo: 'localhost/busybox', tag: '1' });
    } finally { local.dispose(); }
  });
  after(async () => {
    engine?.dispose();
    await podman.destroy();
  });

  it('is recognised as Podman: images, classic build, history and run work', async () => {
    assert.strictEqual(engine.info?.product, 'podman');
    assert.strictEqual(engine.info?.buildkit, false);
    assert.strictEqual(await buildListHistoryRun(engine, base, tag, 'auto'), 'classic', 'auto falls back to the classic builder on Podman');
  });

  it('no build sessions (POST /session answers 404): auto builds take the classic path with a one-line note; secret mounts stop before the build', async () => {
    await assert.rejects(openSession(await engine.docker(), 'layerwise', new Map()), (e: Error) => e instanceof SessionUnavailable && /POST \/session answered 404/.test(e.message));
    const dir = tempDir({ Dockerfile: `FROM ${base}\nRUN echo classic-path > /path.txt\n` });
    let output = '';
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: 'localhost/layerwise-test/fallback:1', onOutput: s => (output += s) });
    assert.strictEqual(result.ok, true, result.error?.message);
    assert.strictEqual(result.builder, 'classic');
    const notes = output.split('\n').filter(l => l.startsWith('Build context:'));
    assert.deepStrictEqual(notes, [`Build context: uploaded as a tar (the engine at ${podman.host} (from setting) is Podman, which offers no BuildKit sessions: classic builder; no build secrets, SSH mounts or registry credentials from this machine)`]);

    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${base}\nRUN --mount=type=secret,id=tok cat /run/secrets/tok\n`);
    fs.writeFileSync(path.join(dir, 'tok.txt'), 'podman-secret');
    const secret = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, secrets: { tok: { file: 'tok.txt' } } });
    assert.strictEqual(secret.ok, false);
    assert.match(secret.error!.message, /^This Dockerfile mounts build secrets or an SSH agent \(RUN --mount\), which only BuildKit can serve\. The engine at .* is Podman/);
    assert.strictEqual(secret.context, undefined, 'nothing was sent to the engine');
  });

  it('BuildKit-only features say plainly that Podman does not offer them', async () => {
    assert.match(buildkitUnavailable(engine)!, /is Podman: its Docker-compatible API does not offer BuildKit/);
    const dir = tempDir({ Dockerfile: `FROM ${base}\nRUN --mount=type=cache,target=/c true\n` });
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: 'localhost/layerwise-test/bk:1', builder: 'buildkit' });
    assert.strictEqual(result.ok, false);
    assert.match(result.error!.message, /Podman: its Docker-compatible API does not offer BuildKit .*\(RUN --mount/);
  });
});
