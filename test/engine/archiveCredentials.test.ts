// Save/load tar archives through the real engine, and registry credentials where the docker CLI keeps
// them (config.json auths, and the docker-credential-* helper protocol with a helper program on PATH).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  ArchiveProgress, Engine, TransferError, eraseDockerCredentials, getDockerCredentials, listDockerLogins, loadImages, saveImages,
  storeDockerCredentials, tagImage,
} from '../../client/src/engine';
import { execFileSync } from 'child_process';
import { ensureInstalled, privateDir } from './servers/common';
import { BASE, removeImages, testEngine, uniqueTag } from './support';

describe('engine: save and load image archives', function () {
  this.timeout(60000);
  let engine: Engine;
  let dir = '';
  const refs = [uniqueTag('save-a'), uniqueTag('save-b')];

  before(async () => {
    dir = privateDir('archive');
    engine = await testEngine();
    for (const ref of refs) await tagImage(engine, BASE, ref);
  });
  after(async () => {
    if (engine) await removeImages(engine, refs);
    engine?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('saves two images into one tar with progress, and loads it back listing the names', async () => {
    const file = path.join(dir, 'images.tar');
    const seen: ArchiveProgress[] = [];
    const saved = await saveImages(engine, refs, file, { onProgress: p => seen.push(p) });
    assert.strictEqual(saved.bytes, fs.statSync(file).size);
    assert.ok(seen.length > 0 && seen[seen.length - 1].bytes === saved.bytes && seen[0].totalBytes! > 0);
    assert.ok(!fs.existsSync(`${file}.partial`));
    const docker = await engine.docker();
    for (const ref of refs) await docker.getImage(ref).remove();
    const loads: ArchiveProgress[] = [];
    const loaded = await loadImages(engine, file, { onProgress: p => loads.push(p) });
    assert.deepStrictEqual(loaded.loaded.sort(), [...refs].sort());
    assert.strictEqual(loads[loads.length - 1].bytes, saved.bytes);
    for (const ref of refs) await docker.getImage(ref).inspect();
  });

  it('a cancelled save leaves no file behind; errors are sentences', async () => {
    const file = path.join(dir, 'cancelled.tar');
    const controller = new AbortController();
    const err = await saveImages(engine, refs, file, { signal: controller.signal, onProgress: () => controller.abort() }).then(() => undefined, e => e as TransferError);
    assert.ok(err instanceof TransferError && err.kind === 'cancelled', String(err));
    assert.match(err.message, /partial file was removed/);
    assert.deepStrictEqual(fs.readdirSync(dir).filter(f => f.startsWith('cancelled')), []);
    await assert.rejects(saveImages(engine, ['layerwise-test/absent:1'], file), /Cannot save: no image layerwise-test\/absent:1 on this engine/);
    await assert.rejects(saveImages(engine, refs, path.join(dir, 'no-such-dir', 'x.tar')), (e: Error) => /Cannot write .*x\.tar/.test(e.message));
    assert.ok(!fs.existsSync(path.join(dir, 'no-such-dir')));
    const junk = path.join(dir, 'junk.tar');
    fs.writeFileSync(junk, 'not a tar archive');
    await assert.rejects(loadImages(engine, junk), (e: Error) => /could not load .*junk\.tar/.test(e.message));
    await assert.rejects(loadImages(engine, path.join(dir, 'missing.tar')), /Cannot read .*missing\.tar/);
  });
});

describe('engine: docker credentials (config.json and credential helpers)', () => {
  let home = '';
  let env: NodeJS.ProcessEnv & { DOCKER_CONFIG: string } = { DOCKER_CONFIG: '' };
  let where = { env };
  before(() => {
    home = privateDir('docker-config');
    env = { ...process.env, DOCKER_CONFIG: path.join(home, '.docker') };
    where = { env };
  });
  after(() => { if (home) fs.rmSync(home, { recursive: true, force: true }); });

  it('writes, reads, lists and erases logins in config.json auths like the docker CLI, keeping other keys', async () => {
    fs.mkdirSync(env.DOCKER_CONFIG, { recursive: true });
    fs.writeFileSync(path.join(env.DOCKER_CONFIG, 'config.json'), JSON.stringify({ currentContext: 'x', auths: { 'ghcr.io': { auth: Buffer.from('octo:tok').toString('base64') } } }));
    assert.strictEqual(await storeDockerCredentials('localhost:5000', { username: 'u', password: 'p:w' }, where), 'auths');
    const config = JSON.parse(fs.readFileSync(path.join(env.DOCKER_CONFIG, 'config.json'), 'utf8'));
    assert.strictEqual(config.currentContext, 'x');
    assert.strictEqual(config.auths['localhost:5000'].auth, Buffer.from('u:p:w').toString('base64'));
    assert.strictEqual(fs.statSync(path.join(env.DOCKER_CONFIG, 'config.json')).mode & 0o777, 0o600);
    assert.deepStrictEqual(await getDockerCredentials('localhost:5000', where), { username: 'u', password: 'p:w' });
    assert.deepStrictEqual((await listDockerLogins(where)).map(l => [l.registry, l.source, l.username]), [['ghcr.io', 'auths', 'octo'], ['localhost:5000', 'auths', 'u']]);
    // Docker Hub is keyed by its legacy URL.
    await storeDockerCredentials('docker.io', { username: 'hub', password: 'x' }, where);
    assert.ok(JSON.parse(fs.readFileSync(path.join(env.DOCKER_CONFIG, 'config.json'), 'utf8')).auths['https://index.docker.io/v1/']);
    await eraseDockerCredentials('localhost:5000', where);
    assert.strictEqual(await getDockerCredentials('localhost:5000', where), undefined);
  });

  it('uses credsStore and credHelpers programs through the helper protocol (get/store/erase/list on stdin/stdout)', async () => {
    // A helper program speaking docker-credential-helpers' protocol, keeping its store in a JSON file.
    const bin = path.join(home, 'bin');
    const store = path.join(home, 'helper-store.json');
    fs.mkdirSync(bin, { recursive: true });
    const helper = `#!/usr/bin/env node
const fs = require('fs'); const file = ${JSON.stringify(store)};
const db = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
let input = ''; process.stdin.on('data', d => input += d).on('end', () => {
  const action = process.argv[2];
  if (action === 'list') { const out = {}; for (const k in db) out[k] = db[k].Username; process.stdout.write(JSON.stringify(out)); return; }
  if (action === 'store') { const c = JSON.parse(input); db[c.ServerURL] = c; fs.writeFileSync(file, JSON.stringify(db)); return; }
  const url = input.trim();
  if (!db[url]) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); }
  if (action === 'get') process.stdout.write(JSON.stringify(db[url]));
  if (action === 'erase') { delete db[url]; fs.writeFileSync(file, JSON.stringify(db)); }
});
`;
    for (const name of ['layerwise-test', 'layerwise-other']) fs.writeFileSync(path.join(bin, `docker-credential-${name}`), helper, { mode: 0o755 });
    const helperEnv = { ...env, PATH: `${bin}:${process.env.PATH}` };
    const w = { env: helperEnv };
    fs.writeFileSync(path.join(env.DOCKER_CONFIG, 'config.json'), JSON.stringify({ credsStore: 'layerwise-test', credHelpers: { 'registry.example.com': 'layerwise-other' } }));
    assert.strictEqual(await storeDockerCredentials('127.0.0.1:5000', { username: 'alice', password: 's3cret' }, w), 'credsStore');
    assert.strictEqual(await storeDockerCredentials('registry.example.com', { identityToken: 'refresh-me' }, w), 'credHelpers');
    assert.deepStrictEqual(await getDockerCredentials('127.0.0.1:5000', w), { username: 'alice', password: 's3cret' });
    assert.deepStrictEqual(await getDockerCredentials('registry.example.com', w), { identityToken: 'refresh-me' });
    assert.strictEqual(await getDockerCredentials('other.example.com', w), undefined, '"credentials not found" means not logged in');
    const logins = await listDockerLogins(w);
    assert.deepStrictEqual(logins.map(l => [l.registry, l.source, l.helper]), [['127.0.0.1:5000', 'credsStore', 'layerwise-test'], ['registry.example.com', 'credHelpers', 'layerwise-other']]);
    // The secret never lands in config.json.
    assert.ok(!fs.readFileSync(path.join(env.DOCKER_CONFIG, 'config.json'), 'utf8').includes('s3cret'));
    await eraseDockerCredentials('127.0.0.1:5000', w);
    assert.strictEqual(await getDockerCredentials('127.0.0.1:5000', w), undefined);
    // A helper the config names but that is not installed: a sentence, not ENOENT.
    fs.writeFileSync(path.join(env.DOCKER_CONFIG, 'config.json'), JSON.stringify({ credsStore: 'desktop-not-installed' }));
    await assert.rejects(getDockerCredentials('127.0.0.1:5000', w), /The credential helper docker-credential-desktop-not-installed named in the Docker config is not installed \(not found on PATH\)\./);
  });

  it('works with a real helper: docker-credential-pass (Debian golang-docker-credential-helpers) over pass and gpg', async function () {
    this.timeout(120000);
    ensureInstalled('docker-credential-pass', 'golang-docker-credential-helpers');
    ensureInstalled('pass', 'pass');
    ensureInstalled('gpg', 'gnupg');
    const gnupg = path.join(home, 'gnupg');
    fs.mkdirSync(gnupg, { mode: 0o700 });
    const passEnv = { ...env, GNUPGHOME: gnupg, PASSWORD_STORE_DIR: path.join(home, 'password-store') };
    try {
      // A key without a passphrase, so no pinentry is ever asked for.
      execFileSync('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'layerwise test <layerwise@test.invalid>', 'default', 'default', 'never'], { env: passEnv, stdio: 'pipe' });
      execFileSync('pass', ['init', 'layerwise@test.invalid'], { env: passEnv, stdio: 'pipe' });
      fs.writeFileSync(path.join(env.DOCKER_CONFIG, 'config.json'), JSON.stringify({ credsStore: 'pass' }));
      const w = { env: passEnv };
      assert.strictEqual(await storeDockerCredentials('127.0.0.1:5999', { username: 'bob', password: 'pa ss:word' }, w), 'credsStore');
      assert.deepStrictEqual(await getDockerCredentials('127.0.0.1:5999', w), { username: 'bob', password: 'pa ss:word' });
      assert.deepStrictEqual((await listDockerLogins(w)).map(l => [l.registry, l.source, l.helper]), [['127.0.0.1:5999', 'credsStore', 'pass']]);
      assert.ok(!fs.readFileSync(path.join(env.DOCKER_CONFIG, 'config.json'), 'utf8').includes('pa ss'));
      await eraseDockerCredentials('127.0.0.1:5999', w);
      assert.strictEqual(await getDockerCredentials('127.0.0.1:5999', w), undefined);
    } finally {
      try { execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env: passEnv, stdio: 'ignore' }); } catch { /* no agent started */ }
    }
  });
});
