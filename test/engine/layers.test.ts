// Layer contents against a real engine, both builders: crafted images with hand-computed answers, sizes
// equal to the engine's own, the Dockerfile lines, the cache, cancel, and images removed while read.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build, BuilderKind, BuildRecord, Engine, ImageContents, inspectImage, InspectError, measuredRemoval } from '../../client/src/engine';
import { imageArchive, layerTar } from '../support/imageArchive';
import { BASE, PrivateDaemon, removeImages, tempDir, testEngine, uniqueTag } from './support';

const BUILDERS: BuilderKind[] = ['classic', 'buildkit'];

// Line 2: 1000 + 2000 + 300 + 400 + 50 bytes and a hard link /h2 → /h. Line 4: /a removed, /b overwritten
// (2500), /h chmod-only (a full 50-byte copy; /h2 keeps the old one), /d replaced by a new directory holding "hi\n".
const DOCKERFILE = `FROM ${BASE}
RUN head -c 1000 /dev/zero > /a && head -c 2000 /dev/zero > /b && mkdir -p /d/e && head -c 300 /dev/zero > /d/e/f && head -c 400 /dev/zero > /d/g && head -c 50 /dev/zero > /h && ln /h /h2
ENV STEP=two
RUN rm /a && head -c 2500 /dev/zero > /b && chmod 600 /h && rm -rf /d && mkdir /d && echo hi > /d/new
`;

export async function loadArchive(engine: Engine, archive: Buffer): Promise<void> {
  const docker = await engine.docker();
  const res = await docker.loadImage(archive as never) as NodeJS.ReadableStream;
  let text = '';
  await new Promise((resolve, reject) => { res.on('data', c => (text += c)); res.on('end', resolve); res.on('error', reject); });
  if (/"error"/.test(text)) throw new Error(text);
}

describe('engine: layer contents (dive\'s measures)', function () {
  this.timeout(180000);
  let engine: Engine;
  const tags: string[] = [];
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-layers-cache-'));
  const cached = () => fs.readdirSync(cacheDir);
  before(async () => { engine = await testEngine(); });
  after(async () => { await removeImages(engine, tags); engine.dispose(); fs.rmSync(cacheDir, { recursive: true, force: true }); });
  // One test's leftover must not fail the next one's "nothing cached".
  afterEach(() => { for (const f of cached()) fs.rmSync(path.join(cacheDir, f), { force: true }); });
  const tag = (name: string) => { const t = uniqueTag(name); tags.push(t); return t; };

  async function buildCrafted(builder: BuilderKind): Promise<{ tag: string; record: BuildRecord }> {
    const dir = tempDir({ Dockerfile: DOCKERFILE });
    const t = tag('layers-' + builder);
    const r = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: t, builder });
    assert.ok(r.ok, r.error?.message);
    return { tag: t, record: r.record! };
  }

  for (const builder of BUILDERS) {
    it(`${builder}: added, removed, overwritten, chmod-only, opaque directory and hard link, with the engine's sizes and lines`, async () => {
      const { tag: t, record } = await buildCrafted(builder);
      const c = await inspectImage(engine, t, { record, cacheDir: false });
      const history = await (await engine.docker()).getImage(t).history() as Array<{ Size: number }>;
      assert.strictEqual(c.layers.length, 3);
      for (const l of c.layers) assert.strictEqual(l.sizeBytes, history[history.length - 1 - l.step!].Size, `layer ${l.index} size = docker history`);
      const [base, first, second] = c.layers;
      assert.deepStrictEqual([first.line, second.line], [1, 3]);
      assert.strictEqual(first.sizeBytes, 3750, 'the hard link adds no bytes');
      assert.deepStrictEqual(first.added, { count: 6, bytes: 3750 });
      assert.deepStrictEqual(second.removed, { count: 3, bytes: 1700 });
      assert.deepStrictEqual(second.changes.find(ch => ch.path === '/h'), { path: '/h', change: 'modified', size: 50, metadataOnly: true });
      assert.deepStrictEqual(second.changes.find(ch => ch.path === '/d'), { path: '/d', change: 'removed', size: 700, files: 2 });
      // dive: /b 2000+2500, /a 1000, /d/g 400, /d/e/f 300; /h 0+50: chmod copied /h, but the first 50 bytes
      // are still /h2's (a hard link keeps the old inode), so they are not wasted.
      assert.strictEqual(c.wastedBytes, 6250);
      assert.deepStrictEqual(c.inefficiencies.map(i => [i.path, i.count, i.wastedBytes]),
        [['/b', 2, 4500], ['/a', 2, 1000], ['/d/g', 2, 400], ['/d/e/f', 2, 300], ['/h', 2, 50]]);
      assert.deepStrictEqual([first.wastedBytes, second.wastedBytes, base.wastedBytes], [3700, 2550, 0]);
      // Σ smallest versions ÷ Σ all versions: the base, /b 2000, /h2 50, /d/new 3 over the base and 6303.
      assert.strictEqual(c.efficiency, (base.sizeBytes + 2053) / (base.sizeBytes + 6303));
      assert.strictEqual(c.userWastedPercent, 6250 / 6303);
      // What a cleanup-in-later-layer finding on line 4 says once the image is measured.
      assert.strictEqual(measuredRemoval(c, 3), `Measured in ${t}: line 4 removes or overwrites 3.7 kB that line 2 added; the image still carries them.`);
      assert.deepStrictEqual(second.hides, [{ layer: 1, removedBytes: 1700, overwrittenBytes: 2000, files: 4 }]);
    });
  }

  it('caches a finished analysis by image ID and answers from it without reading the image again', async () => {
    const { tag: t } = await buildCrafted('classic');
    let reads = 0;
    const first = await inspectImage(engine, t, { cacheDir, onProgress: () => { reads++; } });
    assert.ok(reads > 0);
    assert.deepStrictEqual(cached(), [`${first.imageId.slice(7)}.json`]);
    reads = 0;
    const again = await inspectImage(engine, t, { cacheDir, onProgress: () => { reads++; } });
    assert.strictEqual(reads, 0, 'served from the cache');
    assert.deepStrictEqual(again, first);
    fs.rmSync(path.join(cacheDir, cached()[0]));
  });

  it('cancel stops the read and caches nothing', async () => {
    const { tag: t } = await buildCrafted('classic');
    const controller = new AbortController();
    await assert.rejects(inspectImage(engine, t, { cacheDir, signal: controller.signal, onProgress: () => controller.abort() }),
      (e: InspectError) => e.kind === 'cancelled' && /cancelled; nothing was cached/.test(e.message));
    assert.deepStrictEqual(cached(), []);
  });

  it('a cancel that comes after the engine has sent the whole export still caches nothing', async () => {
    const { tag: t } = await buildCrafted('classic');
    const controller = new AbortController();
    let last = false;
    // The read waits for the last layer's report while the engine sends the rest (a few small JSON
    // files): the cancel comes when the export may be all in hand. (The race itself is pinned down
    // without timing in test/client/layersAnalysis.test.ts.)
    await assert.rejects(inspectImage(engine, t, { cacheDir, signal: controller.signal, onProgress: p => {
      if (p.layerCount > 0 && p.layersRead === p.layerCount) {
        last = true;
        return new Promise<void>(resolve => setTimeout(resolve, 300)).then(() => controller.abort());
      }
    } }), (e: InspectError) => e.kind === 'cancelled' && /cancelled; nothing was cached/.test(e.message));
    assert.ok(last, 'the last layer was reported');
    assert.deepStrictEqual(cached(), []);
  });

  it('an image removed while its layers are read: a clear message, nothing cached', async () => {
    const { tag: t } = await buildCrafted('buildkit');
    const docker = await engine.docker();
    const id = (await docker.getImage(t).inspect()).Id;
    // The read waits for onProgress, so the image is gone before the export has been read to its end.
    await assert.rejects(inspectImage(engine, t, { cacheDir, onProgress: () => docker.getImage(id).remove({ force: true }).then(() => undefined) }),
      (e: InspectError) => e.kind === 'removed' && e.message === `Image ${t} was removed while Layerwise was reading its layers; nothing was cached.`);
    assert.deepStrictEqual(cached(), []);
  });

  it('an image of a foreign platform (linux/arm64, loaded from a crafted archive) is analysed and says its platform', async () => {
    const t = tag('arm64');
    const layers = [await layerTar([{ path: '/bin/tool', size: 4096 }]), await layerTar([{ path: '/bin/.wh.tool' }, { path: '/etc/conf', content: 'x=1\n' }])];
    const { archive, imageId } = await imageArchive(layers, { architecture: 'arm64', repoTag: t, layout: 'oci' });
    await loadArchive(engine, archive);
    const c: ImageContents = await inspectImage(engine, t, { cacheDir: false });
    assert.strictEqual(c.imageId, imageId);
    assert.strictEqual(c.platform, 'linux/arm64');
    assert.strictEqual(c.wastedBytes, 4096);
    assert.deepStrictEqual(c.layers.map(l => l.sizeBytes), [4096, 4]);
  });

  it('an engine that dies while the export streams (a truncated layer): a clear message, nothing cached', async () => {
    const daemon = new PrivateDaemon();
    await daemon.start();
    const own = new Engine({ host: daemon.host, recovery: false });
    try {
      const layers = [await layerTar([{ path: '/big', size: 16_000_000 }]), await layerTar([{ path: '/small', size: 10 }])];
      const { archive } = await imageArchive(layers, { repoTag: 'layerwise-test/truncated:1' });
      await loadArchive(own, archive);
      const pid = Number(fs.readFileSync(path.join(daemon.root, 'd.pid'), 'utf8'));
      let killed = false;
      // Killed (not stopped: a graceful stop would finish the export) 4 MB into the 16 MB layer.
      await assert.rejects(inspectImage(own, 'layerwise-test/truncated:1', { cacheDir, onProgress: p => {
        if (!killed && p.bytesRead >= 4 * 1024 * 1024) { killed = true; process.kill(pid, 'SIGKILL'); }
      } }), (e: Error) => e instanceof InspectError && /layerwise-test\/truncated:1/.test(e.message) && /Nothing was cached\.$/.test(e.message) && !/\n\s+at /.test(e.message));
      assert.ok(killed);
      assert.deepStrictEqual(cached(), []);
    } finally {
      own.dispose();
      // A killed dockerd leaves its mounts behind; without unmounting them its folder cannot be removed.
      const mounts = fs.readFileSync('/proc/mounts', 'utf8').split('\n').map(l => l.split(' ')[1]).filter(m => m?.startsWith(daemon.root)).sort().reverse();
      for (const m of mounts) try { execFileSync('umount', ['-l', m]); } catch { /* already gone */ }
      await daemon.destroy();
    }
  });

  it('an image that does not exist, and an engine that is not there, are messages, not stack traces', async () => {
    await assert.rejects(inspectImage(engine, 'layerwise-test/no-such-image:1', { cacheDir }), (e: InspectError) => e.kind === 'not-found' && /No image "layerwise-test\/no-such-image:1"/.test(e.message));
    const away = new Engine({ host: 'unix:///tmp/layerwise-no-engine.sock', recovery: false });
    await assert.rejects(inspectImage(away, BASE, { cacheDir }), /not reachable at unix:\/\/\/tmp\/layerwise-no-engine\.sock/);
    away.dispose();
    assert.deepStrictEqual(cached(), []);
  });
});
