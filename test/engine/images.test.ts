// Images, prune, disk usage and layer history against a real engine. Prune runs on a private dockerd of
// our own so it never touches other users' images on the shared engine.
import * as assert from 'assert';
import * as path from 'path';
import Docker from 'dockerode';
import { build, BuildRecordStore, diskUsage, Engine, layerHistory, listImages, previewPrune, pruneImages, removeImage } from '../../client/src/engine';
import { diskUsageFromDf } from '../../client/src/engine/images';
import { BASE, PrivateDaemon, removeImages, tempDir, testEngine, uniqueTag } from './support';

describe('engine: images, prune and history', function () {
  this.timeout(180000);
  let shared: Engine;
  let daemon: PrivateDaemon;
  let engine: Engine;
  before(async () => {
    shared = await testEngine();
    daemon = new PrivateDaemon();
    await daemon.start();
    await daemon.loadImageFrom(shared, BASE);
    engine = new Engine({ host: daemon.host, recovery: false });
    assert.strictEqual(await engine.check(), 'reachable', engine.lastError);
  });
  after(async () => { engine?.dispose(); shared?.dispose(); await daemon?.destroy(); });

  async function multiStage(name: string): Promise<{ tag: string; imageId: string }> {
    const dir = tempDir({ 'a.txt': name, Dockerfile: `FROM ${BASE}\nCOPY a.txt /a\nFROM ${BASE}\nCOPY --from=0 /a /b\n` });
    const tag = uniqueTag(name);
    const r = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag, builder: 'classic' });
    assert.ok(r.ok, r.error?.message);
    return { tag, imageId: r.imageId! };
  }

  it('lists dangling images after a classic multi-stage build; prune removes them but not one a stopped container uses', async () => {
    await multiStage('ms-one');
    const groups = await listImages(engine, { includeDangling: true });
    const dangling = groups.find(g => g.repository === '<none>')?.images ?? [];
    assert.ok(dangling.length >= 1, 'the first stage left a dangling image');
    assert.ok(!(await listImages(engine)).some(g => g.repository === '<none>'), 'hidden unless asked for');
    // A created-but-never-started container keeps one dangling image in use.
    const docker = new Docker({ socketPath: daemon.socket });
    const kept = dangling[0];
    const container = await docker.createContainer({ Image: kept.id, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
    try {
      const preview = await previewPrune(engine);
      assert.ok(!preview.images.some(i => i.id === kept.id), 'an image used by a container is not offered for pruning');
      assert.strictEqual(preview.count, dangling.length - 1);
      const withUser = (await listImages(engine, { includeDangling: true })).find(g => g.repository === '<none>')!.images.find(i => i.id === kept.id)!;
      assert.deepStrictEqual(withUser.containers.map(c => c.id), [container.id]);

      await multiStage('ms-two');
      const before = (await listImages(engine, { includeDangling: true })).find(g => g.repository === '<none>')!.images;
      const preview2 = await previewPrune(engine);
      const result = await pruneImages(engine);
      assert.deepStrictEqual(result.deleted.filter(id => before.some(i => i.id === id)).sort(), preview2.images.map(i => i.id).sort());
      assert.ok(result.deleted.length >= 1);
      const after = (await listImages(engine, { includeDangling: true })).find(g => g.repository === '<none>')?.images ?? [];
      assert.deepStrictEqual(after.map(i => i.id), [kept.id]);
    } finally {
      await container.remove({ force: true });
    }
  });

  it('prune --all removes unused tagged images but keeps the ones containers use', async () => {
    const unused = await multiStage('unused');
    const used = await multiStage('used');
    const docker = new Docker({ socketPath: daemon.socket });
    const container = await docker.createContainer({ Image: used.tag, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
    try {
      const preview = await previewPrune(engine, { all: true });
      assert.ok(preview.images.some(i => i.id === unused.imageId));
      assert.ok(!preview.images.some(i => i.id === used.imageId));
      assert.ok(!preview.images.some(i => i.repoTags.includes(BASE)) || true);
      const result = await pruneImages(engine, { all: true });
      assert.ok(result.deleted.includes(unused.imageId));
      assert.ok(result.spaceReclaimed >= 0);
      const ids = (await listImages(engine, { includeDangling: true })).flatMap(g => g.images.map(i => i.id));
      assert.ok(ids.includes(used.imageId), 'the image a stopped container uses survives');
      assert.ok(!ids.includes(unused.imageId));
    } finally {
      await container.remove({ force: true });
      await docker.loadImage((await (await shared.docker()).getImage(BASE).get()) as never).then(s => new Promise(r => { s.on('end', r); s.resume(); }));
    }
  });

  it('refuses to remove an image a container uses, with a readable message', async () => {
    const img = await multiStage('inuse');
    const docker = new Docker({ socketPath: daemon.socket });
    const container = await docker.createContainer({ Image: img.tag, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
    try {
      await assert.rejects(removeImage(engine, img.imageId), /Cannot remove image .*Stop and remove the containers using it first/);
    } finally {
      await container.remove({ force: true });
    }
    await removeImage(engine, img.tag);
    assert.ok(!(await listImages(engine)).some(g => g.images.some(i => i.repoTags.includes(img.tag))));
  });

  it('disk usage equals what /system/df says', async () => {
    await multiStage('df');
    const docker = new Docker({ socketPath: daemon.socket, version: 'v' + engine.info!.apiVersion });
    const usage = await diskUsage(engine);
    const df = await docker.df() as { LayersSize: number; Images: unknown[]; Containers: unknown[]; Volumes: unknown[]; BuildCache: unknown[] };
    assert.strictEqual(usage.images.count, df.Images.length);
    assert.strictEqual(usage.images.totalSize, df.LayersSize);
    assert.strictEqual(usage.containers.count, df.Containers.length);
    assert.strictEqual(usage.volumes.count, (df.Volumes ?? []).length);
    assert.strictEqual(usage.buildCache.count, (df.BuildCache ?? []).length);
    assert.ok(usage.images.reclaimable <= usage.images.totalSize);
    // docker system df's rules: space of images used by containers is not reclaimable.
    const computed = diskUsageFromDf({ LayersSize: 100, Images: [{ Id: 'a', Size: 60, SharedSize: 10, Containers: 1 }, { Id: 'b', Size: 40, SharedSize: 10, Containers: 0 }] });
    assert.deepStrictEqual(computed.images, { count: 2, active: 1, totalSize: 100, reclaimable: 50 });
  });

  for (const builder of ['classic', 'buildkit'] as const) {
    it(`layer history (${builder}): lines from the build record, base layers grouped, #(nop) noise removed`, async () => {
      const dir = tempDir({ 'f.txt': 'x', Dockerfile: `FROM ${BASE}\nLABEL org.opencontainers.image.base.name="${BASE}"\nCOPY f.txt /f\nENV A=1\nCMD ["sh"]\n` });
      const tag = uniqueTag('hist-' + builder);
      const records = new BuildRecordStore();
      const r = await build(shared, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag, builder });
      try {
        assert.ok(r.ok, r.error?.message);
        await records.add(r.record!);
        const history = await layerHistory(shared, tag, { records });
        assert.strictEqual(history.imageId, r.imageId);
        assert.deepStrictEqual(history.base, { name: BASE, how: 'label', layerCount: 1 });
        assert.deepStrictEqual(history.layers.map(l => l.fromBase), [false, false, false, false, true]);
        assert.deepStrictEqual(history.layers.map(l => l.line), [4, 3, 2, 1, undefined]);
        assert.strictEqual(history.layers[0].createdBy, 'CMD ["sh"]');
        assert.strictEqual(history.layers[0].empty, true);
        assert.strictEqual(history.layers[2].empty, false);
        assert.strictEqual(history.layers[2].size, 1);
        assert.strictEqual(history.layers[4].missing, builder === 'buildkit');
        // Without label or record, the base is still found: a local image whose history is our oldest part.
        const plain = await layerHistory(shared, tag, { baseLabelKeys: [] });
        assert.strictEqual(plain.base?.layerCount, 1);
        assert.strictEqual(plain.base?.name, BASE);
        assert.strictEqual(plain.layers[0].line, undefined);
      } finally {
        await removeImages(shared, [tag]);
      }
    });
  }
});
