// Layer contents and dive's measures on crafted archives (no engine): each case has a hand-computed answer.
import * as assert from 'assert';
import { PassThrough, Readable } from 'stream';
import { analyzeLayers, contentsOf, readImageExport, scanLayerTar } from '../../client/src/engine/layers';
import { imageArchive, layerTar } from '../support/imageArchive';

const scan = async (files: Parameters<typeof layerTar>[0]) => scanLayerTar(Readable.from([await layerTar(files)]));
const analyze = async (...layers: Array<Parameters<typeof layerTar>[0]>) =>
  analyzeLayers(await Promise.all(layers.map(async (files, i) => ({ scan: await scan(files), id: `l${i}`, createdBy: `layer ${i}` }))));

describe('layer contents: dive\'s wasted bytes and efficiency', () => {
  it('a file added, then removed: all its bytes are wasted and counted once for the path', async () => {
    const r = await analyze([{ path: '/keep', size: 100 }], [{ path: '/big', size: 1000 }], [{ path: '/.wh.big' }]);
    assert.strictEqual(r.wastedBytes, 1000);
    assert.deepStrictEqual(r.inefficiencies.map(i => [i.path, i.count, i.wastedBytes]), [['/big', 2, 1000]]);
    assert.deepStrictEqual(r.inefficiencies[0].events, [{ layer: 1, change: 'added', size: 1000 }, { layer: 2, change: 'removed', size: 0 }]);
    // Σ smallest versions (100 + 0) ÷ Σ all versions (100 + 1000).
    assert.strictEqual(r.efficiency, 100 / 1100);
    assert.deepStrictEqual(r.layers.map(l => l.wastedBytes), [0, 1000, 0]);
    assert.deepStrictEqual(r.layers[2].removed, { count: 1, bytes: 1000 });
    assert.strictEqual(r.userWastedPercent, 1000 / 1000);
  });

  it('a file overwritten: dive counts every version (200 + 300), efficiency 200/500', async () => {
    const r = await analyze([{ path: '/f', size: 200 }], [{ path: '/f', size: 300 }]);
    assert.strictEqual(r.wastedBytes, 500);
    assert.strictEqual(r.efficiency, 200 / 500);
    assert.deepStrictEqual(r.layers[1].modified, { count: 1, bytes: 300 });
    assert.deepStrictEqual(r.layers.map(l => l.sizeBytes), [200, 300]);
  });

  it('an opaque directory hides everything below it, whatever the marker\'s place in the tar', async () => {
    const r = await analyze(
      [{ path: '/d', type: 'dir' }, { path: '/d/a', size: 10 }, { path: '/d/sub/b', size: 20 }, { path: '/d/keep', size: 5 }],
      [{ path: '/d', type: 'dir' }, { path: '/d/keep', size: 5 }, { path: '/d/.wh..wh..opq' }, { path: '/d/new', size: 1 }],
    );
    const l = r.layers[1];
    assert.deepStrictEqual(l.removed, { count: 2, bytes: 30 });
    assert.deepStrictEqual(l.modified, { count: 1, bytes: 5 });
    assert.deepStrictEqual(l.added, { count: 1, bytes: 1 });
    assert.deepStrictEqual(l.changes.find(c => c.change === 'removed'), { path: '/d', change: 'removed', size: 30, files: 2 });
    assert.strictEqual(l.changes.find(c => c.path === '/d/keep')?.metadataOnly, true);
    // /d/a 10, /d/sub/b 20, /d/keep 5+5: wasted 40; smallest 0+0+5+1(new) over 10+20+10+1.
    assert.strictEqual(r.wastedBytes, 40);
    assert.strictEqual(r.efficiency, 6 / 41);
  });

  it('a removed directory counts each file it held (dive would count none)', async () => {
    const r = await analyze([{ path: '/cache/x', size: 7 }, { path: '/cache/y/z', size: 3 }], [{ path: '/.wh.cache' }]);
    assert.strictEqual(r.wastedBytes, 10);
    assert.deepStrictEqual(r.layers[1].changes, [{ path: '/cache', change: 'removed', size: 10, files: 2 }]);
  });

  it('chmod-only: the layer carries a full copy; it is a metadata-only modification', async () => {
    const r = await analyze([{ path: '/bin/tool', content: 'abc', mode: 0o644 }], [{ path: '/bin/tool', content: 'abc', mode: 0o755 }]);
    assert.deepStrictEqual(r.layers[1].changes, [{ path: '/bin/tool', change: 'modified', size: 3, metadataOnly: true }]);
    assert.strictEqual(r.wastedBytes, 6);
    const changed = await analyze([{ path: '/bin/tool', content: 'abc' }], [{ path: '/bin/tool', content: 'abd' }]);
    assert.strictEqual(changed.layers[1].changes[0].metadataOnly, undefined);
  });

  it('hard links add no bytes; symlinks count their target\'s length, like the engine', async () => {
    const r = await analyze([{ path: '/h', size: 50 }, { path: '/h2', type: 'link', target: '/h' }, { path: '/s', type: 'symlink', target: 'h' }]);
    assert.strictEqual(r.layers[0].sizeBytes, 51);
    assert.deepStrictEqual(r.layers[0].added, { count: 3, bytes: 51 });
  });

  it('a file removed while a hard link to it stays: nothing is wasted until the link goes too (dive would count it)', async () => {
    const added = [{ path: '/h', size: 50 }, { path: '/h2', type: 'link' as const, target: '/h' }];
    const kept = await analyze(added, [{ path: '/.wh.h' }]);
    assert.strictEqual(kept.wastedBytes, 0);
    assert.deepStrictEqual(kept.layers[1].removed, { count: 1, bytes: 0 });
    assert.deepStrictEqual(kept.layers[1].hides, []);
    assert.strictEqual(kept.efficiency, 50 / 50);
    const gone = await analyze(added, [{ path: '/.wh.h' }], [{ path: '/.wh.h2' }]);
    assert.strictEqual(gone.wastedBytes, 50);
    assert.deepStrictEqual(gone.inefficiencies.find(i => i.wastedBytes > 0)?.path, '/h2');
    assert.deepStrictEqual(gone.layers[2].removed, { count: 1, bytes: 50 });
    const linkOnly = await analyze(added, [{ path: '/.wh.h2' }]);
    assert.strictEqual(linkOnly.wastedBytes, 0, 'removing the link frees nothing and wastes nothing');
  });

  it('keeps the largest changes of a layer and counts the rest', async () => {
    const files = Array.from({ length: 250 }, (_, i) => ({ path: `/f/${i}`, size: i }));
    const r = await analyze(files);
    assert.strictEqual(r.layers[0].changes.length, 100);
    assert.strictEqual(r.layers[0].changes[0].path, '/f/249');
    assert.deepStrictEqual(r.layers[0].changesOmitted, { count: 150, bytes: (149 * 150) / 2 });
  });
});

describe('image exports: classic and OCI layouts, and broken ones', () => {
  const layers = async () => [await layerTar([{ path: '/a', size: 300 }]), await layerTar([{ path: '/.wh.a' }, { path: '/b', size: 20 }])];

  for (const layout of ['docker', 'oci'] as const) {
    it(`reads the ${layout} layout in manifest order`, async () => {
      const { archive, imageId } = await imageArchive(await layers(), { layout, createdBy: ['/bin/sh -c echo one', '/bin/sh -c echo two'] });
      const read = await readImageExport(Readable.from([archive]), { imageId });
      assert.strictEqual(read.layout, layout);
      const c = contentsOf('x', imageId, read.config, read.layers);
      assert.deepStrictEqual(c.layers.map(l => [l.createdBy, l.sizeBytes]), [['RUN echo one', 300], ['RUN echo two', 20]]);
      assert.strictEqual(c.wastedBytes, 300);
      assert.strictEqual(c.platform, 'linux/amd64');
    });
  }

  it('reads a pure OCI layout (index.json only) with gzip-compressed layer blobs', async () => {
    const { archive } = await imageArchive(await layers(), { layout: 'oci', gzip: true, dockerManifest: false });
    const read = await readImageExport(Readable.from([archive]));
    assert.deepStrictEqual(read.layers.map(l => l.entries.length), [1, 2]);
  });

  it('an OCI blob that is no layer (a signature, say) is skipped; a listed layer that is no tar is an error', async () => {
    const junk = Buffer.alloc(4000, 0x5a);
    const { archive } = await imageArchive(await layers(), { layout: 'oci', extraBlobs: [junk] });
    const read = await readImageExport(Readable.from([archive]));
    assert.deepStrictEqual(read.layers.map(l => l.entries.length), [1, 2]);
    const broken = await imageArchive([junk], { layout: 'oci' });
    await assert.rejects(readImageExport(Readable.from([broken.archive])), /layer blobs\/sha256\/[0-9a-f]{12} cannot be read: the layer is not a valid tar/);
  });

  it('a truncated export is an error that says so', async () => {
    const { archive } = await imageArchive([await layerTar([{ path: '/big', size: 100_000 }])]);
    await assert.rejects(readImageExport(Readable.from([archive.subarray(0, 60_000)])), /ended early|truncated/);
  });

  it('a connection that closes mid-export (no error, no end) is a truncation, not a hang', async () => {
    const { archive } = await imageArchive([await layerTar([{ path: '/big', size: 3_000_000 }])]);
    const source = new PassThrough();
    const reading = readImageExport(source);
    source.write(archive.subarray(0, 1_000_000), () => source.destroy());
    await assert.rejects(reading, /ends early|ended early/);
  });

  it('a cancel stops the read even after the engine has sent (and ended) the whole export', async () => {
    const { archive } = await imageArchive(await layers());
    const source = Readable.from([archive]);
    const ended = new Promise<void>(resolve => source.once('end', resolve));
    const controller = new AbortController();
    let aborted = false;
    const reading = readImageExport(source, { signal: controller.signal, onLayer: async () => {
      if (aborted) return;
      await ended; // the small archive is all in the parser's buffer: the source is done
      aborted = true;
      controller.abort();
    } });
    await assert.rejects(reading, (e: Error) => e.name === 'AbortError');
    assert.ok(aborted);
    // Aborted before the read starts: nothing is read.
    const early = new AbortController();
    early.abort();
    await assert.rejects(readImageExport(Readable.from([archive]), { signal: early.signal }), (e: Error) => e.name === 'AbortError');
  });

  it('a corrupt layer names the layer and the problem', async () => {
    const layer = await layerTar([{ path: '/a', size: 10 }]);
    layer.fill(0x41, 0, 200); // clobber the first header
    const { archive } = await imageArchive([layer]);
    await assert.rejects(readImageExport(Readable.from([archive])), /layer [0-9a-f]{12}\/layer\.tar cannot be read/);
  });

  it('an archive without a manifest is incomplete', async () => {
    await assert.rejects(readImageExport(Readable.from([await layerTar([{ path: 'x/layer.tar', size: 0 }])])), /no manifest/);
  });
});
