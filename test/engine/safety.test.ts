// Safety: user data travels as API fields or argument arrays (never through a shell), bad references and
// ports are refused with clear messages before anything reaches the engine, and secrets stay masked.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { build, Engine, layerHistory, parsePortMapping, runImage } from '../../client/src/engine';
import { BASE, removeImages, tempDir, testEngine, uniqueTag } from './support';

const CLIENT_SRC = path.resolve(__dirname, '../../../client/src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

async function containerNamed(engine: Engine, name: string): Promise<boolean> {
  const all = await (await engine.docker()).listContainers({ all: true, filters: { name: [name] } });
  return all.some(c => c.Names.includes('/' + name));
}

describe('engine: safety', function () {
  this.timeout(120000);
  let engine: Engine;
  const tags: string[] = [];
  before(async () => { engine = await testEngine(); });
  after(async () => { await removeImages(engine, tags); engine.dispose(); });

  it('the client never builds shell command lines: no child_process, no shell: true, no terminal sendText', () => {
    const files = sourceFiles(CLIENT_SRC);
    assert.ok(files.length > 20, `found the client sources in ${CLIENT_SRC}`);
    // Two programs are run as the docker CLI runs them, each with an argument array and no shell: the
    // docker-credential-* helpers and ssh (for ssh:// engines). Nothing else may import child_process.
    const spawners: Record<string, RegExp> = {
      [path.join('engine', 'credentials.ts')]: /spawn\(program, \[action\], \{ env, stdio/,
      [path.join('engine', 'sshTransport.ts')]: /spawn\('ssh', sshArguments\(target, connectTimeoutSeconds\), \{ stdio/,
    };
    const offenders = files.flatMap(f => {
      const text = fs.readFileSync(f, 'utf8');
      const rel = path.relative(CLIENT_SRC, f);
      const spawnsSafely = spawners[rel]?.test(text) && !/\bexec(File)?(Sync)?\s*\(/.test(text) && (text.match(/\bspawn\(/g) ?? []).length === 1;
      return [/\bchild_process\b/, /\bshell\s*:\s*true\b/, /\.sendText\s*\(/, /\bexecSync\s*\(/]
        .filter(re => re.test(text) && !(spawnsSafely && String(re) === String(/\bchild_process\b/))).map(re => `${rel}: ${re}`);
    });
    assert.deepStrictEqual(offenders, []);
    // The one terminal that runs the docker CLI passes an argument array (shellPath + shellArgs).
    const run = fs.readFileSync(path.join(CLIENT_SRC, 'commands/run.ts'), 'utf8');
    assert.ok(/createTerminal\(\{.*shellPath: cli, shellArgs: args/.test(run), "commands/run.ts runs the CLI with shellPath + shellArgs");
  });

  it('runImage refuses an image reference with shell syntax before anything reaches the engine', async () => {
    const name = `lw-safety-${process.pid}`;
    for (const image of ['x; rm -rf /', '$(reboot)', 'busybox && echo hi', 'a|b', '../etc/passwd', '']) {
      await assert.rejects(runImage(engine, { image, name }), (err: Error) => {
        assert.match(err.message, /is not a valid image reference|Enter an image name/, image);
        return true;
      });
    }
    assert.strictEqual(await containerNamed(engine, name), false, 'no container was created');
  });

  it('ports are validated with clear errors: 99999, abc, 0', async () => {
    assert.throws(() => parsePortMapping('99999'), /^Error: Port 99999 in "99999" is out of range: ports are 1–65535\.$/);
    assert.throws(() => parsePortMapping('8080:99999'), /Port 99999 .* out of range/);
    assert.throws(() => parsePortMapping('abc'), /^Error: "abc" is not a port mapping\. Use CONTAINER_PORT\[\/tcp\|udp\] or HOST_PORT:CONTAINER_PORT, e\.g\. 8080:80\.$/);
    assert.throws(() => parsePortMapping('80; rm -rf /'), /is not a port mapping/);
    assert.throws(() => parsePortMapping('0'), /Port 0 .* out of range/);
    const name = `lw-safety-ports-${process.pid}`;
    const bad: Array<[{ containerPort: string; hostPort?: number }, RegExp]> = [
      [{ containerPort: '99999' }, /Port 99999 .* out of range/],
      [{ containerPort: 'abc' }, /"abc" is not a container port/],
      [{ containerPort: '80', hostPort: 99999 }, /Port 99999 .* out of range/],
      [{ containerPort: '80', hostPort: 1.5 }, /Port 1\.5 .* out of range/],
    ];
    for (const [port, message] of bad) await assert.rejects(runImage(engine, { image: BASE, name, ports: [port] }), message);
    await assert.rejects(runImage(engine, { image: BASE, name, env: { 'A=B': '1' } }), /"A=B" is not a valid environment variable name/);
    assert.strictEqual(await containerNamed(engine, name), false, 'no container was created');
  });

  it('environment values and commands reach the container verbatim, as API fields (no shell expansion on our side)', async () => {
    const value = '$(touch /tmp/pwned); `id`; rm -rf / && echo "quoted" \'single\' | cat > x';
    const running = await runImage(engine, { image: BASE, env: { LW_VALUE: value }, cmd: ['sh', '-c', 'printf "%s\\n" "$LW_VALUE"'], ports: [] });
    let out = '';
    const ended = new Promise(r => running.stdout.once('end', r));
    running.stdout.on('data', c => (out += c));
    assert.strictEqual((await running.wait()).exitCode, 0);
    await ended;
    assert.strictEqual(out, value + '\n');
  });

  it('build refuses a tag with shell syntax with a clear message', async () => {
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\n` });
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: 'app; rm -rf /', builder: 'classic' });
    assert.strictEqual(result.ok, false);
    assert.strictEqual(result.error?.message, '"app; rm -rf /" is not a valid image reference. Use name[:tag] (e.g. myapp:1.0, registry.example.com/team/app:latest) or an image id.');
  });

  for (const builder of ['classic', 'buildkit'] as const) {
    it(`${builder}: a successful build with a secret-looking build arg keeps the value out of the output, the result and the build record`, async () => {
      const secret = 'hunter2-' + Math.random().toString(36).slice(2, 10);
      const dir = tempDir({ Dockerfile: `FROM ${BASE}\nARG API_TOKEN\nARG PLAIN\nRUN echo "plain=$PLAIN" && test -n "$API_TOKEN"\nCMD ["sh"]\n` });
      const tag = uniqueTag('secret-' + builder);
      tags.push(tag);
      let output = '';
      const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag, builder, noCache: true,
        buildArgs: { API_TOKEN: secret, PLAIN: 'visible-value' }, onOutput: s => (output += s) });
      assert.strictEqual(result.ok, true, result.error?.message);
      assert.ok(!output.includes(secret), 'output');
      assert.ok(result.record && result.record.layers.length >= 2, 'a record was made');
      assert.ok(!JSON.stringify(result).includes(secret), 'the result (and its record, which is saved to disk) has no secret');
      // Masking keeps the record usable: its RUN layer still maps to line 3.
      assert.strictEqual(result.record!.layers.find(l => l.instruction.startsWith('RUN'))?.line, 3);
      const history = await layerHistory(engine, tag, { records: { findByImage: id => (id === result.imageId ? result.record : undefined) } });
      assert.strictEqual(history.layers.find(l => l.instruction?.startsWith('RUN'))?.line, 3, 'the history view still maps the layer to its line');
    });
  }
});
