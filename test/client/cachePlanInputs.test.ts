// What the prediction reads: the context hashes (.dockerignore, incremental updates, unreadable files),
// COPY source matching, the records folder (bounds, secrets, older formats) and bad inputs.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BuildRecordStore, defaultRecordsDir, Engine, isSecretArgName, planNextBuild, PlanError, RECORD_FORMAT } from '../../client/src/engine';
import { ContextHasher, takenFiles } from '../../client/src/engine/cachePlan';
import { BuildRecord } from '../../client/src/engine/types';

function tempContext(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-ctx-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('cache prediction inputs', () => {
  describe('ContextHasher', () => {
    it('hashes what .dockerignore lets through: content and mode, not mtime', async () => {
      const dir = tempContext({ 'a.txt': 'a', 'x.log': 'l', 'sub/x.log': 'l', 'node_modules/m/i.js': 'm', '.dockerignore': '*.log\nnode_modules\n' });
      const h = new ContextHasher(dir);
      const s1 = await h.snapshot();
      assert.deepStrictEqual([...s1.keys()].sort(), ['.dockerignore', 'a.txt', 'sub', 'sub/x.log'], 'root *.log and node_modules/ excluded, sub/x.log is not matched by *.log');
      const t = new Date(Date.now() + 60000);
      fs.utimesSync(path.join(dir, 'a.txt'), t, t);
      const s2 = await h.snapshot();
      assert.strictEqual(s2.get('a.txt'), s1.get('a.txt'), 'a touch keeps the signature');
      fs.chmodSync(path.join(dir, 'a.txt'), 0o755);
      assert.notStrictEqual((await h.snapshot()).get('a.txt'), s1.get('a.txt'), 'a mode change does not');
    });

    it('with named paths, walks only those and sees exactly what the whole walk sees there', async () => {
      const dir = tempContext({
        'src/a/one.js': '1', 'src/a/x.log': 'l', 'src/b/two.js': '2', 'other/three.js': '3', 'top.txt': 't',
        'ignored/in.js': 'i', '.dockerignore': 'src/a/*.log\nignored\n',
      });
      fs.symlinkSync(path.join(dir, 'src'), path.join(dir, 'via-link'));
      const whole = new ContextHasher(dir);
      const all = await whole.snapshot();
      const named = ['src/a', 'src/a/one.js', 'top.txt', 'ignored/in.js', 'via-link/a', 'missing'];
      const narrow = new ContextHasher(dir, named);
      const some = await narrow.snapshot();
      assert.deepStrictEqual([...some.keys()].sort(), ['src/a', 'src/a/one.js', 'top.txt']);
      for (const [p, sig] of some) assert.strictEqual(sig, all.get(p), p);
      assert.ok(narrow.stats.statted < whole.stats.statted, 'fewer entries statted than the whole walk');
      for (const src of named) assert.deepStrictEqual(takenFiles(some, [src]), takenFiles(all, [src]), src);
    });

    it('update() re-reads only the paths it is given', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 200; i++) files[`src/f${i}.ts`] = `export const v${i} = ${i};\n`;
      const dir = tempContext(files);
      const h = new ContextHasher(dir);
      await h.snapshot();
      assert.strictEqual(h.stats.hashed, 200);
      fs.writeFileSync(path.join(dir, 'src/f7.ts'), 'changed\n');
      const before = { ...h.stats };
      const s = await h.update(['src/f7.ts']);
      assert.strictEqual(h.stats.hashed - before.hashed, 1);
      assert.strictEqual(h.stats.statted - before.statted, 1);
      assert.strictEqual(s.size, 201);
      fs.rmSync(path.join(dir, 'src/f8.ts'));
      assert.strictEqual((await h.update(['src/f8.ts'])).has('src/f8.ts'), false);
      // A full walk re-reads nothing that did not change.
      const walked = h.stats.hashed;
      await h.snapshot();
      assert.strictEqual(h.stats.hashed, walked);
    });

    it('an edited .dockerignore re-applies the patterns', async () => {
      const dir = tempContext({ 'a.txt': 'a', 'b.txt': 'b', '.dockerignore': '' });
      const h = new ContextHasher(dir);
      assert.ok((await h.snapshot()).has('b.txt'));
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'b.txt\n');
      assert.strictEqual((await h.update(['.dockerignore'])).has('b.txt'), false);
    });

    it('a missing context folder is a clear error', async () => {
      await assert.rejects(new ContextHasher('/nonexistent/ctx').snapshot(), /build context folder \/nonexistent\/ctx does not exist/);
    });

    it('an unreadable file is reported and gets a signature that never matches', function () {
      if (process.getuid?.() !== 0) this.skip(); // needs root to run the check as another user
      const dir = tempContext({ 'ok.txt': 'ok', 'secret.txt': 'no' });
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(path.join(dir, 'secret.txt'), 0o000);
      const script = `const { ContextHasher } = require(${JSON.stringify(path.resolve(__dirname, '../../client/src/engine/cachePlan/contextHasher.js'))});
        const h = new ContextHasher(${JSON.stringify(dir)});
        h.snapshot().then(s => console.log(JSON.stringify({ sig: s.get('secret.txt'), problems: [...h.problems] })));`;
      const r = spawnSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.strictEqual(out.sig, '!unreadable');
      assert.deepStrictEqual(out.problems, [['secret.txt', 'permission denied']]);
    });
  });

  describe('takenFiles', () => {
    const snap = new Map(Object.entries({ 'package.json': 'f', src: 'd', 'src/a.ts': 'f', 'src/b.js': 'f', 'src/lib/c.ts': 'f', 'docs/x.md': 'f' }));
    const taken = (...src: string[]) => [...takenFiles(snap, src).files.keys()];
    it('literal files and folders (with everything below), patterns per path, the whole context', () => {
      assert.deepStrictEqual(taken('package.json'), ['package.json']);
      assert.deepStrictEqual(taken('./src/'), ['src', 'src/a.ts', 'src/b.js', 'src/lib/c.ts']);
      assert.deepStrictEqual(taken('src/*.ts'), ['src/a.ts']);
      assert.deepStrictEqual(taken('*.json', 'docs'), ['docs', 'docs/x.md', 'package.json'].filter(p => snap.has(p)).sort());
      assert.strictEqual(taken('.').length, snap.size);
      assert.deepStrictEqual(takenFiles(snap, ['nope.txt']).missing, ['nope.txt']);
    });
  });

  describe('BuildRecordStore', () => {
    const record = (i: number, extra: Partial<BuildRecord> = {}): BuildRecord => ({
      format: RECORD_FORMAT, dockerfilePath: '/p/Dockerfile', contextDir: '/p', builder: 'classic', imageId: `sha256:${i}`,
      time: `2026-12-0${i}T00:00:00Z`, layers: [], steps: [], ...extra,
    });

    it('keeps the last three builds per Dockerfile + context + target + builder, on disk', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-rec-'));
      const store = new BuildRecordStore(dir);
      for (let i = 1; i <= 5; i++) await store.add(record(i));
      await store.add(record(6, { target: 'test' }));
      const again = new BuildRecordStore(dir);
      await again.load();
      const { records } = await again.recordsFor({ dockerfilePath: '/p/Dockerfile', contextDir: '/p', builder: 'classic' });
      assert.deepStrictEqual(records.map(r => r.imageId), ['sha256:5', 'sha256:4', 'sha256:3']);
      assert.strictEqual((await again.recordsFor({ dockerfilePath: '/p/Dockerfile', contextDir: '/p', target: 'test', builder: 'classic' })).records.length, 1);
      assert.strictEqual(again.get('/p/Dockerfile')?.imageId, 'sha256:6');
    });

    it('caps the folder size by dropping the oldest files', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-rec-'));
      const store = new BuildRecordStore(dir, { maxBytes: 2000 });
      for (let i = 1; i <= 9; i++) await store.add(record(i, { dockerfilePath: `/p${i}/Dockerfile`, contextDir: `/p${i}`, buildArgs: { PAD: 'x'.repeat(300) } }));
      const total = fs.readdirSync(dir).reduce((t, f) => t + fs.statSync(path.join(dir, f)).size, 0);
      assert.ok(total <= 2000, `${total} bytes`);
      assert.ok((await store.recordsFor({ dockerfilePath: '/p9/Dockerfile', contextDir: '/p9', builder: 'classic' })).records.length === 1);
    });

    it('stores secret-looking build args as salted hashes only', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-rec-'));
      const store = new BuildRecordStore(dir);
      const args = await store.storableArgs({ API_TOKEN: 'hunter2-very-secret', NODE_VERSION: '20' }, isSecretArgName);
      assert.strictEqual(args.NODE_VERSION, '20');
      assert.match(args.API_TOKEN, /^salted-sha256:[0-9a-f]{32}$/);
      assert.deepStrictEqual(await new BuildRecordStore(dir).storableArgs({ API_TOKEN: 'hunter2-very-secret' }, isSecretArgName), { API_TOKEN: args.API_TOKEN }, 'the same salt across processes');
      await store.add(record(1, { buildArgs: args }));
      for (const f of fs.readdirSync(dir)) assert.ok(!fs.readFileSync(path.join(dir, f), 'utf8').includes('hunter2'), f);
    });

    it('a file of an older format reads as "older format", a corrupt one as nothing', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-rec-'));
      const key = { dockerfilePath: '/p/Dockerfile', contextDir: '/p', builder: 'classic' as const };
      const store = new BuildRecordStore(dir);
      await store.add(record(1));
      const file = fs.readdirSync(dir).find(f => f.endsWith('.json'))!;
      const data = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      fs.writeFileSync(path.join(dir, file), JSON.stringify({ ...data, format: 1, records: data.records.map((r: BuildRecord) => ({ ...r, format: undefined, steps: undefined })) }));
      assert.deepStrictEqual(await store.recordsFor(key), { records: [], olderFormat: true });
      fs.writeFileSync(path.join(dir, file), '{ not json');
      assert.deepStrictEqual(await store.recordsFor(key), { records: [], olderFormat: false });
    });

    it('LAYERWISE_RECORDS overrides the per-user folder', () => {
      assert.strictEqual(defaultRecordsDir({ LAYERWISE_RECORDS: '/tmp/x' }), '/tmp/x');
      if (process.platform === 'linux') assert.strictEqual(defaultRecordsDir({ XDG_CACHE_HOME: '/c' }), '/c/layerwise/build-records');
    });
  });

  describe('planNextBuild: bad input is a clear message, never a prediction', () => {
    const engine = new Engine({ host: 'unix:///nonexistent/docker.sock', recovery: false });
    after(() => engine.dispose());
    const store = new BuildRecordStore();
    const planFor = (dir: string, extra: object = {}) => planNextBuild(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, records: store, isSecretArg: isSecretArgName, ...extra });

    it('a missing context folder', async () => {
      const dir = tempContext({ Dockerfile: 'FROM local/base:1\n' });
      await assert.rejects(planFor(dir, { contextDir: path.join(dir, 'gone') }), (e: Error) => e instanceof PlanError && /build context folder .*gone does not exist/.test(e.message));
    });
    it('a missing Dockerfile', async () => {
      await assert.rejects(planFor(tempContext({})), (e: Error) => e instanceof PlanError && /Cannot read the Dockerfile/.test(e.message));
    });
    it('a Dockerfile that no longer parses', async () => {
      await assert.rejects(planFor(tempContext({ Dockerfile: 'FROM local/base:1\nCOPPY a b\n' })), (e: Error) => e instanceof PlanError && /does not parse \(line 2/.test(e.message));
      await assert.rejects(planFor(tempContext({ Dockerfile: '# nothing\n' })), (e: Error) => e instanceof PlanError && /no FROM/.test(e.message));
    });
    it('an unknown target', async () => {
      await assert.rejects(planFor(tempContext({ Dockerfile: 'FROM local/base:1 AS a\n' }), { target: 'b' }), (e: Error) => e instanceof PlanError && /no stage named "b"/.test(e.message));
    });
    it('an unreachable engine', async () => {
      await assert.rejects(planFor(tempContext({ Dockerfile: 'FROM local/base:1\n' })), /Docker engine not reachable at unix:\/\/\/nonexistent\/docker.sock/);
    });
  });
});
