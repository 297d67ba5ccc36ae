// Push, pull, tag and the Registry HTTP API against the reference registry (Debian docker-registry)
// started here on loopback: without auth and behind htpasswd basic auth.
import * as assert from 'assert';
import {
  Engine, RegistryClient, RegistryError, TransferError, TransferProgress, build, checkRegistryLogin, pullImage, pushImage, tagImage,
} from '../../client/src/engine';
import { RegistryServer } from './servers/registry';
import { freePort } from './servers/common';
import { BASE, removeImages, tempDir, testEngine } from './support';

const USER = { username: 'layerwise', password: 'correct horse' };

describe('engine: registry push, pull and the Registry API', function () {
  this.timeout(120000);
  let engine: Engine;
  const open = new RegistryServer();
  const locked = new RegistryServer(USER);
  const made: string[] = [];
  let big = '';

  before(async () => {
    engine = await testEngine();
    await Promise.all([open.start(), locked.start()]);
    // An image with a layer of its own big enough that a push is still running after its first progress event.
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN head -c 6000000 /dev/urandom > /blob\n` });
    big = `${open.address}/layerwise-test/big:${process.pid}`;
    const result = await build(engine, { dockerfilePath: `${dir}/Dockerfile`, contextDir: dir, tag: big, builder: 'classic' });
    assert.ok(result.ok, result.error?.message);
    made.push(big);
  });
  after(async () => {
    if (engine) await removeImages(engine, made);
    await Promise.all([open.destroy(), locked.destroy()]);
    engine?.dispose();
  });

  it('tags, pushes with per-layer progress and the digest, and counts layers the registry already has', async () => {
    const ref = `${open.address}/layerwise-test/busybox:one`;
    await tagImage(engine, BASE, ref);
    made.push(ref);
    const seen: TransferProgress[] = [];
    const first = await pushImage(engine, ref, { onProgress: p => seen.push(p) });
    assert.match(first.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.strictEqual(first.progress.done, first.progress.layers);
    assert.ok(first.progress.layers >= 1);
    assert.strictEqual(first.progress.existing, 0);
    assert.match(seen[seen.length - 1].text, /^1 of 1 layer pushed/);
    // The registry serves the same digest for the tag.
    const client = new RegistryClient(open.address);
    assert.strictEqual(await client.digest('layerwise-test/busybox', 'one'), first.digest);

    const again = await pushImage(engine, ref);
    assert.strictEqual(again.digest, first.digest);
    assert.strictEqual(again.progress.existing, again.progress.layers, 'every layer is reported as already there, not sent again');
    assert.match(again.progress.text, /already there/);
  });

  it('lists repositories and tags across pages', async () => {
    for (const tag of ['two', 'three']) {
      const ref = `${open.address}/layerwise-test/busybox:${tag}`;
      await tagImage(engine, BASE, ref);
      made.push(ref);
      await pushImage(engine, ref);
    }
    const other = `${open.address}/layerwise-test/other:1`;
    await tagImage(engine, BASE, other);
    made.push(other);
    await pushImage(engine, other);
    const client = new RegistryClient(open.address);
    const repos = await client.repositories({ pageSize: 1 });
    assert.deepStrictEqual(repos.items.filter(r => r.startsWith('layerwise-test/busybox') || r === 'layerwise-test/other'), ['layerwise-test/busybox', 'layerwise-test/other']);
    const tags = await client.tags('layerwise-test/busybox', { pageSize: 1 });
    assert.deepStrictEqual(tags.items.sort(), ['one', 'three', 'two']);
    const limited = await client.tags('layerwise-test/busybox', { pageSize: 1, limit: 2 });
    assert.deepStrictEqual([limited.items.length, limited.truncated], [2, true]);
    await assert.rejects(client.tags('layerwise-test/nothing-here'), (e: RegistryError) => e.kind === 'not-found' && /does not exist/.test(e.message));
  });

  it('pulls an image back after the local copy was removed', async () => {
    const ref = `${open.address}/layerwise-test/busybox:one`;
    const docker = await engine.docker();
    const baseId = (await docker.getImage(BASE).inspect()).Id;
    await docker.getImage(ref).remove();
    const seen: TransferProgress[] = [];
    const pulled = await pullImage(engine, ref, { onProgress: p => seen.push(p) });
    assert.strictEqual(pulled.imageId, baseId, 'the same image comes back');
    assert.match(pulled.digest ?? '', /^sha256:/);
    // The base layers were still here (local/busybox:1 kept them): counted as existing, not downloaded.
    assert.strictEqual(pulled.progress.done, pulled.progress.layers);
    // A platform the image was not built for: refused by newer engines (kind 'platform'), pulled anyway by
    // 20.10 — then the result says so instead of pretending.
    assert.strictEqual(pulled.platform, `linux/${(await (await engine.docker()).getImage(ref).inspect()).Architecture}`);
    const other = pulled.platform === 'linux/arm64' ? 'linux/amd64' : 'linux/arm64';
    const outcome = await pullImage(engine, ref, { platform: other }).then(r => r.platformMismatch, (e: TransferError) => e.kind === 'platform' ? e.message : `unexpected ${e.kind}: ${e.message}`);
    assert.match(outcome ?? '', new RegExp(`is only available for ${pulled.platform}; the engine pulled that instead of ${other}|has no image for that platform`));
    await assert.rejects(pullImage(engine, ref, { platform: 'not a platform' }), (e: TransferError) => e.kind === 'invalid-reference' && /is not a platform; use os\/arch/.test(e.message));
  });

  it('a push interrupted halfway says so, and a retry completes it', async () => {
    const controller = new AbortController();
    let pushing = false;
    const err = await pushImage(engine, big, {
      signal: controller.signal,
      onProgress: p => { if (p.bytesDone > 0 && !pushing) { pushing = true; controller.abort(); } },
    }).then(() => undefined, e => e as TransferError);
    assert.ok(pushing, 'the push reported byte progress before it was interrupted');
    assert.ok(err instanceof TransferError, 'the interrupted push rejects');
    assert.strictEqual(err.kind, 'cancelled');
    assert.match(err.message, /cancelled; layers already sent stay in the registry/);
    const retry = await pushImage(engine, big);
    assert.match(retry.digest ?? '', /^sha256:/);
    assert.strictEqual(retry.progress.done, retry.progress.layers);
    assert.ok(retry.progress.existing >= 1, 'the base layer pushed before is not sent again');
    assert.strictEqual(await new RegistryClient(open.address).digest('layerwise-test/big', String(process.pid)), retry.digest);
  });

  it('basic auth: not logged in, wrong password and no credentials are clear messages; the right ones work', async () => {
    const ref = `${locked.address}/layerwise-test/private:1`;
    await tagImage(engine, BASE, ref);
    made.push(ref);
    await assert.rejects(pushImage(engine, ref), (e: TransferError) => e.kind === 'not-logged-in' && e.message === `Cannot push ${ref}: not logged in to ${locked.address}. Log in to ${locked.address} first (Registries view → Log In, or docker login ${locked.address}).`);
    const wrong = { username: USER.username, password: 'wrong' };
    await assert.rejects(checkRegistryLogin(engine, locked.address, wrong), (e: RegistryError) => e.kind === 'unauthorized' && e.message === `Login to ${locked.address} failed: wrong user name or password.`);
    await assert.rejects(pushImage(engine, ref, { credentials: wrong }), (e: TransferError) => e.kind === 'unauthorized' && /rejected the credentials/.test(e.message) && !/[{}]/.test(e.message));
    await assert.rejects(new RegistryClient(locked.address).repositories(), (e: RegistryError) => e.kind === 'unauthorized' && /requires a login/.test(e.message));
    await assert.rejects(new RegistryClient(locked.address, { credentials: wrong }).repositories(), (e: RegistryError) => e.kind === 'unauthorized');

    await checkRegistryLogin(engine, locked.address, USER);
    const pushed = await pushImage(engine, ref, { credentials: USER });
    assert.match(pushed.digest ?? '', /^sha256:/);
    const client = new RegistryClient(locked.address, { credentials: USER });
    await client.ping();
    assert.deepStrictEqual((await client.repositories()).items, ['layerwise-test/private']);
    assert.deepStrictEqual((await client.tags('layerwise-test/private')).items, ['1']);
    await (await engine.docker()).getImage(ref).remove();
    await assert.rejects(pullImage(engine, ref), (e: TransferError) => ['not-logged-in', 'unauthorized'].includes(e.kind) && !/[{}]/.test(e.message));
    const pulled = await pullImage(engine, ref, { credentials: USER });
    assert.strictEqual(pulled.digest, pushed.digest);
  });

  it('an unreachable registry, an invalid tag and a missing image are clear messages', async () => {
    const port = await freePort();
    const nowhere = `127.0.0.1:${port}/layerwise-test/nowhere:1`;
    await tagImage(engine, BASE, nowhere);
    made.push(nowhere);
    await assert.rejects(pushImage(engine, nowhere), (e: TransferError) => e.kind === 'unreachable' && e.message.startsWith(`Cannot push ${nowhere}: the registry 127.0.0.1:${port} is not reachable from the engine`));
    await assert.rejects(new RegistryClient(`127.0.0.1:${port}`).ping(), (e: RegistryError) => e.kind === 'unreachable' && /connection refused/.test(e.message));
    await assert.rejects(tagImage(engine, BASE, 'Bad Name:1'), (e: TransferError) => e.kind === 'invalid-reference');
    await assert.rejects(pushImage(engine, `${open.address}/layerwise-test/never-tagged:1`), (e: TransferError) => e.kind === 'not-found' && /no local image has that name/.test(e.message));
    await assert.rejects(pullImage(engine, `${open.address}/layerwise-test/never-pushed:1`), (e: TransferError) => e.kind === 'not-found' && /has no such image or tag/.test(e.message));
  });
});
