// The prune family against the real engine: each plan names exactly what the prune then removes, nothing in
// use goes, and a build-cache prune reclaims bytes after a BuildKit build.
import * as assert from 'assert';
import * as path from 'path';
import {
  build, createNetwork, createVolume, Engine, executePrune, listNetworks, listVolumes, parseDuration, planPrune,
  removeContainer, removeNetwork, removeVolume, runImage, stopContainer,
} from '../../client/src/engine';
import { BASE, removeImages, tempDir, testEngine, uniqueTag } from './support';

describe('engine: prune family', function () {
  this.timeout(120000);
  let engine: Engine;
  const keep: string[] = [];
  const tag = `${process.pid}`;
  before(async () => { engine = await testEngine(); });
  after(async () => {
    for (const id of keep) await removeContainer(engine, id, { force: true }).catch(() => undefined);
    await removeVolume(engine, `lw-test-used-${tag}`).catch(() => undefined);
    await removeNetwork(engine, `lw-test-usednet-${tag}`).catch(() => undefined);
    engine.dispose();
  });

  it('containers: the stopped ones the plan lists go, running ones stay', async () => {
    const stopped = await runImage(engine, { image: BASE, autoRemove: false, ports: [], cmd: ['sh', '-c', 'echo x > /big; exit 0'] });
    await stopped.wait();
    const running = await runImage(engine, { image: BASE, autoRemove: false, ports: [], cmd: ['sleep', '3600'] });
    keep.push(running.id);
    const plan = await planPrune(engine, 'containers');
    assert.ok(plan.items.some(i => i.id === stopped.id));
    assert.ok(!plan.items.some(i => i.id === running.id));
    assert.match(plan.kept.join(' '), /running container/);
    const outcome = await executePrune(engine, plan);
    assert.deepStrictEqual([...outcome.removed].sort(), plan.items.map(i => i.id).sort());
    assert.strictEqual(outcome.spaceReclaimed, plan.bytes);
  });

  it('volumes: unused ones go, one a stopped container uses stays (explained)', async () => {
    const unused = await createVolume(engine, `lw-test-unused-${tag}`);
    const used = await createVolume(engine, `lw-test-used-${tag}`);
    const user = await runImage(engine, { image: BASE, autoRemove: false, ports: [], mounts: [{ type: 'volume', source: used, target: '/d' }], cmd: ['true'] });
    keep.push(user.id);
    await user.wait();
    const plan = await planPrune(engine, 'volumes');
    assert.ok(plan.items.some(i => i.id === unused), JSON.stringify(plan));
    assert.ok(!plan.items.some(i => i.id === used));
    assert.ok(plan.kept.some(k => k.startsWith(`Volume ${used} stays: used by `) && k.includes('(exited)')), plan.kept.join('\n'));
    const outcome = await executePrune(engine, plan);
    assert.deepStrictEqual([...outcome.removed].sort(), plan.items.map(i => i.id).sort());
    const left = (await listVolumes(engine)).map(v => v.name);
    assert.ok(left.includes(used) && !left.includes(unused));
  });

  it('networks: unused user networks go, one a container is attached to stays, built-in ones are never listed', async () => {
    await createNetwork(engine, `lw-test-unusednet-${tag}`);
    await createNetwork(engine, `lw-test-usednet-${tag}`);
    const user = await runImage(engine, { image: BASE, autoRemove: false, ports: [], network: `lw-test-usednet-${tag}`, cmd: ['sleep', '3600'] });
    keep.push(user.id);
    const plan = await planPrune(engine, 'networks');
    assert.ok(plan.items.some(i => i.id === `lw-test-unusednet-${tag}`));
    assert.ok(!plan.items.some(i => ['bridge', 'host', 'none', `lw-test-usednet-${tag}`].includes(i.label)));
    const outcome = await executePrune(engine, plan);
    assert.deepStrictEqual([...outcome.removed].sort(), plan.items.map(i => i.id).sort());
    const left = (await listNetworks(engine)).map(n => n.name);
    assert.ok(left.includes(`lw-test-usednet-${tag}`) && !left.includes(`lw-test-unusednet-${tag}`));
    await stopContainer(engine, user.id, { timeoutSec: 0 });
  });

  it('images: dangling ones the plan lists go; an image a container uses stays', async () => {
    const ref = uniqueTag('prune-dangling');
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN echo one > /v\n` });
    const first = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: ref, builder: 'classic' });
    const dir2 = tempDir({ Dockerfile: `FROM ${BASE}\nRUN echo two > /v\n` });
    const second = await build(engine, { dockerfilePath: path.join(dir2, 'Dockerfile'), contextDir: dir2, tag: ref, builder: 'classic' });
    assert.ok(first.ok && second.ok);
    try {
      const plan = await planPrune(engine, 'images-dangling');
      assert.ok(plan.items.some(i => i.id === first.imageId), 'the image the tag moved away from is dangling');
      assert.ok(plan.bytes > 0);
      const outcome = await executePrune(engine, plan);
      assert.ok(outcome.removed.includes(first.imageId!));
      // The classic builder's intermediate images go with it, and the plan said so.
      assert.deepStrictEqual([...outcome.removed].sort(), plan.items.map(i => i.id).sort());
    } finally { await removeImages(engine, [ref]); }
  });

  it('build cache: a BuildKit build leaves cache; the prune reclaims the bytes it announced; "older than" keeps recent cache', async () => {
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN head -c 3000000 /dev/urandom > /blob\n` });
    const ref = uniqueTag('cache');
    const built = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: ref, builder: 'buildkit', noCache: true });
    assert.ok(built.ok, built.error?.message);
    // While the image exists its layers are shared with the cache (pruning would free nothing): remove it first.
    const shared = await planPrune(engine, 'build-cache');
    await removeImages(engine, [ref]);
    {
      assert.strictEqual(parseDuration('1h30m'), 5400000);
      await assert.rejects(planPrune(engine, 'build-cache', { olderThan: 'yesterday' }), /not a duration/);
      const recentKept = await planPrune(engine, 'build-cache', { olderThan: '240h' });
      const fresh = await planPrune(engine, 'build-cache');
      assert.ok(fresh.count > recentKept.count, 'cache from this build is younger than 240h');
      const none = await executePrune(engine, recentKept);
      assert.strictEqual(none.removed.length, recentKept.count);
      const plan = await planPrune(engine, 'build-cache');
      assert.ok(plan.bytes >= 3000000, `announced ${plan.bytes} bytes`);
      const outcome = await executePrune(engine, plan);
      assert.ok(outcome.spaceReclaimed >= 3000000, `reclaimed ${outcome.spaceReclaimed} bytes`);
      assert.strictEqual(outcome.removed.length, plan.count);
      assert.strictEqual((await planPrune(engine, 'build-cache')).count, 0);
      assert.ok(shared.bytes < plan.bytes, 'cache shared with a live image is not announced as reclaimable');
    }
  });

  it('system: the plan adds up its parts and the prune removes them', async () => {
    const stopped = await runImage(engine, { image: BASE, autoRemove: false, ports: [], cmd: ['true'] });
    await stopped.wait();
    const plan = await planPrune(engine, 'system');
    assert.ok(plan.items.some(i => i.id === stopped.id));
    const outcome = await executePrune(engine, plan);
    assert.ok(outcome.removed.includes(stopped.id));
    assert.ok(!outcome.removed.includes(keep[0]), 'the running container stays');
    assert.deepStrictEqual([...outcome.removed].sort(), plan.items.map(i => i.id).sort());
  });
});
