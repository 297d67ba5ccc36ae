// Bearer-token auth (the scheme Docker Hub and most hosted registries use) for real: the reference
// registry in `auth.token` mode and a token service started here that signs JWTs.
import * as assert from 'assert';
import * as fs from 'fs';
import { Engine, RegistryClient, RegistryError, TransferError, pushImage, tagImage } from '../../client/src/engine';
import { RegistryServer } from './servers/registry';
import { TokenServer } from './servers/tokenServer';
import { privateDir } from './servers/common';
import { BASE, removeImages, testEngine } from './support';

const USER = { username: 'token-user', password: 'token-pass' };

describe('engine: registry with bearer-token auth', function () {
  this.timeout(60000);
  let engine: Engine;
  let tokens: TokenServer;
  let registry: RegistryServer;
  let ref = '';

  before(async () => {
    engine = await testEngine();
    tokens = new TokenServer(privateDir('token'), USER);
    await tokens.start();
    registry = new RegistryServer(undefined, { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, certFile: tokens.certFile });
    await registry.start();
    ref = `${registry.address}/layerwise-test/token:${process.pid}`;
    await tagImage(engine, BASE, ref);
  });
  after(async () => {
    if (engine) await removeImages(engine, [ref]);
    engine?.dispose();
    await registry?.destroy();
    await tokens?.stop();
    if (tokens) fs.rmSync(tokens.dir, { recursive: true, force: true });
  });

  it('the engine pushes with a token the service issued for the push scope', async () => {
    await assert.rejects(pushImage(engine, ref), (e: TransferError) => ['not-logged-in', 'unauthorized'].includes(e.kind));
    const pushed = await pushImage(engine, ref, { credentials: USER });
    assert.match(pushed.digest ?? '', /^sha256:/);
    assert.ok(tokens.requests.some(r => r.account === USER.username && /repository:layerwise-test\/token:.*push/.test(r.scope)), JSON.stringify(tokens.requests));
  });

  it('the Registry API client follows the challenge to the token service for catalog and tags', async () => {
    tokens.requests.length = 0;
    const client = new RegistryClient(registry.address, { credentials: USER });
    assert.deepStrictEqual((await client.repositories({ pageSize: 1 })).items, ['layerwise-test/token']);
    assert.deepStrictEqual((await client.tags('layerwise-test/token')).items, [String(process.pid)]);
    assert.match(await client.digest('layerwise-test/token', String(process.pid)) ?? '', /^sha256:/);
    assert.deepStrictEqual([...new Set(tokens.requests.map(r => r.scope))], ['registry:catalog:*', 'repository:layerwise-test/token:pull']);
    await assert.rejects(new RegistryClient(registry.address, { credentials: { ...USER, password: 'nope' } }).repositories(),
      (e: RegistryError) => e.kind === 'unauthorized' && e.message === `The registry ${registry.address} rejected the user name or password.`);
  });
});
