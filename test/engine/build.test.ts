// Builds against the real engine with both builders: progress, failures mapped to lines, cancel, context, layer mapping.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { build, BuildProgress, BuilderKind, Engine } from '../../client/src/engine';
import { BASE, containerIds, removeImages, runIn, tempDir, testEngine, uniqueTag } from './support';

const BUILDERS: BuilderKind[] = ['classic', 'buildkit'];

describe('engine: build', function () {
  this.timeout(180000);
  let engine: Engine;
  const tags: string[] = [];
  before(async () => { engine = await testEngine(); });
  after(async () => { await removeImages(engine, tags); engine.dispose(); });
  const tag = (name: string) => { const t = uniqueTag(name); tags.push(t); return t; };

  for (const builder of BUILDERS) {
    describe(builder, () => {
      it('reports progress with step numbers and text, and returns the image id and a record', async () => {
        const dir = tempDir({
          Dockerfile: `FROM ${BASE}\nENV GREETING=hello\nRUN echo "$GREETING" > /greeting\nCOPY app.txt /app/\nCMD ["cat", "/greeting"]\n`,
          'app.txt': 'app\n',
        });
        const progress: BuildProgress[] = [];
        let output = '';
        const t = tag('progress-' + builder);
        const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: t, builder, noCache: true,
          onProgress: p => progress.push(p), onOutput: s => (output += s) });
        assert.strictEqual(result.ok, true, result.error?.message);
        assert.strictEqual(result.builder, builder);
        assert.match(result.imageId ?? '', /^sha256:[0-9a-f]{64}$/);
        const run = progress.find(p => /RUN echo "\$GREETING"|RUN echo "hello"|RUN echo hello/.test(p.text));
        assert.ok(run, `no RUN progress in ${JSON.stringify(progress.map(p => p.text))}`);
        assert.strictEqual(run.line, 2);
        assert.ok(run.step >= 1 && run.step <= run.total);
        const copy = progress.find(p => p.text.includes('COPY app.txt'));
        assert.strictEqual(copy?.line, 3);
        if (builder === 'classic') {
          assert.deepStrictEqual(progress.map(p => `${p.step}/${p.total}`), ['1/5', '2/5', '3/5', '4/5', '5/5']);
          assert.match(output, /Step 3\/5 : RUN echo/);
        } else {
          assert.ok(progress.some(p => p.completed), 'BuildKit vertices complete');
          assert.match(output, /#\d+ \[\d\/\d\] RUN echo/);
        }
        // The tar carries app.txt and the Dockerfile; over the BuildKit session the builder fetches only app.txt from the context.
        assert.strictEqual(result.context?.files, builder === 'classic' ? 2 : 1);
        // Layer ↔ line mapping from the image history.
        const record = result.record!;
        assert.strictEqual(record.imageId, result.imageId);
        assert.strictEqual(record.builder, builder);
        const byLine = new Map(record.layers.map(l => [l.line, l]));
        assert.deepStrictEqual([...byLine.keys()].sort(), [1, 2, 3, 4]);
        assert.strictEqual(byLine.get(2)!.size, 6, 'the RUN layer holds "hello\\n"');
        assert.strictEqual(byLine.get(2)!.empty, false);
        assert.strictEqual(byLine.get(3)!.size, 4);
        assert.strictEqual(byLine.get(1)!.empty, true, 'ENV is metadata only');
        assert.strictEqual(byLine.get(4)!.empty, true, 'CMD is metadata only');
        assert.strictEqual(byLine.get(4)!.instruction, 'CMD ["cat", "/greeting"]');
        if (builder === 'classic') assert.ok(record.layers.every(l => l.layerId?.startsWith('sha256:')));
        else assert.ok(record.layers.slice(1).every(l => l.layerId === undefined), 'BuildKit history has <missing> ids');
      });

      it('maps a failing RUN to its Dockerfile line, across stages and continuation lines', async () => {
        const containersBefore = await containerIds(engine);
        const dir = tempDir({
          Dockerfile: `ARG V=1\nFROM ${BASE} AS base\nRUN echo base > /base\n\nFROM base\n# a comment\nRUN echo first && \\\n    exit 7\nRUN echo never\n`,
        });
        const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: tag('fail-' + builder), builder, noCache: true });
        assert.strictEqual(result.ok, false);
        assert.ok(!result.cancelled);
        assert.match(result.error!.message, /exit 7|code: 7/);
        assert.strictEqual(result.error!.line, 6);
        // forcerm: the failed step's container is gone.
        assert.deepStrictEqual((await containerIds(engine)).filter(id => !containersBefore.includes(id)), []);
      });

      it('cancels a long build promptly and leaves no container behind', async () => {
        const containersBefore = await containerIds(engine);
        const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN echo start && sleep 60\n` });
        const controller = new AbortController();
        const started = Date.now();
        const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: tag('cancel-' + builder), builder, noCache: true,
          signal: controller.signal,
          onProgress: p => { if (/sleep 60/.test(p.text)) setTimeout(() => controller.abort(), 1500); } });
        assert.strictEqual(result.cancelled, true);
        assert.strictEqual(result.ok, false);
        assert.ok(Date.now() - started < 40000, 'stopped well before the 60 s sleep ended');
        // The engine removes the step's container shortly after the connection closes.
        const deadline = Date.now() + 30000;
        let leftover: string[] = [];
        do {
          leftover = (await containerIds(engine)).filter(id => !containersBefore.includes(id));
          if (!leftover.length) break;
          await new Promise(r => setTimeout(r, 500));
        } while (Date.now() < deadline);
        assert.deepStrictEqual(leftover, []);
      });

      it('sends the context filtered by .dockerignore (and always the Dockerfile)', async () => {
        const dir = tempDir({
          Dockerfile: `FROM ${BASE}\nCOPY . /ctx/\n`,
          '.dockerignore': '# comment\nsecret.txt\nlogs\n*.tmp\n!keep.tmp\nDockerfile\n',
          'secret.txt': 'no', 'logs/a.log': 'no', 'x.tmp': 'no', 'keep.tmp': 'yes', 'src/main.txt': 'yes',
        });
        const t = tag('ignore-' + builder);
        const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: t, builder });
        assert.strictEqual(result.ok, true, result.error?.message);
        assert.strictEqual(result.context?.hasDockerignore, true);
        const { stdout } = await runIn(engine, t, ['find', '/ctx', '-type', 'f']);
        // The Dockerfile was sent (the build read it); the classic engine itself then drops an ignored Dockerfile from COPY.
        const files = stdout.trim().split('\n').filter(f => f !== '/ctx/Dockerfile').sort();
        assert.deepStrictEqual(files, ['/ctx/.dockerignore', '/ctx/keep.tmp', '/ctx/src/main.txt']);
      });

      it('builds with a Dockerfile outside the context folder', async () => {
        const dir = tempDir({ 'context/data.txt': 'data\n', 'elsewhere/Custom.Dockerfile': `FROM ${BASE}\nCOPY data.txt /data.txt\nRUN test -e /data.txt\n` });
        const t = tag('outside-' + builder);
        const result = await build(engine, { dockerfilePath: path.join(dir, 'elsewhere/Custom.Dockerfile'), contextDir: path.join(dir, 'context'), tag: t, builder });
        assert.strictEqual(result.ok, true, result.error?.message);
        assert.strictEqual((await runIn(engine, t, ['cat', '/data.txt'])).stdout, 'data\n');
        assert.strictEqual(result.record?.layers.find(l => l.line === 2)?.instruction, 'RUN test -e /data.txt');
      });

      it('masks secret-looking build args in output and errors', async () => {
        const dir = tempDir({ Dockerfile: `FROM ${BASE}\nARG API_TOKEN\nRUN echo "token is $API_TOKEN" && exit 1\n` });
        let output = '';
        const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: tag('mask-' + builder), builder,
          noCache: true, buildArgs: { API_TOKEN: 's3cr3t-value' }, onOutput: s => (output += s) });
        assert.strictEqual(result.ok, false);
        assert.ok(output.includes('token is ***') || builder === 'buildkit', output);
        assert.ok(!output.includes('s3cr3t-value'), output);
        assert.ok(!JSON.stringify(result).includes('s3cr3t-value'));
        assert.strictEqual(result.error?.line, 2);
      });
    });
  }

  it('reports a missing context folder as a clear error', async () => {
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\n` });
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: path.join(dir, 'nope'), builder: 'classic' });
    assert.strictEqual(result.ok, false);
    assert.match(result.error!.message, /build context folder .*nope does not exist/);
    fs.rmSync(dir, { recursive: true });
  });
});
