// Images, complete: intermediate images (`images -a`), unique vs shared size, and why a remove only untags
// or is refused (other tags, a container using it, dependent child images).
import * as assert from 'assert';
import * as path from 'path';
import { build, Engine, INTERMEDIATE, listImages, removeContainer, removeImage, runImage } from '../../client/src/engine';
import { removeImages, tempDir, testEngine, uniqueTag, BASE } from './support';

describe('engine: images, complete', function () {
  this.timeout(90000);
  let engine: Engine;
  let ref: string;
  let imageId: string;
  const second = uniqueTag('complete-second');
  before(async () => {
    engine = await testEngine();
    ref = uniqueTag('complete');
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN echo one > /one\nRUN head -c 200000 /dev/urandom > /two\n` });
    const built = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: ref, builder: 'classic' });
    assert.ok(built.ok, built.error?.message);
    imageId = built.imageId!;
  });
  after(async () => { await removeImages(engine, [ref, second]); engine.dispose(); });

  it('lists the classic builder\'s intermediate images only when asked, apart from dangling ones', async () => {
    const without = await listImages(engine, { includeDangling: true });
    assert.ok(!without.some(g => g.repository === INTERMEDIATE));
    const withIntermediate = await listImages(engine, { includeDangling: true, includeIntermediate: true });
    const intermediate = withIntermediate.find(g => g.repository === INTERMEDIATE);
    assert.ok(intermediate && intermediate.images.length >= 1, 'the RUN echo one step is an intermediate image');
    assert.ok(intermediate.images.every(i => i.intermediate && i.dangling));
    assert.ok(!(withIntermediate.find(g => g.repository === '<none>')?.images ?? []).some(i => i.intermediate), 'intermediate images are not listed as dangling');
  });

  it('says how much of an image is shared with others (from /system/df)', async () => {
    const groups = await listImages(engine, { sharedSizes: true });
    const image = groups.flatMap(g => g.images).find(i => i.id === imageId);
    assert.ok(image && image.sharedSize !== undefined, 'shared size known');
    // The busybox base (about 2 MB) is shared with local/busybox:1 itself.
    assert.ok(image.sharedSize! >= 1000000 && image.sharedSize! < image.size, `shared ${image.sharedSize} of ${image.size}`);
  });

  it('removing one of two tags only untags; a container using the image and child images are named as the reason', async () => {
    const docker = await engine.docker();
    const [repo, tag] = [second.slice(0, second.lastIndexOf(':')), second.slice(second.lastIndexOf(':') + 1)];
    await docker.getImage(ref).tag({ repo, tag });
    assert.deepStrictEqual(await removeImage(engine, second), { untagged: [second], deleted: [] });

    const user = await runImage(engine, { image: ref, autoRemove: false, ports: [], cmd: ['true'] });
    await user.wait();
    try {
      await assert.rejects(removeImage(engine, ref), (err: Error) => {
        assert.ok(err.message.startsWith(`Cannot remove image ${ref}: it is used by container ${user.id.slice(0, 12)} (stopped containers count too).`), err.message);
        return true;
      });
    } finally { await removeContainer(engine, user.id, { force: true }); }

    const parent = (await docker.getImage(imageId).inspect()).Parent;
    assert.ok(parent, 'classic builds record the parent');
    await assert.rejects(removeImage(engine, parent), /other images were built on top of it \(dependent child images\)/);
  });
});
