// The narrowed tar build context against the real engine: same image as with the whole context, and the
// cases that must still send everything (patterns, bind mounts, a base image's ONBUILD triggers).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { build, BuilderKind, Engine } from '../../client/src/engine';
import { BASE, removeImages, runIn, tempDir, testEngine, uniqueTag } from './support';

const BUILDERS: BuilderKind[] = ['classic', 'buildkit'];
// Everything under /app: names, modes, sizes, links, and each file's checksum (mtimes left out: COPY keeps them anyway).
const LIST = ['sh', '-c', 'cd /app && find . | sort && find . -type f | sort | xargs md5sum && ls -lnR . | awk \'{print $1, $3, $4, $5, $NF}\''];

function project(): string {
  const files: Record<string, string> = {
    '.dockerignore': 'src/**/*.log\nsrc/cache\n!src/cache/keep.txt\nnode_modules\n',
    'package.json': '{"name":"x"}\n', 'other.txt': 'not copied\n', 'README.md': 'readme\n',
    'src/main.js': 'main\n', 'src/debug.log': 'ignored\n', 'src/deep/er/x.js': 'x\n', 'src/deep/trace.log': 'ignored\n',
    'src/cache/drop.bin': 'ignored\n', 'src/cache/keep.txt': 'kept by an exception\n', 'src/big.bin': 'b'.repeat(300_000),
    'node_modules/dep/index.js': 'ignored\n', 'lib/only/this.txt': 'this\n', 'lib/only/not-this/../that.txt': 'that\n',
  };
  for (let i = 0; i < 100; i++) files[`src/many/f${i}.txt`] = `${i}\n`.repeat(i);
  const dir = tempDir(files);
  fs.symlinkSync('main.js', path.join(dir, 'src/link-to-main'));
  fs.chmodSync(path.join(dir, 'src/main.js'), 0o755);
  return dir;
}
const COPIES = 'COPY package.json src/ /app/\nCOPY lib/only/this.txt ./lib/only/that.txt /app/lib/\n';

describe('engine: narrowed build context', function () {
  this.timeout(180000);
  let engine: Engine;
  const tags: string[] = [];
  const dirs: string[] = [];
  before(async () => { engine = await testEngine(); });
  after(async () => {
    await removeImages(engine, tags);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    engine.dispose();
  });
  const tag = (name: string) => { const t = uniqueTag(name); tags.push(t); return t; };
  const buildIn = async (dir: string, dockerfile: string, t: string, builder: BuilderKind) => {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
    // The tar path (BuildKit would otherwise fetch files over the session; see sessionContext.test.ts).
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: t, builder, noCache: true, contextTransfer: 'tar' });
    assert.strictEqual(result.ok, true, result.error?.message);
    return result;
  };

  for (const builder of BUILDERS) {
    describe(builder, () => {
      it('sends only the copied paths and builds the same image contents as with the whole context', async () => {
        const dir = project(); dirs.push(dir);
        const narrow = await buildIn(dir, `FROM ${BASE}\n${COPIES}`, tag('narrow-' + builder), builder);
        assert.strictEqual(narrow.context?.narrowed, true);
        // package.json, 100 + 5 files under src (the symlink counts) (logs, cache/drop.bin ignored), 2 under lib, Dockerfile, .dockerignore
        assert.strictEqual(narrow.context?.files, 1 + 105 + 2 + 2);
        // An ONBUILD line (image metadata only) makes the same copies go out with the whole context.
        const full = await buildIn(dir, `FROM ${BASE}\n${COPIES}ONBUILD RUN true\n`, tag('full-' + builder), builder);
        assert.strictEqual(full.context?.narrowed, undefined);
        assert.ok((full.context?.files ?? 0) > (narrow.context?.files ?? 0));
        const a = await runIn(engine, narrow.imageId!, LIST);
        const b = await runIn(engine, full.imageId!, LIST);
        assert.strictEqual(a.exitCode, 0);
        assert.strictEqual(a.stdout, b.stdout);
        // .dockerignore applied inside the narrowed folder, exception included.
        assert.match(a.stdout, /\.\/cache\/keep\.txt\n/);
        assert.doesNotMatch(a.stdout, /\.log|drop\.bin|other\.txt|node_modules/);
        assert.match(a.stdout, /\.\/lib\/that\.txt\n/);
      });

      it('sends the whole context for a COPY with a pattern', async () => {
        const dir = project(); dirs.push(dir);
        const r = await buildIn(dir, `FROM ${BASE}\nCOPY *.txt /app/\n`, tag('glob-' + builder), builder);
        assert.strictEqual(r.context?.narrowed, undefined);
        assert.strictEqual((await runIn(engine, r.imageId!, ['cat', '/app/other.txt'])).stdout, 'not copied\n');
      });

      it("sends the whole context when a base image's ONBUILD trigger copies from it", async () => {
        const dir = project(); dirs.push(dir);
        const base = tag('onbuild-base-' + builder);
        await buildIn(dir, `FROM ${BASE}\nONBUILD COPY other.txt /from-trigger.txt\n`, base, builder);
        const r = await buildIn(dir, `FROM ${base}\nCOPY package.json /app/\n`, tag('onbuild-child-' + builder), builder);
        assert.strictEqual(r.context?.narrowed, undefined);
        assert.strictEqual((await runIn(engine, r.imageId!, ['cat', '/from-trigger.txt'])).stdout, 'not copied\n');
      });
    });
  }

  it('sends the whole context for RUN --mount=type=bind (BuildKit), which reads files no COPY names', async () => {
    const dir = project(); dirs.push(dir);
    const r = await buildIn(dir, `FROM ${BASE}\nCOPY package.json /app/\nRUN --mount=type=bind,target=/ctx cat /ctx/other.txt > /got.txt\n`, tag('bind'), 'buildkit');
    assert.strictEqual(r.context?.narrowed, undefined);
    assert.strictEqual((await runIn(engine, r.imageId!, ['cat', '/got.txt'])).stdout, 'not copied\n');
  });
});
