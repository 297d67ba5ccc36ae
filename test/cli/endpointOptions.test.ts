// The CLI's engine selection: --context / --host reach the engine module's resolution (and its
// messages) exactly as the editor's setting does; the shared parser for other engine commands.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { engineOptionsFromArgs, parseEndpointArgs, resolveEndpoint } from '../../client/src/engine';
import { CLI_FIXTURES, runCli } from '../support/cliRunner';

describe('CLI: engine selection (--context, --host)', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-cli-ctx-'));
  const configDir = path.join(home, '.docker');
  before(() => {
    const id = createHash('sha256').update('far').digest('hex');
    fs.mkdirSync(path.join(configDir, 'contexts', 'meta', id), { recursive: true });
    fs.writeFileSync(path.join(configDir, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: 'far', Endpoints: { docker: { Host: 'unix:///tmp/layerwise-no-such/far.sock' } } }));
  });
  after(() => fs.rmSync(home, { recursive: true, force: true }));

  it('parses --context/--host in every spelling and leaves the rest', () => {
    assert.deepStrictEqual(parseEndpointArgs(['build', '--context', 'far', '-t', 'x', '.']), { rest: ['build', '-t', 'x', '.'], context: 'far' });
    assert.deepStrictEqual(parseEndpointArgs(['--host=ssh://me@h', 'plan']), { rest: ['plan'], host: 'ssh://me@h' });
    assert.deepStrictEqual(parseEndpointArgs(['-H', 'tcp://h:2376', '--', '--context', 'x']), { rest: ['--', '--context', 'x'], host: 'tcp://h:2376' });
    assert.match(parseEndpointArgs(['--context']).error!, /--context needs a value/);
    assert.match(parseEndpointArgs(['--context', '--host', 'x']).error!, /--context needs a value/);
    assert.match(parseEndpointArgs(['--context', 'a', '--context=b']).error!, /given twice/);
  });

  it('resolves like the docker CLI: --host, then --context, then DOCKER_HOST, then the current context', () => {
    const env = { DOCKER_CONFIG: configDir, DOCKER_HOST: 'tcp://10.0.0.1:2375' };
    const pick = (args: string[]) => { const e = resolveEndpoint(engineOptionsFromArgs(parseEndpointArgs(args), env)); return [e.url, e.sourceLabel]; };
    assert.deepStrictEqual(pick([]), ['tcp://10.0.0.1:2375', 'DOCKER_HOST']);
    assert.deepStrictEqual(pick(['--context', 'far']), ['unix:///tmp/layerwise-no-such/far.sock', "--context 'far'"]);
    assert.deepStrictEqual(pick(['--context', 'far', '--host', '/x.sock']), ['unix:///x.sock', '--host']);
    assert.deepStrictEqual(pick(['--context', 'default']), ['tcp://10.0.0.1:2375', 'DOCKER_HOST']);
  });

  it('layerwise inspect --context / --host name the endpoint and where it came from; lint refuses them', () => {
    const env = { DOCKER_CONFIG: configDir, DOCKER_HOST: '' };
    const missing = runCli(['inspect', '--context', 'nope', 'busybox'], { env });
    assert.strictEqual(missing.code, 2);
    assert.strictEqual(missing.stderr, 'layerwise: Docker context "nope" does not exist (known: default, far).\n');
    const far = runCli(['inspect', '--context', 'far', 'busybox'], { env });
    assert.strictEqual(far.code, 2);
    assert.match(far.stderr, /^layerwise: Docker engine not reachable at unix:\/\/\/tmp\/layerwise-no-such\/far\.sock \(from --context 'far'\): the socket does not exist/);
    const host = runCli(['inspect', '-H', 'unix:///tmp/layerwise-no-such/h.sock', 'busybox'], { env });
    assert.match(host.stderr, /not reachable at unix:\/\/\/tmp\/layerwise-no-such\/h\.sock \(from --host\)/);
    // build and plan (the editor's build path) take the same selection.
    for (const command of ['build', 'plan']) {
      const r = runCli([command, '--context', 'nope', '.'], { env, cwd: path.join(CLI_FIXTURES, 'tree') });
      assert.strictEqual(r.code, 2, `${command}: ${r.stderr}`);
      assert.match(r.stderr, /Docker context "nope" does not exist \(known: default, far\)\./, command);
    }
    const lint = runCli(['lint', '--context', 'far', '.'], { env });
    assert.strictEqual(lint.code, 2);
    assert.match(lint.stderr, /--context and --host choose a Docker engine; lint does not use one/);
  });
});
