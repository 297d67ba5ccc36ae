// The build context served over the BuildKit session (moby.filesync.v1) against the real engine:
// the same image as the tar upload, incremental transfer, the tar fallback, and the faults.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { build, BuildOptions, ContextStats, Engine } from '../../client/src/engine';
import { SessionProxy } from './servers/sessionProxy';
import { BASE, removeImages, runIn, tempDir, testEngine, uniqueTag } from './support';

// Everything under /app: names, modes, owners, sizes, link targets and each file's checksum.
const LIST = ['sh', '-c', 'cd /app && find . | sort && find . -type f | sort | xargs md5sum && ls -lnR . | awk \'{print $1, $3, $4, $5, $NF}\''];

function project(): string {
  const files: Record<string, string> = {
    '.dockerignore': '# comment\nsrc/**/*.log\nsrc/cache\n!src/cache/keep.txt\nnode_modules\n/secret*\n*.tmp\n',
    'package.json': '{"name":"x"}\n', 'README.md': 'readme\n', 'secret.env': 'ignored\n', 'a.tmp': 'ignored\n',
    'src/main.js': 'main\n', 'src/debug.log': 'ignored\n', 'src/deep/er/x.js': 'x\n', 'src/deep/trace.log': 'ignored\n',
    'src/cache/drop.bin': 'ignored\n', 'src/cache/keep.txt': 'kept by an exception\n', 'src/big.bin': 'b'.repeat(300_000),
    'src/a-b/y.txt': 'sorts after src/a/ in byte order\n', 'src/a/z.txt': 'z\n', 'src/ünï/çödé.txt': 'non-ASCII names\n',
    'node_modules/dep/index.js': 'ignored\n', 'lib/only/this.txt': 'this\n', 'lib/only/that.txt': 'that\n', 'empty/.keep': '',
  };
  for (let i = 0; i < 60; i++) files[`src/many/f${i}.txt`] = `${i}\n`.repeat(i);
  const dir = tempDir(files);
  fs.symlinkSync('main.js', path.join(dir, 'src/link-to-main'));
  fs.chmodSync(path.join(dir, 'src/main.js'), 0o755);
  fs.mkdirSync(path.join(dir, 'src/empty-dir'));
  return dir;
}

/** Open file descriptors of this process pointing into `dir`. */
function fdsInto(dir: string): string[] {
  const out: string[] = [];
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try { const target = fs.readlinkSync(`/proc/self/fd/${fd}`); if (target.startsWith(dir)) out.push(target); } catch { /* closed meanwhile */ }
  }
  return out;
}

/** Waits (bounded) for a condition that follows from an event we cannot await directly (a socket's close on the other side). */
/**
 * Waits for `check` (up to `ms`); the message is built when it fails, so it names what is left then.
 * Closing can lag a cancel under load (reads in flight finish first, through libuv's thread pool);
 * a leaked handle stays open for good, which the bound still catches.
 */
async function eventually(what: string | (() => string), check: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end && !check();) await new Promise(r => setTimeout(r, 10));
  assert.ok(check(), typeof what === 'string' ? what : what());
}

describe('engine: build context over the BuildKit session', function () {
  this.timeout(180000);
  let engine: Engine;
  let proxy: SessionProxy;
  let proxied: Engine;
  const tags: string[] = [];
  const dirs: string[] = [];
  before(async () => {
    engine = await testEngine();
    proxy = new SessionProxy(engine.endpoint.url.replace(/^unix:\/\//, ''));
    await proxy.start();
    proxied = new Engine({ host: proxy.host, recovery: false });
    assert.strictEqual(await proxied.check(), 'reachable', proxied.lastError);
  });
  after(async () => {
    await removeImages(engine, tags);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    proxied?.dispose();
    await proxy?.stop();
    engine.dispose();
  });
  const tag = (name: string) => { const t = uniqueTag(name); tags.push(t); return t; };
  const buildIn = async (dir: string, dockerfile: string, name: string, extra: Partial<BuildOptions> = {}, on: Engine = engine) => {
    // Rewritten only when it changes: a new mtime would make the builder fetch it again.
    const file = path.join(dir, 'Dockerfile');
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== dockerfile) fs.writeFileSync(file, dockerfile);
    let output = '';
    const stats: ContextStats[] = [];
    const result = await build(on, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: tag(name), builder: 'buildkit', onOutput: s => (output += s), onContext: s => stats.push(s), ...extra });
    return { result, output, stats };
  };

  for (const [name, dockerfile] of [
    ['COPY . .', `FROM ${BASE}\nWORKDIR /app\nCOPY . .\n`],
    ['literal paths', `FROM ${BASE}\nCOPY package.json src/ /app/\nCOPY lib/only/this.txt empty /app/lib/\n`],
  ]) {
    it(`${name}: the same files, modes, owners and links end up in the image as with the tar upload`, async () => {
      const dir = project(); dirs.push(dir);
      const viaTar = await buildIn(dir, dockerfile, 'tar', { contextTransfer: 'tar', noCache: true });
      assert.strictEqual(viaTar.result.ok, true, viaTar.result.error?.message);
      assert.match(viaTar.output, /^Build context: uploaded as a tar \(contextTransfer: tar\)$/m);
      const viaSession = await buildIn(dir, dockerfile, 'session', { noCache: true });
      assert.strictEqual(viaSession.result.ok, true, viaSession.result.error?.message);
      assert.match(viaSession.output, /^Build context: served over the BuildKit session/m);
      assert.strictEqual(viaSession.result.context?.via, 'session');
      const a = await runIn(engine, viaTar.result.imageId!, LIST);
      const b = await runIn(engine, viaSession.result.imageId!, LIST);
      assert.strictEqual(a.exitCode, 0);
      assert.strictEqual(b.stdout, a.stdout);
      assert.match(b.stdout, /cache\/keep\.txt\n/);
      assert.match(b.stdout, /çödé\.txt\n/);
      assert.doesNotMatch(b.stdout, /\.log\n|drop\.bin|secret\.env|a\.tmp|node_modules/);
    });
  }

  it('a rebuild after one file changed transfers only that file (measured bytes), and the image has the change', async () => {
    const files: Record<string, string> = { '.dockerignore': 'ignored/\n' };
    for (let i = 0; i < 300; i++) files[`src/m${i % 10}/f${i}.txt`] = `file ${i}\n`.repeat(50);
    files['ignored/x.bin'] = 'x'.repeat(10_000);
    const dir = tempDir(files); dirs.push(dir);
    const dockerfile = `FROM ${BASE}\nWORKDIR /app\nCOPY . .\n`;
    const first = await buildIn(dir, dockerfile, 'inc1');
    assert.strictEqual(first.result.ok, true, first.result.error?.message);
    // 300 sources, the Dockerfile and .dockerignore (twice: the builder reads it on its own first).
    assert.strictEqual(first.result.context?.files, 303);
    const total = Object.entries(files).filter(([p]) => !p.startsWith('ignored/')).reduce((n, [, c]) => n + c.length, 0) + dockerfile.length + files['.dockerignore'].length;
    assert.strictEqual(first.result.context?.bytes, total);

    const changed = 'changed content\n';
    fs.writeFileSync(path.join(dir, 'src/m7/f17.txt'), changed);
    const second = await buildIn(dir, dockerfile, 'inc2');
    assert.strictEqual(second.result.ok, true, second.result.error?.message);
    assert.strictEqual(second.result.context?.files, 1);
    assert.strictEqual(second.result.context?.bytes, changed.length);
    assert.strictEqual(second.result.context?.listed, first.result.context?.listed);
    assert.strictEqual((await runIn(engine, second.result.imageId!, ['cat', '/app/src/m7/f17.txt'])).stdout, changed);

    const third = await buildIn(dir, dockerfile, 'inc3');
    assert.strictEqual(third.result.ok, true, third.result.error?.message);
    assert.strictEqual(third.result.context?.files, 0, 'nothing changed, nothing sent');
  });

  it('streams a large file with bounded memory (the file is not buffered)', async () => {
    const dir = tempDir({}); dirs.push(dir);
    const size = 96 * 1024 * 1024;
    // A sparse file: no disk cost to create, and every byte still travels.
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BASE}\nCOPY big.bin /big.bin\n`);
    fs.closeSync(fs.openSync(path.join(dir, 'big.bin'), 'w'));
    fs.truncateSync(path.join(dir, 'big.bin'), size);
    const base = process.memoryUsage();
    let peak = 0;
    const sample = setInterval(() => { const m = process.memoryUsage(); peak = Math.max(peak, m.arrayBuffers - base.arrayBuffers); }, 5);
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: tag('big'), builder: 'buildkit', noCache: true })
      .finally(() => clearInterval(sample));
    assert.strictEqual(result.ok, true, result.error?.message);
    assert.strictEqual(result.context?.bytes, size);
    assert.ok(peak < 48 * 1024 * 1024, `buffers grew by ${Math.round(peak / 1048576)} MB while sending a ${size / 1048576} MB file`);
  });

  it("a <Dockerfile>.dockerignore replaces .dockerignore, as BuildKit (and docker build) read it", async () => {
    const dir = tempDir({ '.dockerignore': 'a.txt\n', 'app.Dockerfile.dockerignore': 'b.txt\n', 'a.txt': 'a\n', 'b.txt': 'b\n', 'app.Dockerfile': `FROM ${BASE}\nCOPY . /app/\n` }); dirs.push(dir);
    const result = await build(engine, { dockerfilePath: path.join(dir, 'app.Dockerfile'), contextDir: dir, tag: tag('own-ignore'), builder: 'buildkit' });
    assert.strictEqual(result.ok, true, result.error?.message);
    // b.txt excluded by the Dockerfile's own ignore file; a.txt kept (.dockerignore does not apply).
    assert.strictEqual((await runIn(engine, result.imageId!, ['ls', '/app'])).stdout.split('\n').filter(Boolean).sort().join(' '), 'a.txt app.Dockerfile app.Dockerfile.dockerignore');
  });

  it('serves a Dockerfile that lives outside the context under its own name', async () => {
    const ctx = tempDir({ 'app.txt': 'app\n' }); dirs.push(ctx);
    const other = tempDir({ 'build/app.Dockerfile': `FROM ${BASE}\nCOPY app.txt /app.txt\n` }); dirs.push(other);
    const result = await build(engine, { dockerfilePath: path.join(other, 'build/app.Dockerfile'), contextDir: ctx, tag: tag('outside'), builder: 'buildkit' });
    assert.strictEqual(result.ok, true, result.error?.message);
    assert.strictEqual((await runIn(engine, result.imageId!, ['cat', '/app.txt'])).stdout, 'app\n');
  });

  it('falls back to the tar upload when the engine refuses sessions, and says so', async () => {
    const dir = tempDir({ 'app.txt': 'app\n' }); dirs.push(dir);
    proxy.refuseSessions = true;
    try {
      const r = await buildIn(dir, `FROM ${BASE}\nCOPY app.txt /app.txt\n`, 'refused', {}, proxied);
      assert.strictEqual(r.result.ok, true, r.result.error?.message);
      assert.strictEqual(r.result.context?.via, 'tar');
      assert.match(r.output, /^Build context: uploaded as a tar \(the engine at .* refused a build session; no build secrets, SSH mounts or registry credentials from this machine\)$/m);
      assert.strictEqual((r.output.match(/^Build context:/gm) ?? []).length, 1, 'one line about the transfer');
    } finally { proxy.refuseSessions = false; }
  });

  /** 400 files of 128 KiB: long enough a transfer to interrupt after the first files. */
  const bigContext = () => {
    const dir = tempDir({});
    for (let i = 0; i < 400; i++) {
      fs.mkdirSync(path.join(dir, `d${i % 20}`), { recursive: true });
      fs.writeFileSync(path.join(dir, `d${i % 20}`, `f${i}.bin`), Buffer.alloc(128 * 1024, i));
    }
    dirs.push(dir);
    return dir;
  };

  it('cancel during the transfer: cancelled, no session left, no file left open, and the next build works', async () => {
    const dir = bigContext();
    const abort = new AbortController();
    const r = await buildIn(dir, `FROM ${BASE}\nCOPY . /ctx/\n`, 'cancel', {
      signal: abort.signal, noCache: true,
      onContext: s => { if (s.files > 0 && s.files < 400) abort.abort(); },
    }, proxied);
    assert.strictEqual(r.result.cancelled, true, JSON.stringify(r.result.error));
    await eventually('the session connection was closed', () => proxy.openSessions === 0);
    await eventually(() => `files left open: ${fdsInto(dir).join(', ')}`, () => fdsInto(dir).length === 0, 30000);
    const again = await buildIn(dir, `FROM ${BASE}\nCOPY . /ctx/\n`, 'after-cancel', {}, proxied);
    assert.strictEqual(again.result.ok, true, again.result.error?.message);
    assert.strictEqual((await runIn(engine, again.result.imageId!, ['sh', '-c', 'ls /ctx/*/ | grep -c bin'])).stdout.trim(), '400');
  });

  it('session dropped mid-transfer: a clear message, nothing left open, and the next build works', async () => {
    const dir = bigContext();
    let dropped = false;
    const r = await buildIn(dir, `FROM ${BASE}\nCOPY . /ctx/\n`, 'dropped', {
      noCache: true,
      onContext: s => { if (!dropped && s.files > 0 && s.files < 400) { dropped = true; proxy.dropSessions(); } },
    }, proxied);
    assert.ok(dropped, 'the transfer was interrupted');
    assert.strictEqual(r.result.ok, false, r.output);
    assert.match(r.result.error?.message ?? '', /^The build session with the Docker engine ended while the builder was reading the build context.*Nothing was built; build again\.$/s);
    assert.doesNotMatch(r.result.error?.message ?? '', /\n\s+at /, 'no stack trace');
    await eventually('the session connection was closed', () => proxy.openSessions === 0);
    await eventually(() => `files left open: ${fdsInto(dir).join(', ')}`, () => fdsInto(dir).length === 0, 30000);
    const again = await buildIn(dir, `FROM ${BASE}\nCOPY . /ctx/\n`, 'after-drop', {}, proxied);
    assert.strictEqual(again.result.ok, true, again.result.error?.message);
  });
});
