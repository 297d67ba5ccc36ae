// Registry credentials through the BuildKit session: a private base image pulled by the builder with
// the credentials of a Docker config (auths, and a docker-credential-* helper), for a basic-auth
// registry and a bearer-token registry whose tokens the session fetches itself.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { build, Engine, openSessionCount, pushImage, tagImage } from '../../client/src/engine';
import { runCli } from '../support/cliRunner';
import { RegistryServer } from './servers/registry';
import { TokenServer } from './servers/tokenServer';
import { privateDir } from './servers/common';
import { BASE, removeImages, tempDir, testEngine, uniqueTag } from './support';

const BASIC_USER = { username: 'session-user', password: 'session pass' };
const TOKEN_USER = { username: 'token-user', password: 'token-pass' };

/** A DOCKER_CONFIG folder with this config.json (and an optional folder of helper programs for PATH). */
function dockerConfig(config: object, helpers: Record<string, string> = {}): { env: NodeJS.ProcessEnv } {
  const dir = privateDir('dockercfg');
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const [name, script] of Object.entries(helpers)) fs.writeFileSync(path.join(bin, name), script, { mode: 0o755 });
  return { env: { ...process.env, DOCKER_CONFIG: dir, PATH: `${bin}:${process.env.PATH}` } };
}
const auth = (u: { username: string; password: string }) => Buffer.from(`${u.username}:${u.password}`).toString('base64');

describe('engine: registry credentials through the BuildKit session', function () {
  this.timeout(120000);
  let engine: Engine;
  const basic = new RegistryServer(BASIC_USER);
  let tokens: TokenServer;
  let tokenRegistry: RegistryServer;
  const made: string[] = [];
  const configs: string[] = [];

  /** Pushes BASE as `ref` with `user`, then forgets the local name so only the registry has it. */
  async function privateBase(ref: string, user: { username: string; password: string }): Promise<void> {
    await tagImage(engine, BASE, ref);
    await pushImage(engine, ref, { credentials: user });
    await (await engine.docker()).getImage(ref).remove();
  }
  async function buildFrom(base: string, where: { env: NodeJS.ProcessEnv }) {
    configs.push(where.env.DOCKER_CONFIG!);
    const dir = tempDir({ Dockerfile: `FROM ${base}\nRUN echo built-on-private-base > /marker\n` });
    const tag = uniqueTag('private-base');
    made.push(tag);
    let output = '';
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag, builder: 'buildkit', noCache: true, dockerConfig: where, onOutput: s => (output += s) });
    return { result, output };
  }

  before(async () => {
    engine = await testEngine();
    tokens = new TokenServer(privateDir('token'), TOKEN_USER);
    await Promise.all([basic.start(), tokens.start()]);
    tokenRegistry = new RegistryServer(undefined, { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, certFile: tokens.certFile });
    await tokenRegistry.start();
  });
  after(async () => {
    if (engine) await removeImages(engine, made);
    engine?.dispose();
    await Promise.all([basic.destroy(), tokenRegistry?.destroy(), tokens?.stop()]);
    if (tokens) fs.rmSync(tokens.dir, { recursive: true, force: true });
    for (const c of configs) fs.rmSync(c, { recursive: true, force: true });
  });

  it('basic auth: no login and a wrong password are clear messages; the auths entry of config.json pulls the base', async () => {
    const ref = `${basic.address}/layerwise-test/private-base:${process.pid}`;
    await privateBase(ref, BASIC_USER);

    const none = await buildFrom(ref, dockerConfig({}));
    assert.strictEqual(none.result.ok, false);
    assert.match(none.result.error!.message, new RegExp(`^The registry ${basic.address.replace(/\./g, '\\.')} requires a login and the Docker config has no credentials for it\\. Log in with docker login ${basic.address.replace(/\./g, '\\.')}`));

    const wrongPassword = `wrong-${process.pid}`;
    const wrong = await buildFrom(ref, dockerConfig({ auths: { [basic.address]: { auth: auth({ ...BASIC_USER, password: wrongPassword }) } } }));
    assert.strictEqual(wrong.result.ok, false);
    assert.match(wrong.result.error!.message, new RegExp(`^The registry ${basic.address.replace(/\./g, '\\.')} rejected the credentials from the Docker config`));
    assert.ok(!wrong.result.error!.message.includes(wrongPassword), 'the password is in the message');

    const right = await buildFrom(ref, dockerConfig({ auths: { [basic.address]: { auth: auth(BASIC_USER) } } }));
    assert.strictEqual(right.result.ok, true, right.result.error?.message);
    assert.ok(!right.output.includes(BASIC_USER.password) && !JSON.stringify(right.result).includes(BASIC_USER.password), 'the password reached the output or the record');
    assert.strictEqual(openSessionCount(), 0, 'a session outlived its build');

    // The CLI twin: the same session, credentials from DOCKER_CONFIG as the docker CLI reads them.
    const dir = tempDir({ Dockerfile: `FROM ${ref}\nRUN echo cli > /marker\n` });
    const cliTag = uniqueTag('cli-private-base');
    made.push(cliTag);
    const logged = dockerConfig({ auths: { [basic.address]: { auth: auth(BASIC_USER) } } });
    const anonymous = dockerConfig({});
    configs.push(logged.env.DOCKER_CONFIG!, anonymous.env.DOCKER_CONFIG!);
    const ok = runCli(['build', dir, '-t', cliTag, '--builder', 'buildkit', '--no-cache', '--format', 'json'], { env: { DOCKER_CONFIG: logged.env.DOCKER_CONFIG } });
    assert.strictEqual(ok.code, 0, ok.stderr);
    assert.ok(!ok.stdout.includes(BASIC_USER.password) && !ok.stderr.includes(BASIC_USER.password), 'the CLI printed the password');
    const refused = runCli(['build', dir, '--builder', 'buildkit', '--no-cache'], { env: { DOCKER_CONFIG: anonymous.env.DOCKER_CONFIG } });
    assert.strictEqual(refused.code, 1, refused.stdout + refused.stderr);
    assert.ok(refused.stderr.includes(`The registry ${basic.address} requires a login and the Docker config has no credentials for it. Log in with docker login ${basic.address}`), refused.stderr);
  });

  it('bearer tokens: a credHelpers helper supplies the login and the session fetches the token itself; a wrong one is named', async () => {
    const ref = `${tokenRegistry.address}/layerwise-test/token-base:${process.pid}`;
    await privateBase(ref, TOKEN_USER);
    const helper = (u: { username: string; password: string }) => [
      '#!/bin/sh',
      // docker-credential-* protocol: the action is the argument, the server URL comes on stdin.
      'read server',
      `[ "$1" = get ] && [ "$server" = "${tokenRegistry.address}" ] && printf '%s' '${JSON.stringify({ ServerURL: tokenRegistry.address, Username: u.username, Secret: u.password })}' && exit 0`,
      'echo "credentials not found in native keychain"; exit 1',
      '',
    ].join('\n');

    tokens.requests.length = 0;
    const good = await buildFrom(ref, dockerConfig({ credHelpers: { [tokenRegistry.address]: 'lwtest' } }, { 'docker-credential-lwtest': helper(TOKEN_USER) }));
    assert.strictEqual(good.result.ok, true, good.result.error?.message);
    const pulls = tokens.requests.filter(r => /repository:layerwise-test\/token-base:pull/.test(r.scope));
    assert.ok(pulls.length > 0, JSON.stringify(tokens.requests));
    // Fetched by the session (our user agent), so the password never went to the engine.
    assert.ok(pulls.every(r => r.account === TOKEN_USER.username && r.userAgent === 'layerwise'), JSON.stringify(pulls));

    const bad = await buildFrom(ref, dockerConfig({ credHelpers: { [tokenRegistry.address]: 'lwtest' } }, { 'docker-credential-lwtest': helper({ ...TOKEN_USER, password: 'nope' }) }));
    assert.strictEqual(bad.result.ok, false);
    assert.strictEqual(bad.result.error!.message, `Pulling from ${tokenRegistry.address} failed: the registry ${tokenRegistry.address} rejected the credentials from the Docker config (wrong user name, password or expired token); log in again with docker login ${tokenRegistry.address}.`);

    // An identity token (what `docker login` keeps for registries that hand out OAuth2 refresh tokens):
    // the session trades it for an access token with the refresh-token grant.
    const refresh = `refresh-${process.pid}`;
    tokens.refreshTokens.set(refresh, TOKEN_USER.username);
    tokens.requests.length = 0;
    const byRefresh = await buildFrom(ref, dockerConfig({ auths: { [tokenRegistry.address]: { identitytoken: refresh } } }));
    assert.strictEqual(byRefresh.result.ok, true, byRefresh.result.error?.message);
    const grants = tokens.requests.filter(r => /repository:layerwise-test\/token-base:pull/.test(r.scope));
    assert.ok(grants.length > 0 && grants.every(r => r.grant === 'refresh_token' && r.account === TOKEN_USER.username && r.userAgent === 'layerwise'), JSON.stringify(tokens.requests));

    const missingHelper = await buildFrom(ref, dockerConfig({ credHelpers: { [tokenRegistry.address]: 'not-installed' } }));
    assert.strictEqual(missingHelper.result.ok, false);
    assert.strictEqual(missingHelper.result.error!.message, `Registry credentials for ${tokenRegistry.address}: The credential helper docker-credential-not-installed named in the Docker config is not installed (not found on PATH).`);
    assert.strictEqual(openSessionCount(), 0, 'a session outlived its build');
  });
});
