// Connection faults with precise messages: permission denied (a real non-root user against the shared
// engine's socket, which is left untouched), malformed or wrong DOCKER_HOST values, and API versions.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Docker from 'dockerode';
import { Engine, resolveEndpoint } from '../../client/src/engine';
import { apiVersionProblem } from '../../client/src/engine/connection';
import { sleep, testEngine } from './support';

const ENGINE_MODULE = path.resolve(__dirname, '../../client/src/engine/index.js');

describe('engine: connection faults', function () {
  this.timeout(60000);

  it('permission denied on the socket: says so and suggests the docker group or rootless Docker', () => {
    const host = process.env.DOCKER_HOST ?? '';
    assert.match(host, /^unix:\/\//, 'the engine suite runs against a unix socket');
    const socket = host.slice('unix://'.length);
    const st = fs.statSync(socket);
    // Precondition, so the test cannot pass for another reason: nobody (uid/gid 65534) may not use this socket.
    assert.strictEqual(st.mode & 0o007, 0, `${socket} is not open to other users`);
    assert.ok(st.uid !== 65534 && st.gid !== 65534);
    assert.strictEqual(process.getuid?.(), 0, 'running the check as another user needs root');
    const script = `const { Engine } = require(${JSON.stringify(ENGINE_MODULE)});
      const e = new Engine({ host: ${JSON.stringify(host)}, recovery: false });
      e.check().then(state => process.stdout.write(JSON.stringify({ state, kind: e.lastErrorKind, message: e.lastError })));`;
    const out = execFileSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', script], { encoding: 'utf8', cwd: '/' });
    const seen = JSON.parse(out) as { state: string; kind: string; message: string };
    assert.strictEqual(seen.state, 'unreachable');
    assert.strictEqual(seen.kind, 'permission');
    assert.ok(seen.message.startsWith(`Permission denied connecting to the Docker engine at ${host} (from setting).`), seen.message);
    assert.match(seen.message, /"docker" group/);
    assert.match(seen.message, /rootless Docker/);
  });

  const wrongHosts: Array<[string, RegExp, string]> = [
    ['unix:///tmp/layerwise-no-such-dir/docker.sock', /^Docker engine not reachable at unix:\/\/\/tmp\/layerwise-no-such-dir\/docker\.sock \(from DOCKER_HOST\): the socket does not exist — is Docker running\?$/, 'not-found'],
    ['garbage://x', /^Docker host "garbage:\/\/x" \(from DOCKER_HOST\) uses an unsupported scheme "garbage:"\. Use unix:\/\/, tcp:\/\/, npipe:\/\/ or ssh:\/\/\.$/, 'other'],
    ['garbage', /^Docker host "garbage" \(from DOCKER_HOST\) is not a valid address\. Use unix:\/\/\/path\/to\/docker\.sock, tcp:\/\/host:port or ssh:\/\/user@host\.$/, 'other'],
  ];
  for (const [value, message, kind] of wrongHosts) {
    it(`DOCKER_HOST=${value}: a precise message, and no retry loop for an address that cannot work`, async () => {
      const engine = new Engine({ env: { DOCKER_HOST: value }, recovery: { initialDelayMs: 50, maxDelayMs: 50 }, timeoutMs: 2000 });
      let checks = 0;
      const check = engine.check.bind(engine);
      engine.check = () => { checks++; return check(); };
      try {
        assert.strictEqual(await engine.check(), 'unreachable');
        assert.match(engine.lastError!, message);
        assert.strictEqual(engine.lastErrorKind, kind);
        await assert.rejects(engine.docker(), (err: Error) => { assert.match(err.message, message); return true; });
        await sleep(400);
        // A missing socket may appear (Docker starting): retried. A malformed address never becomes valid.
        if (kind === 'other') assert.strictEqual(checks, 2, 'only our own two calls');
        else assert.ok(checks > 2, 'a missing socket is retried by the engine itself');
      } finally { engine.dispose(); }
    });
  }

  it('API versions: our client is pinned to the engine’s version, because the engine refuses a newer one', async () => {
    const engine = await testEngine();
    try {
      const api = engine.info!.apiVersion;
      const socket = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
      // A real engine refuses a client that asks for a newer API than it has (why dockerode is pinned).
      await assert.rejects(new Docker({ socketPath: socket, version: 'v1.99' }).listImages(), /client version 1\.99 is too new/);
      // Our minimum (1.24) is one a current engine still serves.
      assert.ok((await new Docker({ socketPath: socket, version: 'v1.24' }).listImages()).length >= 1);
      assert.strictEqual(apiVersionProblem({ ApiVersion: api, Version: engine.info!.version }, engine.endpoint), undefined);
    } finally { engine.dispose(); }
  });

  it('API versions: an engine older than API 1.24 gets an upgrade message (function-level: no real engine that old can run here)', () => {
    const endpoint = resolveEndpoint({ host: 'unix:///var/run/docker.sock' });
    const tooOld = apiVersionProblem({ ApiVersion: '1.23', Version: '1.11.2' }, endpoint);
    assert.strictEqual(tooOld?.kind, 'too-old');
    assert.strictEqual(tooOld?.message, 'The Docker engine at unix:///var/run/docker.sock (from setting) speaks API 1.23 (Docker 1.11.2); Layerwise needs API 1.24 or newer. Please upgrade Docker.');
    assert.match(apiVersionProblem({}, endpoint)!.message, /speaks API unknown \(Docker \?\)/);
    assert.match(apiVersionProblem({ ApiVersion: 'banana' }, endpoint)!.message, /speaks API banana/);
    for (const ok of ['1.24', '1.41', '1.100', '2.0']) assert.strictEqual(apiVersionProblem({ ApiVersion: ok }, endpoint), undefined, ok);
  });
});
