// SSH agent forwarding over the BuildKit session against the real engine and a real ssh-agent.
import * as assert from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build, Engine } from '../../client/src/engine';
import { runCli } from '../support/cliRunner';
import { BASE, removeImages, runIn, tempDir, testEngine, uniqueTag, until } from './support';

/** ssh-add and the libraries it links, copied into the build context: busybox has no ssh client. */
function bundleSshAdd(dir: string): void {
  const bin = execFileSync('sh', ['-c', 'command -v ssh-add'], { encoding: 'utf8' }).trim();
  fs.mkdirSync(path.join(dir, 'ssh'));
  fs.copyFileSync(bin, path.join(dir, 'ssh', 'ssh-add'));
  for (const line of execFileSync('ldd', [bin], { encoding: 'utf8' }).split('\n')) {
    const lib = /(\/\S+)\s+\(0x/.exec(line)?.[1];
    if (lib) fs.copyFileSync(lib, path.join(dir, 'ssh', path.basename(lib)));
  }
}

describe('engine: BuildKit session SSH forwarding', function () {
  this.timeout(180000);
  let engine: Engine;
  let agent: ChildProcess | undefined;
  const tags: string[] = [];
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-ssh-agent-'));
  const socket = path.join(home, 'agent.sock');
  let fingerprint = '';
  before(async () => {
    engine = await testEngine();
    // A private agent (-D: foreground, so the test owns and stops it) holding one fresh key.
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    await until('ssh-agent socket', () => fs.existsSync(socket));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'layerwise-test', '-f', path.join(home, 'key')]);
    execFileSync('ssh-add', [path.join(home, 'key')], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
    fingerprint = execFileSync('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: socket }, encoding: 'utf8' }).trim();
  });
  after(async () => {
    agent?.kill();
    await removeImages(engine, tags);
    engine.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('RUN --mount=type=ssh sees the agent key (library and `layerwise build --ssh default`)', async () => {
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nCOPY ssh /ssh\nRUN --mount=type=ssh /ssh/ld-linux-x86-64.so.2 --library-path /ssh /ssh/ssh-add -l > /keys\n` });
    bundleSshAdd(dir);
    const t = uniqueTag('ssh');
    tags.push(t);
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: t, builder: 'buildkit', noCache: true, ssh: { default: socket } });
    assert.strictEqual(result.ok, true, result.error?.message);
    assert.strictEqual((await runIn(engine, t, ['cat', '/keys'])).stdout.trim(), fingerprint);

    const cli = runCli(['build', dir, '-t', t, '--builder', 'buildkit', '--no-cache', '--ssh', 'default'], { env: { SSH_AUTH_SOCK: socket } });
    assert.strictEqual(cli.code, 0, cli.stderr);
    assert.strictEqual((await runIn(engine, t, ['cat', '/keys'])).stdout.trim(), fingerprint);
  });

  it('an ssh mount without an agent stops before the build with what to pass', async () => {
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nRUN --mount=type=ssh,id=deploy true\n` });
    const missing = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, builder: 'buildkit' });
    assert.match(missing.error?.message ?? '', /SSH mount "deploy" \(line 2\) has no agent: pass --ssh deploy=SOCKET/);
    const notSocket = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, builder: 'buildkit', ssh: { deploy: path.join(dir, 'Dockerfile') } });
    assert.match(notSocket.error?.message ?? '', /is not an agent socket/);
    assert.strictEqual(missing.context, undefined);
  });
});
