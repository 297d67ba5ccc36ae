// Pure parts of registries and transfers: reference splitting, the progress summary over the engine's
// per-layer events, and engine error strings turned into sentences.
import * as assert from 'assert';
import { TransferTracker, authKeyFor, parseReference, registryAddress, transferError, validateRegistryAddress } from '../../client/src/engine';

describe('registries: references, progress and errors (pure)', () => {
  it('splits references the way the docker CLI does', () => {
    const pick = (r: string) => { const p = parseReference(r); return [p.registry, p.repository, p.tag, p.name]; };
    assert.deepStrictEqual(pick('busybox'), ['docker.io', 'library/busybox', undefined, 'busybox']);
    assert.deepStrictEqual(pick('team/app:1.0'), ['docker.io', 'team/app', '1.0', 'team/app']);
    assert.deepStrictEqual(pick('localhost:5000/app:2'), ['localhost:5000', 'app', '2', 'localhost:5000/app']);
    assert.deepStrictEqual(pick('localhost/app'), ['localhost', 'app', undefined, 'localhost/app']);
    assert.deepStrictEqual(pick('ghcr.io/o/r@sha256:abc'), ['ghcr.io', 'o/r', undefined, 'ghcr.io/o/r']);
    assert.strictEqual(authKeyFor('docker.io'), 'https://index.docker.io/v1/');
    assert.strictEqual(authKeyFor('https://index.docker.io/v1/'), 'https://index.docker.io/v1/');
    assert.deepStrictEqual(registryAddress('http://Reg.example:5000/'), { registry: 'reg.example:5000', scheme: 'http' });
    assert.strictEqual(validateRegistryAddress('localhost:5000'), undefined);
    assert.match(validateRegistryAddress('bad host!')!, /not a registry host/);
    assert.match(validateRegistryAddress(' ')!, /Enter a registry host/);
  });

  it('counts layers pushed, already there and bytes (current capped at total)', () => {
    const t = new TransferTracker('pushed');
    const events = [
      { status: 'The push refers to repository [localhost:5000/app]' },
      { status: 'Preparing', id: 'aaaaaaaaaaaa' }, { status: 'Preparing', id: 'bbbbbbbbbbbb' }, { status: 'Preparing', id: 'cccccccccccc' },
      { status: 'Layer already exists', id: 'aaaaaaaaaaaa' },
      { status: 'Pushing', id: 'bbbbbbbbbbbb', progressDetail: { current: 5_000_000, total: 10_000_000 } },
      { status: 'Pushing', id: 'cccccccccccc', progressDetail: { current: 3_000_000, total: 2_000_000 } },
    ];
    for (const e of events) t.add(e);
    assert.strictEqual(t.progress.text, '1 of 3 layers pushed (1 already there), 7 MB/12 MB');
    t.add({ status: 'Pushed', id: 'bbbbbbbbbbbb' });
    t.add({ status: 'Pushed', id: 'cccccccccccc' });
    t.add({ status: '1: digest: sha256:' + 'f'.repeat(64) + ' size: 527' });
    t.add({ aux: { Tag: '1', Digest: 'sha256:' + 'e'.repeat(64), Size: 527 } });
    assert.deepStrictEqual({ ...t.progress, text: undefined }, { layers: 3, done: 3, existing: 1, bytesDone: 12_000_000, bytesTotal: 12_000_000, text: undefined });
    assert.strictEqual(t.digest, 'sha256:' + 'e'.repeat(64));
    const lost = new TransferTracker('pushed');
    lost.add({ status: 'Pushing', id: 'aaaaaaaaaaaa', progressDetail: { current: 1000, total: 2000 } });
    lost.add({ status: 'Retrying in 5 seconds', id: 'aaaaaaaaaaaa' });
    assert.strictEqual(lost.progress.text, '0 of 1 layer pushed, 1 kB/2 kB — connection to the registry lost, retrying in 5 s');
    lost.add({ status: 'Pushing', id: 'aaaaaaaaaaaa', progressDetail: { current: 1500, total: 2000 } });
    assert.strictEqual(lost.progress.text, '0 of 1 layer pushed, 1.5 kB/2 kB');
    const pull = new TransferTracker('pulled');
    pull.add({ status: 'Pulling from app', id: '1' });
    pull.add({ status: 'Already exists', id: 'aaaaaaaaaaaa' });
    pull.add({ status: 'Pull complete', id: 'bbbbbbbbbbbb' });
    pull.add({ status: 'Digest: sha256:' + 'd'.repeat(64) });
    assert.strictEqual(pull.progress.text, '2 of 2 layers pulled (1 already there)');
    assert.strictEqual(pull.digest, 'sha256:' + 'd'.repeat(64));
  });

  it('turns engine error strings into actionable sentences, never JSON', () => {
    const kind = (raw: string, action: 'push' | 'pull' = 'push') => transferError(raw, action, 'r:5000', 'r:5000/a:1').kind;
    assert.strictEqual(kind('no basic auth credentials'), 'not-logged-in');
    assert.strictEqual(kind('unauthorized: authentication required'), 'unauthorized');
    assert.strictEqual(kind('denied: requested access to the resource is denied'), 'denied');
    assert.strictEqual(kind('Get "https://r:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused'), 'unreachable');
    assert.strictEqual(kind('Get "https://r:5000/v2/": x509: certificate signed by unknown authority'), 'tls');
    assert.strictEqual(kind('Get "https://r:5000/v2/": http: server gave HTTP response to HTTPS client'), 'tls');
    assert.strictEqual(kind('invalid reference format'), 'invalid-reference');
    assert.strictEqual(kind('manifest for r:5000/a:1 not found: manifest unknown', 'pull'), 'not-found');
    assert.strictEqual(transferError('(HTTP code 500) server error - something odd', 'push', 'r:5000', 'x').message, 'Cannot push x: something odd');
  });
});
