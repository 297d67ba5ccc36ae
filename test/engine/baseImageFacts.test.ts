// `layerwise lint --engine` against the real engine: the base image's platform and ENV come from
// `docker image inspect`, so invalid-base-image-platform and undefined-var's image check can speak.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import Docker from 'dockerode';
import { pack as tarPack } from 'tar-stream';
import { Engine, baseImageFacts } from '../../client/src/engine';
import { runCli } from '../support/cliRunner';
import { BASE, removeImages, tempDir, testEngine, uniqueTag } from './support';

interface JsonFile { findings: Array<{ ruleId: string; line: number; message: string }> }

describe('engine: base image facts for lint (--engine)', function () {
  this.timeout(90000);
  let engine: Engine;
  let arch: string;
  let foreign: string;
  const tags: string[] = [];
  const dirs: string[] = [];

  before(async () => {
    engine = await testEngine();
    const docker = await engine.docker();
    arch = ((await docker.info()) as { Architecture: string }).Architecture;
    foreign = /arm|aarch/.test(arch) ? 'linux/amd64' : 'linux/arm64';
    // An image for another platform: a `docker save` archive whose config names it, loaded as is (no emulation or registry).
    const tag = uniqueTag('foreign');
    tags.push(tag);
    const [os, architecture] = foreign.split('/');
    await loadImage(docker, tag, { os, architecture, env: ['APP_HOME=/srv/app'] });
  });
  after(async () => {
    await removeImages(engine, tags);
    engine.dispose();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('baseImageFacts reports each image\'s platform and ENV, the engine\'s platform, and skips images it does not have', async () => {
    const facts = await baseImageFacts(engine, [tags[0], BASE, 'layerwise-test/absent:never']);
    assert.deepStrictEqual([facts.images[tags[0]].os, facts.images[tags[0]].architecture].join('/'), foreign);
    assert.ok(facts.images[tags[0]].env.includes('APP_HOME=/srv/app'), JSON.stringify(facts.images[tags[0]].env));
    assert.ok(facts.images[BASE], 'the local base image');
    assert.ok(!('layerwise-test/absent:never' in facts.images));
    assert.strictEqual(facts.platform.os, 'linux');
    assert.notStrictEqual(`linux/${facts.platform.architecture}`, foreign);
  });

  it('lint --engine: a foreign-platform base is reported, --platform naming it is not; the image ENV counts as defined', () => {
    const dir = tempDir({
      Dockerfile: `FROM ${tags[0]}\nWORKDIR $APP_HOME\nCOPY hello.txt $APP_HOM/\n`,
      'platform.Dockerfile': `FROM --platform=${foreign} ${tags[0]}\nWORKDIR $APP_HOME\n`,
      'local.Dockerfile': `FROM ${BASE}\nWORKDIR /srv/$UNSET_IN_IMAGE\n`,
    });
    dirs.push(dir);
    const r = runCli(['lint', '--engine', '-f', 'json', 'Dockerfile', 'platform.Dockerfile', 'local.Dockerfile'], { cwd: dir });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const [main, pinned, local] = (JSON.parse(r.stdout) as JsonFile[]).map(f => f.findings.filter(x => /invalid-base-image-platform|undefined-var/.test(x.ruleId)).map(x => `${x.ruleId}:${x.line}`));
    assert.deepStrictEqual(main, ['invalid-base-image-platform:1', 'undefined-var:3']);
    assert.deepStrictEqual(pinned, []);
    assert.deepStrictEqual(local, ['undefined-var:2'], 'the engine says the image has no such ENV');
    // Without --engine neither rule can know.
    const plain = runCli(['lint', '-f', 'json', 'Dockerfile', 'local.Dockerfile'], { cwd: dir });
    const ids = (JSON.parse(plain.stdout) as JsonFile[]).flatMap(f => f.findings.map(x => `${x.ruleId}:${x.line}`));
    // ($APP_HOM is a near-miss only of the image's APP_HOME, which the linter does not know without the engine.)
    assert.ok(!ids.some(id => /^(invalid-base-image-platform|undefined-var):/.test(id)), ids.join());
  });

  it('lint --engine with an unreachable engine warns and lints without the facts', () => {
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nWORKDIR /srv/$X\n` });
    dirs.push(dir);
    const r = runCli(['lint', '--engine', '-f', 'json', 'Dockerfile'], { cwd: dir, env: { DOCKER_HOST: `unix://${path.join(dir, 'no.sock')}` } });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.match(r.stderr, /--engine: .*Linting without the engine's facts/);
    assert.ok(Array.isArray(JSON.parse(r.stdout)));
  });
});

/** Loads a one-layer image with the given platform and ENV into the engine, like `docker load` of a `docker save` archive. */
async function loadImage(docker: Docker, tag: string, facts: { os: string; architecture: string; env: string[] }): Promise<void> {
  const layer = await tarOf([['hello.txt', 'hi\n']]);
  const diffId = 'sha256:' + createHash('sha256').update(layer).digest('hex');
  const config = Buffer.from(JSON.stringify({
    architecture: facts.architecture, os: facts.os, config: { Env: facts.env },
    rootfs: { type: 'layers', diff_ids: [diffId] }, history: [{ created_by: 'layerwise test' }],
  }));
  const configName = createHash('sha256').update(config).digest('hex') + '.json';
  const manifest = JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: ['layer/layer.tar'] }]);
  const archive = await tarOf([[configName, config], ['layer/layer.tar', layer], ['manifest.json', manifest]]);
  const stream = await docker.loadImage(archive as unknown as string) as unknown as NodeJS.ReadableStream;
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
}

function tarOf(entries: Array<[string, string | Buffer]>): Promise<Buffer> {
  const p = tarPack();
  for (const [name, content] of entries) p.entry({ name }, content);
  p.finalize();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    p.on('data', (c: unknown) => { chunks.push(c as Buffer); });
    p.on('end', () => resolve(Buffer.concat(chunks)));
    p.on('error', reject);
  });
}
