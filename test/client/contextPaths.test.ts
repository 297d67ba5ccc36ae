// Narrowing the build context to the paths the Dockerfile copies: when it is safe, and what the tar then holds.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tar from 'tar-stream';
import { parseDockerfile } from '../../server/src/analysis/model';
import { contextScope } from '../../client/src/engine/contextPaths';
import { createBuildContext, formatContextStats } from '../../client/src/engine/context';

const scopeOf = (...lines: string[]) => contextScope(parseDockerfile(lines.join('\n') + '\n'));
const pathsOf = (...lines: string[]) => {
  const s = scopeOf(...lines);
  assert.ok(s.narrow, s.narrow ? '' : s.reason);
  return s.narrow ? s.paths : [];
};
const reasonOf = (...lines: string[]) => {
  const s = scopeOf(...lines);
  assert.ok(!s.narrow, `expected the whole context, got ${JSON.stringify(s)}`);
  return s.narrow ? '' : s.reason;
};

describe('build context: which paths the Dockerfile reads', () => {
  it('lists literal COPY/ADD sources, normalised, across stages', () => {
    assert.deepStrictEqual(pathsOf(
      'FROM local/busybox:1 AS deps', 'COPY package.json ./src/lib/ /app/', 'ADD /vendor/x.tar.gz ../conf//a.conf /opt/',
      'FROM deps', 'copy --chown=1:1 --chmod=644 --link notes.txt /n', 'COPY --from=deps /app /app',
    ), ['conf/a.conf', 'notes.txt', 'package.json', 'src/lib', 'vendor/x.tar.gz']);
  });

  it('skips ADD URLs, --from copies and heredoc bodies, but keeps files next to a heredoc', () => {
    assert.deepStrictEqual(pathsOf(
      'FROM local/busybox:1', 'ADD https://example.com/a.tgz git@github.com:o/r.git /x/', 'COPY --from=local/busybox:1 /bin/sh /sh',
      'COPY <<EOF extra.txt /dest/', 'not-a-file', 'EOF',
      'RUN --mount=type=cache,target=/root/.cache --mount=type=bind,from=local/busybox:1,target=/b --mount=type=secret,id=s true',
    ), ['extra.txt']);
  });

  it('lists base images to check for ONBUILD triggers, not scratch or earlier stages', () => {
    const s = scopeOf('FROM local/busybox:1 AS a', 'FROM a', 'FROM scratch', 'COPY x /x');
    assert.ok(s.narrow);
    assert.deepStrictEqual(s.narrow && s.baseImages, ['local/busybox:1']);
  });

  const whole: Array<[string, string[], RegExp]> = [
    ['a glob', ['FROM b', 'COPY src/*.js /app/'], /pattern/],
    ['a character class', ['FROM b', 'COPY file[12] /app/'], /pattern/],
    ['a variable', ['FROM b', 'ARG DIR=src', 'COPY $DIR /app/'], /variable/],
    ['the context root', ['FROM b', 'COPY ./ /app/'], /whole context/],
    ['a parent path that is the root', ['FROM b', 'COPY src/.. /app/'], /whole context/],
    ['a bind mount', ['FROM b', 'RUN --mount=type=bind,target=/src make'], /bind/],
    ['a mount with the default type (bind)', ['FROM b', 'RUN --mount=target=/src,source=. make'], /bind/],
    ['a bind mount after a cache mount', ['FROM b', 'RUN --mount=type=cache,target=/c --mount=type=bind,target=/s make'], /bind/],
    ['ONBUILD', ['FROM b', 'ONBUILD COPY x /x'], /ONBUILD/],
    ['a variable base image', ['ARG BASE=b', 'FROM $BASE', 'COPY x /x'], /base image/],
    ['exec form', ['FROM b', 'COPY ["a b", "/x/"]'], /form/],
    ['an unknown flag', ['FROM b', 'COPY --newflag=1 x /x'], /--newflag/],
    ['COPY of a URL', ['FROM b', 'COPY https://example.com/x /x'], /URL/],
    ['a continued heredoc line', ['FROM b', 'COPY <<EOF \\', '  more /x/', 'hi', 'EOF'], /form/],
  ];
  for (const [what, lines, reason] of whole) {
    it(`sends the whole context for ${what}`, () => assert.match(reasonOf(...lines), reason));
  }
});

async function tarOf(contextDir: string, only?: string[]): Promise<{ names: string[]; files: Map<string, string>; narrowed?: boolean; text: string }> {
  const ctx = await createBuildContext({ contextDir, dockerfilePath: path.join(contextDir, 'Dockerfile'), ...(only ? { only } : {}) });
  const names: string[] = [];
  const files = new Map<string, string>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    names.push(header.name);
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => { if (header.type === 'file') files.set(header.name, Buffer.concat(chunks).toString()); next(); });
  });
  const finished = new Promise<void>((resolve, reject) => { extract.on('finish', resolve); extract.on('error', reject); });
  ctx.stream.pipe(extract);
  const stats = await ctx.done;
  await finished;
  return { names, files, narrowed: stats.narrowed, text: formatContextStats(stats) };
}

describe('build context: the narrowed tar', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-ctx-'));
    const files: Record<string, string> = {
      Dockerfile: 'FROM b\nCOPY src/app /app\nCOPY top.txt /\n',
      '.dockerignore': 'src/app/*.log\nsrc/app/cache\n',
      'top.txt': 'top', 'other.txt': 'other', 'src/app/main.js': 'main', 'src/app/debug.log': 'no',
      'src/app/cache/c.bin': 'no', 'src/app/deep/d.txt': 'deep', 'src/app/big.bin': 'x'.repeat(200_000),
      'src/lib/l.js': 'lib', 'src/appendix.txt': 'not a prefix match',
    };
    for (let i = 0; i < 70; i++) files[`src/app/many/f${String(i).padStart(2, '0')}.txt`] = `file ${i}\n`.repeat(i);
    for (const [rel, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    }
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds only the copied paths, their folders, the Dockerfile and .dockerignore, filtered by .dockerignore', async () => {
    const t = await tarOf(dir, ['src/app', 'top.txt']);
    assert.strictEqual(t.narrowed, true);
    const files = t.names.filter(n => t.files.has(n));
    assert.deepStrictEqual(files.filter(n => !n.includes('/many/')), ['.dockerignore', 'Dockerfile', 'src/app/big.bin', 'src/app/deep/d.txt', 'src/app/main.js', 'top.txt']);
    assert.strictEqual(files.filter(n => n.includes('/many/')).length, 70);
    assert.ok(t.names.includes('src') && t.names.includes('src/app') && !t.names.includes('src/lib'), t.names.join(' '));
    assert.match(t.text, /^Sending build context: 0\.\d MB, 76 files \(only the paths the Dockerfile copies\)$/);
  });

  it('packs the same entries, in the same order and with the same bytes, as the whole context does', async () => {
    const narrow = await tarOf(dir, ['src/app', 'top.txt']);
    const full = await tarOf(dir);
    assert.strictEqual(full.narrowed, undefined);
    assert.doesNotMatch(full.text, /only the paths/);
    const kept = (n: string) => ['.dockerignore', 'Dockerfile', 'top.txt', 'src'].includes(n) || n === 'src/app' || n.startsWith('src/app/');
    assert.deepStrictEqual(narrow.names, full.names.filter(kept));
    for (const n of narrow.files.keys()) assert.strictEqual(narrow.files.get(n), full.files.get(n), n);
    assert.strictEqual(full.files.get('src/app/big.bin')?.length, 200_000);
    assert.strictEqual(full.files.get('src/app/many/f69.txt'), 'file 69\n'.repeat(69));
    assert.ok(full.files.has('other.txt') && !full.files.has('src/app/debug.log'));
  });

  it('sends the whole context when a copied path goes through a symbolic link', async () => {
    fs.symlinkSync('src/app', path.join(dir, 'linked'));
    const t = await tarOf(dir, ['linked/main.js']);
    assert.strictEqual(t.narrowed, undefined);
    assert.ok(t.files.has('other.txt') && t.names.includes('linked'));
  });

  it('narrows to nothing but the Dockerfile when a copied path does not exist (the build then reports it)', async () => {
    const t = await tarOf(dir, ['missing/file']);
    assert.deepStrictEqual([...t.files.keys()], ['.dockerignore', 'Dockerfile']);
  });
});
