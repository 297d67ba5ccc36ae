// Running an image with published ports, against the real engine.
import * as assert from 'assert';
import * as path from 'path';
import { build, Engine, exposedPorts, parsePortMapping, runImage, stopContainer, validateImageReference } from '../../client/src/engine';
import { BASE, httpGet, removeImages, tempDir, testEngine, uniqueTag, until } from './support';

describe('engine: run', function () {
  this.timeout(120000);
  let engine: Engine;
  let webImage: string;
  before(async () => {
    engine = await testEngine();
    webImage = uniqueTag('web');
    const dir = tempDir({
      Dockerfile: `FROM ${BASE}\nRUN mkdir -p /www && echo hello-from-layerwise > /www/index.html\nEXPOSE 80\nCMD ["httpd", "-f", "-v", "-p", "80", "-h", "/www"]\n`,
    });
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: webImage, builder: 'classic' });
    assert.ok(result.ok, result.error?.message);
  });
  after(async () => { await removeImages(engine, [webImage]); engine.dispose(); });

  it('prefills EXPOSEd ports from the image', async () => {
    assert.deepStrictEqual(await exposedPorts(engine, webImage), ['80/tcp']);
  });

  it('maps the exposed port to a free host port and answers over HTTP; stop removes the container', async () => {
    const running = await runImage(engine, { image: webImage });
    try {
      assert.strictEqual(running.ports.length, 1);
      const { containerPort, hostPort } = running.ports[0];
      assert.strictEqual(containerPort, '80/tcp');
      assert.ok(hostPort > 0);
      const res = await until('httpd to answer', () => httpGet(hostPort).catch(() => undefined), 30000);
      assert.strictEqual(res.status, 200);
      assert.strictEqual(res.body, 'hello-from-layerwise\n');
    } finally {
      await stopContainer(engine, running.id, { timeoutSec: 1 });
    }
    const exit = await running.wait();
    assert.notStrictEqual(exit.exitCode, undefined);
    // autoRemove: gone once stopped.
    const docker = await engine.docker();
    await until('auto-removal', async () => (await docker.listContainers({ all: true })).every(c => c.Id !== running.id), 20000);
  });

  it('uses a given host port, passes env, and streams stdout and stderr apart', async () => {
    const running = await runImage(engine, { image: BASE, ports: [], env: { WHO: 'layerwise' }, cmd: ['sh', '-c', 'echo "out $WHO"; echo "err $WHO" >&2; exit 3'] });
    let out = '';
    let err = '';
    running.stdout.on('data', c => (out += c));
    running.stderr.on('data', c => (err += c));
    assert.deepStrictEqual(await running.wait(), { exitCode: 3 });
    await until('log streams to end', () => out.length > 0 && err.length > 0, 10000);
    assert.strictEqual(out, 'out layerwise\n');
    assert.strictEqual(err, 'err layerwise\n');
  });

  it('validates image references and ports with clear messages', async () => {
    assert.strictEqual(validateImageReference('local/busybox:1'), undefined);
    assert.strictEqual(validateImageReference('registry.example.com:5000/team/app@sha256:' + 'a'.repeat(64)), undefined);
    assert.match(validateImageReference('MyApp:1')!, /lower-case/);
    assert.match(validateImageReference('app:has space')!, /not a valid image reference/);
    assert.deepStrictEqual(parsePortMapping('8080:80'), { containerPort: '80/tcp', hostPort: 8080 });
    assert.deepStrictEqual(parsePortMapping('53/udp'), { containerPort: '53/udp' });
    assert.throws(() => parsePortMapping('70000'), /out of range/);
    assert.throws(() => parsePortMapping('http'), /not a port mapping/);
    await assert.rejects(runImage(engine, { image: 'bad image!' }), /not a valid image reference/);
    await assert.rejects(runImage(engine, { image: BASE, ports: [{ containerPort: '0' }] }), /out of range/);
    await assert.rejects(runImage(engine, { image: 'layerwise-test/does-not-exist:1' }), /not present on the Docker engine/);
  });
});
