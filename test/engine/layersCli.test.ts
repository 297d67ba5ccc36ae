// `layerwise inspect` as CI runs it: dist/cli.js as a subprocess against the real engine, with dive's gates.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build, Engine } from '../../client/src/engine';
import { runCli } from '../support/cliRunner';
import { BASE, removeImages, tempDir, testEngine, uniqueTag } from './support';

// Line 2 writes 5000 bytes, line 3 removes 2000 of them and overwrites 1000 with 1000: wasted 2000 + 2000.
const DOCKERFILE = `FROM ${BASE}
RUN head -c 2000 /dev/zero > /tmp/cache && head -c 3000 /dev/zero > /app
RUN rm /tmp/cache && head -c 1000 /dev/zero > /conf && head -c 1000 /dev/zero > /conf2
RUN head -c 1000 /dev/zero > /conf
`;

describe('engine: layerwise inspect (CLI subprocess)', function () {
  this.timeout(180000);
  let engine: Engine;
  let tag: string;
  let dir: string;
  const env = () => ({ LAYERWISE_CACHE_DIR: cacheDir });
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-inspect-cli-'));
  before(async () => {
    engine = await testEngine();
    dir = tempDir({ Dockerfile: DOCKERFILE });
    tag = uniqueTag('inspect-cli');
    const r = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag, builder: 'buildkit' });
    assert.ok(r.ok, r.error?.message);
  });
  after(async () => { await removeImages(engine, [tag]); engine.dispose(); fs.rmSync(cacheDir, { recursive: true, force: true }); });

  it('prints the documented JSON with lines from --dockerfile, and exits 0 without gates', () => {
    const r = runCli(['inspect', tag, '--format', 'json', '--dockerfile', path.join(dir, 'Dockerfile')], { env: env() });
    assert.strictEqual(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.strictEqual(json.image, tag);
    // /tmp/cache 2000 (added, removed) + /conf 1000 + 1000 (added, overwritten).
    assert.strictEqual(json.wastedBytes, 4000);
    const own = json.layers.slice(1);
    assert.deepStrictEqual(own.map((l: { line: number; sizeBytes: number; wastedBytes: number }) => [l.line, l.sizeBytes, l.wastedBytes]), [[2, 5000, 2000], [3, 2000, 1000], [4, 1000, 1000]]);
    assert.deepStrictEqual(json.inefficiencies, [{ path: '/conf', count: 2, wastedBytes: 2000 }, { path: '/tmp/cache', count: 2, wastedBytes: 2000 }]);
    assert.strictEqual(json.efficiency, (json.layers[0].sizeBytes + 3000 + 1000 + 1000) / (json.layers[0].sizeBytes + 8000));
    assert.deepStrictEqual(Object.keys(json.layers[1]).sort(), ['added', 'createdBy', 'id', 'line', 'modified', 'removed', 'sizeBytes', 'wastedBytes']);
  });

  it('gates: exit 1 when one fails (and says which), 0 when all pass', () => {
    const fail = runCli(['inspect', tag, '--highest-wasted-bytes', '3kB', '--lowest-efficiency', '0.5'], { env: env() });
    assert.strictEqual(fail.code, 1, fail.stderr);
    assert.match(fail.stdout, /FAIL {2}highest-wasted-bytes: wasted 4000 bytes > 3000/);
    assert.match(fail.stdout, /PASS {2}lowest-efficiency/);
    assert.match(fail.stderr, /gate highest-wasted-bytes failed/);
    const pass = runCli(['inspect', tag, '--highest-wasted-bytes', '4000', '--highest-user-wasted-percent', '100%'], { env: env() });
    assert.strictEqual(pass.code, 0, pass.stderr);
    const pct = runCli(['inspect', tag, '--highest-user-wasted-percent', '0.1'], { env: env() });
    assert.strictEqual(pct.code, 1, 'wasted 4000 of 8000 user bytes is more than 10%');
  });

  it('exit 2 with one sentence on usage and engine errors', () => {
    const cases: Array<[string[], RegExp, NodeJS.ProcessEnv?]> = [
      [['inspect'], /inspect needs an image/],
      [['inspect', tag, '--highest-wasted-bytes', 'lots'], /needs a size such as 20MB/],
      [['inspect', tag, '--lowest-efficiency', '1.5'], /ratio between 0 and 1/],
      [['inspect', tag, '--format', 'sarif'], /Unknown format "sarif" for inspect/],
      [['inspect', 'layerwise-test/absent:1'], /No image "layerwise-test\/absent:1" on the Docker engine/],
      [['inspect', tag], /Docker engine not reachable at unix:\/\/\/tmp\/layerwise-none\.sock/, { DOCKER_HOST: 'unix:///tmp/layerwise-none.sock' }],
    ];
    for (const [args, message, extra] of cases) {
      const r = runCli(args, { env: { ...env(), ...extra } });
      assert.strictEqual(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});
