// `layerwise build` and `layerwise plan` as CI runs them (dist/cli.js in a subprocess) against the real engine.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Engine } from '../../client/src/engine';
import { runCli } from '../support/cliRunner';
import { BASE, removeImages, tempDir, testEngine, uniqueTag } from './support';

describe('engine: layerwise build / plan (CLI)', function () {
  this.timeout(120000);
  let engine: Engine;
  const tags: string[] = [];
  const records = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-cli-records-'));
  const env = { LAYERWISE_RECORDS: records };
  before(async () => { engine = await testEngine(); });
  after(async () => { await removeImages(engine, tags); engine.dispose(); });

  it('build --format json reports every step; plan --format json predicts the next build step by step', () => {
    const nonce = `${process.pid}-${Date.now()}`;
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nARG V=1\nRUN echo ${nonce} > /n\nCOPY app.txt /app/\nRUN cat /app/app.txt\n`, 'app.txt': 'one\n' });
    const tag = uniqueTag('cli-cache');
    tags.push(tag);
    const first = runCli(['build', dir, '-t', tag, '--builder', 'buildkit', '--format', 'json'], { env });
    assert.strictEqual(first.code, 0, first.stderr);
    const built = JSON.parse(first.stdout);
    assert.match(built.image, /^sha256:[0-9a-f]{64}$/);
    assert.deepStrictEqual(built.steps.map((s: { line: number; cached: boolean }) => [s.line, s.cached]), [[3, false], [4, false], [5, false]]);
    assert.ok(built.steps.every((s: { durationMs: number; instruction: string }) => s.durationMs >= 0 && s.instruction));
    assert.ok(fs.readdirSync(records).some(f => f.endsWith('.json')), 'the record is written to LAYERWISE_RECORDS');

    fs.writeFileSync(path.join(dir, 'app.txt'), 'two\n');
    const plan = runCli(['plan', dir, '--builder', 'buildkit', '--format', 'json'], { env });
    assert.strictEqual(plan.code, 0, plan.stderr);
    const predicted = JSON.parse(plan.stdout);
    assert.deepStrictEqual(predicted.steps.map((s: { line: number; cached: boolean; reason: string }) => [s.line, s.cached, s.reason]),
      [[3, true, 'cached'], [4, false, 'app.txt changed'], [5, false, 'an earlier step rebuilds (line 4)']]);
    const second = JSON.parse(runCli(['build', dir, '-t', tag, '--builder', 'buildkit', '--format', 'json'], { env }).stdout);
    assert.deepStrictEqual(second.steps.map((s: { line: number; cached: boolean }) => [s.line, s.cached]),
      predicted.steps.map((s: { line: number; cached: boolean }) => [s.line, s.cached]));

    const tty = runCli(['plan', dir, '--builder', 'buildkit'], { env });
    assert.strictEqual(tty.code, 0, tty.stderr);
    assert.match(tty.stdout, /Next build \(BuildKit\): 0 of 3 steps rerun/);
  });

  it('a failing step: Dockerfile:LINE with the engine error, a GitHub annotation, exit 1', () => {
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN echo ok\nRUN echo failing-${process.pid} && exit 7\n` });
    const r = runCli(['build', '--builder', 'classic', '--format', 'github', '-f', path.join(dir, 'Dockerfile'), dir], { env, cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    assert.match(r.stderr, /^Dockerfile:3: .*returned a non-zero code: 7/m);
    assert.match(r.stdout, /^::error file=Dockerfile,line=3::.*non-zero code: 7$/m);
  });

  it('usage and engine problems exit 2 with one sentence', () => {
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\n` });
    const unreachable = runCli(['plan', dir, '-H', 'unix:///nonexistent/docker.sock'], { env });
    assert.strictEqual(unreachable.code, 2);
    assert.match(unreachable.stderr, /^layerwise: Docker engine not reachable at unix:\/\/\/nonexistent\/docker.sock/);
    const badFlag = runCli(['build', dir, '--bogus'], { env });
    assert.strictEqual(badFlag.code, 2);
    assert.match(badFlag.stderr, /Unknown option '--bogus'.*layerwise build --help/);
    const badFormat = runCli(['plan', dir, '--format', 'github'], { env });
    assert.strictEqual(badFormat.code, 2);
    assert.match(badFormat.stderr, /Unknown format "github"; use tty, json/);
  });
});
