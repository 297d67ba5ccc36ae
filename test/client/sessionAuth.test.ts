// The session's Auth service without an engine: the token authority's key and signatures in the form
// BuildKit checks (NaCl signed message, Ed25519), credentials from a DOCKER_CONFIG, and how failures read.
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { registryAuthService } from '../../client/src/engine/session';
import { explainSessionFailure } from '../../client/src/engine/session/explain';
import { UnaryMethod } from '../../client/src/engine/session/grpc';

function withConfig(config: object): { env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-authcfg-'));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return { env: { PATH: process.env.PATH, DOCKER_CONFIG: dir } };
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (service: ReturnType<typeof registryAuthService>, method: string, req: object): Promise<any> =>
  Promise.resolve((service.methods.get(`/moby.filesync.v1.Auth/${method}`) as UnaryMethod<object, object>).handle(req, {}));

describe('session: registry credentials (moby.filesync.v1.Auth)', () => {
  const where = withConfig({ auths: { 'registry.example:5000': { auth: Buffer.from('me:pw').toString('base64') }, 'https://index.docker.io/v1/': { identitytoken: 'refresh-tok' } } });

  it('Credentials: user and password from auths; an identity token as the secret alone; nothing for other hosts', async () => {
    const auth = registryAuthService(where);
    assert.deepStrictEqual(await call(auth, 'Credentials', { Host: 'registry.example:5000' }), { Username: 'me', Secret: 'pw' });
    // BuildKit asks for Docker Hub as registry-1.docker.io; the config keys it as index.docker.io/v1/.
    assert.deepStrictEqual(await call(auth, 'Credentials', { Host: 'registry-1.docker.io' }), { Username: '', Secret: 'refresh-tok' });
    assert.deepStrictEqual(await call(auth, 'Credentials', { Host: 'elsewhere.example' }), {});
    assert.deepStrictEqual(auth.used().map(u => [u.host, u.hadCredentials]), [['registry.example:5000', true], ['registry-1.docker.io', true], ['elsewhere.example', false]]);
  });

  it('token authority: a 32-byte Ed25519 key per host and salt whose signatures verify as NaCl signed messages', async () => {
    const auth = registryAuthService(where);
    const salt = crypto.randomBytes(32);
    const { PublicKey } = await call(auth, 'GetTokenAuthority', { Host: 'registry.example:5000', Salt: salt });
    assert.strictEqual(PublicKey.length, 32);
    const again = await call(auth, 'GetTokenAuthority', { Host: 'registry.example:5000', Salt: salt });
    assert.deepStrictEqual(Buffer.from(again.PublicKey), Buffer.from(PublicKey), 'stable within the session');
    const otherSalt = await call(auth, 'GetTokenAuthority', { Host: 'registry.example:5000', Salt: crypto.randomBytes(32) });
    assert.notDeepStrictEqual(Buffer.from(otherSalt.PublicKey), Buffer.from(PublicKey));

    const payload = crypto.randomBytes(32);
    const { Signed } = await call(auth, 'VerifyTokenAuthority', { Host: 'registry.example:5000', Payload: payload, Salt: salt });
    const signed = Buffer.from(Signed);
    assert.strictEqual(signed.length, 64 + 32);
    assert.deepStrictEqual(signed.subarray(64), payload, 'the message follows the signature');
    const publicKey = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(PublicKey)]), format: 'der', type: 'spki' });
    assert.ok(crypto.verify(null, payload, publicKey, signed.subarray(0, 64)), 'the signature verifies with the announced key');
    // Another session (another seed) cannot vouch for this one's tokens.
    const other = registryAuthService(where);
    const foreign = Buffer.from((await call(other, 'VerifyTokenAuthority', { Host: 'registry.example:5000', Payload: payload, Salt: salt })).Signed);
    assert.ok(!crypto.verify(null, payload, publicKey, foreign.subarray(0, 64)));
  });

  it('without credentials the builder is told to fetch anonymous tokens itself', async () => {
    const auth = registryAuthService(where);
    await assert.rejects(call(auth, 'GetTokenAuthority', { Host: 'elsewhere.example', Salt: Buffer.alloc(32) }), (e: { code: number }) => e.code === 14);
    await assert.rejects(call(auth, 'VerifyTokenAuthority', { Host: 'elsewhere.example', Payload: Buffer.alloc(32), Salt: Buffer.alloc(32) }), (e: { code: number }) => e.code === 12);
  });

  it('a broken config.json is a message naming the host and the file', async () => {
    const broken = withConfig({});
    fs.writeFileSync(path.join(broken.env.DOCKER_CONFIG!, 'config.json'), '{ not json');
    const auth = registryAuthService(broken);
    await assert.rejects(call(auth, 'Credentials', { Host: 'registry.example:5000' }), (e: Error) => /^Registry credentials for registry\.example:5000: .*config\.json is not valid JSON/.test(e.message));
    assert.match(explainSessionFailure('failed to solve: rpc error: code = Internal desc = x', undefined, auth), /^Registry credentials for registry\.example:5000: .*not valid JSON.*\n\(failed to solve/);
  });

  it('explains a builder failure: refused login, no login, a dropped session, or leaves it alone', async () => {
    const auth = registryAuthService(where);
    const said = (host: string) => `failed to solve with frontend dockerfile.v0: failed to create LLB definition: pulling from host ${host} failed with status code [manifests 1]: 401 Unauthorized`;
    assert.strictEqual(explainSessionFailure(said('h:1'), undefined, auth), said('h:1'), 'no host asked: nothing to add');
    await call(auth, 'Credentials', { Host: 'registry.example:5000' });
    assert.match(explainSessionFailure(said('registry.example:5000'), undefined, auth), /^The registry registry\.example:5000 rejected the credentials from the Docker config .*docker login registry\.example:5000\.\n\(failed to solve/);
    await call(auth, 'Credentials', { Host: 'elsewhere.example' });
    // Docker Hub's refusal names no host: the last one the builder asked about is named.
    assert.match(explainSessionFailure('failed to solve with frontend dockerfile.v0: failed to create LLB definition: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed', undefined, auth),
      /^The registry elsewhere\.example requires a login and the Docker config has no credentials for it\. Log in with docker login elsewhere\.example/);
    // A step that failed for its own reasons, mentioning a 401 in its command, is left alone.
    const stepFailure = 'executor failed running [/bin/sh -c curl -f https://api/ || echo 401 Unauthorized]: exit code: 1';
    assert.strictEqual(explainSessionFailure(stepFailure, undefined, auth), stepFailure);
    const dropped = { id: 'x', closed: true, close() { /* */ }, onCall() { /* */ } };
    assert.match(explainSessionFailure('failed to get secret', dropped, auth), /^The build session with the Docker engine closed during the build/);
    assert.strictEqual(explainSessionFailure('exit code: 1', { ...dropped, closed: false }, auth), 'exit code: 1');
  });
});
