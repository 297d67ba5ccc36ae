// BuildKit sessions against the real engine: build secrets served over POST /session (HTTP/2 + gRPC).
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cliRunner';
import { build, Engine, openSessionCount, openSessions } from '../../client/src/engine';
import { BASE, removeImages, runIn, tempDir, testEngine, uniqueTag } from './support';

async function imageTar(engine: Engine, ref: string): Promise<Buffer> {
  const stream = await (await engine.docker()).getImage(ref).get();
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('engine: BuildKit session secrets', function () {
  this.timeout(180000);
  let engine: Engine;
  const tags: string[] = [];
  before(async () => { engine = await testEngine(); });
  after(async () => { await removeImages(engine, tags); engine.dispose(); });
  const tag = (name: string) => { const t = uniqueTag(name); tags.push(t); return t; };

  it('hands a file secret and an env secret to RUN --mount=type=secret; neither reaches the image, history, record or output', async () => {
    const fileValue = 'file-secret-' + crypto.randomBytes(12).toString('hex');
    const envValue = 'env-secret-' + crypto.randomBytes(12).toString('hex');
    const dir = tempDir({
      Dockerfile: [
        `FROM ${BASE}`,
        // The image keeps only digests: proof the builder received exactly the values, without storing them.
        'RUN --mount=type=secret,id=tok test -s /run/secrets/tok && sha256sum /run/secrets/tok | cut -d" " -f1 > /tok.sha && cat /run/secrets/tok',
        'RUN --mount=type=secret,id=envtok,target=/etc/envtok sha256sum /etc/envtok | cut -d" " -f1 > /envtok.sha',
        '',
      ].join('\n'),
      'tok.txt': fileValue,
    });
    const t = tag('secret');
    let output = '';
    process.env.LW_TEST_SECRET_ENV = envValue;
    const result = await build(engine, {
      dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: t, builder: 'buildkit', noCache: true,
      secrets: { tok: { file: 'tok.txt' }, envtok: { env: 'LW_TEST_SECRET_ENV' } },
      onOutput: s => (output += s),
    }).finally(() => { delete process.env.LW_TEST_SECRET_ENV; });
    assert.strictEqual(result.ok, true, result.error?.message);
    const sha = (v: string) => crypto.createHash('sha256').update(v).digest('hex');
    assert.strictEqual((await runIn(engine, t, ['cat', '/tok.sha'])).stdout.trim(), sha(fileValue));
    assert.strictEqual((await runIn(engine, t, ['cat', '/envtok.sha'])).stdout.trim(), sha(envValue));
    assert.ok(!output.includes(fileValue), 'the build output shows the secret');
    assert.match(output, /\*\*\*/, 'the printed secret is masked');
    const history = JSON.stringify(await (await engine.docker()).getImage(t).history());
    assert.ok(!history.includes(fileValue) && !history.includes(envValue), 'the image history holds a secret');
    assert.ok(!JSON.stringify(result).includes(fileValue) && !JSON.stringify(result).includes(envValue), 'the result/record holds a secret');
    const tar = await imageTar(engine, t);
    assert.ok(!tar.includes(fileValue) && !tar.includes(envValue), 'an image layer holds a secret');
  });

  it('refuses to start when a secret source is missing or unreadable, naming the id and what to do', async () => {
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN --mount=type=secret,id=tok cat /run/secrets/tok\nRUN --mount=type=secret,id=other true\n` });
    const result = await build(engine, {
      dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: tag('missing'), builder: 'buildkit',
      secrets: { tok: { file: 'no-such-file.txt' } },
    });
    assert.strictEqual(result.ok, false);
    assert.match(result.error?.message ?? '', /Secret "tok": cannot read its file no-such-file\.txt/);
    assert.match(result.error?.message ?? '', /Secret "other" \(line 3\) has no source: pass --secret id=other,src=FILE/);
    assert.strictEqual(result.context, undefined, 'the context was built, so the build had started');
  });

  it('the session dropped mid-build: the step that needed it fails with a message saying so, no session is left open, the next build works', async () => {
    const dir = tempDir({
      Dockerfile: `FROM ${BASE}\nRUN --mount=type=secret,id=first test -s /run/secrets/first\nRUN --mount=type=secret,id=second test -s /run/secrets/second\n`,
      'first.txt': 'first-secret-value', 'second.txt': 'second-secret-value',
    });
    const options = { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, builder: 'buildkit' as const, noCache: true, secrets: { first: { file: 'first.txt' }, second: { file: 'second.txt' } } };
    const fds = () => fs.readdirSync('/proc/self/fd').length;
    assert.strictEqual((await build(engine, options)).ok, true, 'the build works with its session');
    const before = fds();
    let watched = false;
    let secretCalls = 0;
    const dropped = await build(engine, {
      ...options,
      // The first progress arrives once the build runs (our session is open): drop its connection
      // at the moment the builder asks for the second secret, as a network failure would.
      onProgress: () => {
        if (watched) return;
        watched = true;
        const session = openSessions()[0];
        session.onCall(method => { if (/GetSecret$/.test(method) && ++secretCalls === 2) session.close(); });
      },
    });
    assert.strictEqual(secretCalls, 2, 'the builder asked for both secrets');
    assert.strictEqual(dropped.ok, false);
    assert.ok(!dropped.cancelled);
    assert.match(dropped.error!.message, /^The build session with the Docker engine closed during the build, so the builder could no longer ask for secrets, SSH agents or registry credentials\. Build again\.\n\(/);
    assert.strictEqual(dropped.error!.line, 2, 'the step that needed the session');
    assert.strictEqual(openSessionCount(), 0, 'a session was left open');
    assert.ok(fds() <= before, `file handles: ${before} before, ${fds()} after`);
    const again = await build(engine, options);
    assert.strictEqual(again.ok, true, again.error?.message);
  });

  it('layerwise build --secret: env and file sources reach the build; the value is in neither stdout, stderr nor the record', () => {
    const value = 'cli-secret-' + crypto.randomBytes(12).toString('hex');
    const records = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-session-records-'));
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN --mount=type=secret,id=tok cat /run/secrets/tok && sha256sum /run/secrets/tok | cut -d" " -f1 > /tok.sha\n`, 'tok.txt': value });
    const t = tag('cli-secret');
    const env = { LAYERWISE_RECORDS: records, LW_CLI_SECRET: value };
    const byEnv = runCli(['build', dir, '-t', t, '--builder', 'buildkit', '--no-cache', '--format', 'json', '--secret', 'id=tok,env=LW_CLI_SECRET'], { env });
    assert.strictEqual(byEnv.code, 0, byEnv.stderr);
    const byFile = runCli(['build', dir, '-t', t, '--builder', 'buildkit', '--no-cache', '--secret', `id=tok,src=${path.join(dir, 'tok.txt')}`], { env });
    assert.strictEqual(byFile.code, 0, byFile.stderr);
    for (const text of [byEnv.stdout, byEnv.stderr, byFile.stdout, byFile.stderr]) assert.ok(!text.includes(value), 'the CLI printed the secret');
    for (const f of fs.readdirSync(records)) assert.ok(!fs.readFileSync(path.join(records, f), 'utf8').includes(value), `record ${f} holds the secret`);
    const missing = runCli(['build', dir, '--builder', 'buildkit', '--secret', 'id=tok,src=/nonexistent/tok'], { env });
    assert.strictEqual(missing.code, 2, missing.stdout + missing.stderr);
    assert.match(missing.stderr, /Secret "tok": cannot read its file \/nonexistent\/tok/);
    const malformed = runCli(['build', dir, '--secret', 'tok'], { env });
    assert.strictEqual(malformed.code, 2);
    assert.match(malformed.stderr, /--secret "tok": expected id=NAME,src=FILE or id=NAME,env=VAR/);
  });
});
