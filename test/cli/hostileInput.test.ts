// `layerwise lint` against hostile inputs and file systems (issue #18, CLI part), as subprocesses:
// symlink loops, unreadable directories (as a non-root user), bytes that are not UTF-8, a file that
// changes under --fix, -o over an input, devices and FIFOs, terminal escapes, a BOM, --max-warnings.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import { CLI_JS, runCli } from '../support/cliRunner';
import { writeFixed } from '../../server/src/cli/fix';
import { inspectTty } from '../../server/src/cli/inspect/format';

interface JsonFile { file: string; fixed?: number; findings: Array<{ ruleId: string; line: number }> }
const json = (stdout: string) => JSON.parse(stdout) as JsonFile[];
/** Fixable (multiple-cmd's preferred fix removes the first CMD) and quoting its instruction in the message. */
const FIXABLE = 'FROM local/busybox:1\nCMD ["a"]\nCMD ["b"]\n';

describe('CLI: hostile inputs and file systems', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-hostile-')); });
  afterEach(() => {
    // Give back every permission a test took away, so the folder can be removed.
    execFileSync('chmod', ['-R', 'u+rwx', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const write = (rel: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };

  it('a directory symlink loop: each file once, by real path, and the walk ends', () => {
    write('app/Dockerfile', FIXABLE);
    fs.symlinkSync('..', path.join(dir, 'app', 'loop'));
    fs.symlinkSync(path.join(dir, 'app'), path.join(dir, 'again'));
    fs.symlinkSync('Dockerfile', path.join(dir, 'app', 'Dockerfile.link'));
    const r = runCli(['lint', '-f', 'json', '.', 'app/Dockerfile', 'again/Dockerfile'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(json(r.stdout).map(f => f.file), ['app/Dockerfile'], 'reported once, under its own path rather than a link\'s');
  });

  it('an unreadable subdirectory is named on stderr and the exit code is 2 (run as an unprivileged user)', () => {
    write('ok/Dockerfile', FIXABLE);
    write('secret/Dockerfile', FIXABLE);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'secret'), 0o000);
    // The CLI bundle is self-contained: a copy where the unprivileged user can read it.
    const cli = path.join(dir, 'cli.js');
    fs.copyFileSync(CLI_JS, cli);
    fs.chmodSync(cli, 0o644);
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [process.execPath];
    const r = spawnSync(asUser[0], [...asUser.slice(1), cli, 'lint', '-f', 'json', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
    assert.strictEqual(r.status, 2, r.stderr);
    assert.match(r.stderr, /Cannot read the directory secret: permission denied; the Dockerfiles in it were not linted\./);
    assert.deepStrictEqual(json(r.stdout).map(f => f.file), ['ok/Dockerfile'], 'the readable part is still linted');
  });

  it('--fix refuses a file that is not UTF-8 and leaves its bytes alone; lint alone still reports', () => {
    const latin1 = Buffer.from('FROM local/busybox:1\nLABEL maintainer="Jos\xe9 M\xfcller"\nCMD ["a"]\nCMD ["b"]\n', 'latin1');
    write('Dockerfile', latin1);
    const fix = runCli(['lint', '--fix', '-f', 'json', 'Dockerfile'], { cwd: dir });
    assert.strictEqual(fix.code, 2);
    assert.match(fix.stderr, /Not fixing Dockerfile: it is not valid UTF-8 \(byte 0xE9 on line 2\)\. Convert it to UTF-8/);
    assert.ok(fs.readFileSync(path.join(dir, 'Dockerfile')).equals(latin1), 'the bytes are unchanged');
    assert.ok(json(fix.stdout)[0].findings.some(f => f.ruleId === 'multiple-cmd'));
    const lint = runCli(['lint', '-f', 'json', 'Dockerfile'], { cwd: dir });
    assert.strictEqual(lint.code, 0, lint.stderr);
  });

  it('--fix keeps a byte-order mark, the file mode and a symlink, and leaves no temporary file', () => {
    write('real/Dockerfile', '\uFEFF' + FIXABLE);
    fs.chmodSync(path.join(dir, 'real', 'Dockerfile'), 0o640);
    fs.symlinkSync(path.join('real', 'Dockerfile'), path.join(dir, 'Dockerfile'));
    const r = runCli(['lint', '--fix', '-f', 'json', 'Dockerfile'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(json(r.stdout)[0].fixed, 2);
    assert.ok(fs.lstatSync(path.join(dir, 'Dockerfile')).isSymbolicLink(), 'still a link');
    assert.strictEqual(fs.readFileSync(path.join(dir, 'real', 'Dockerfile'), 'utf8'),
      '\uFEFFFROM local/busybox:1\nLABEL org.opencontainers.image.base.name="local/busybox:1"\nCMD ["b"]\n');
    assert.strictEqual(fs.statSync(path.join(dir, 'real', 'Dockerfile')).mode & 0o777, 0o640);
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'real')), ['Dockerfile']);
  });

  it('--fix writes only if the file is still what was read (a change made meanwhile is kept)', () => {
    const file = path.join(dir, 'Dockerfile');
    write('Dockerfile', FIXABLE);
    const read = fs.readFileSync(file);
    // Another process (an editor) saves the file after the CLI read it.
    fs.writeFileSync(file, FIXABLE + 'EXPOSE 80\n');
    assert.strictEqual(writeFixed(file, read, 'FROM local/busybox:1\nCMD ["b"]\n', false), 'changed');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), FIXABLE + 'EXPOSE 80\n');
    assert.deepStrictEqual(fs.readdirSync(dir), ['Dockerfile'], 'no temporary file left');
    assert.strictEqual(writeFixed(file, fs.readFileSync(file), 'FROM local/busybox:1\n', false), 'written');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'FROM local/busybox:1\n');
  });

  it('-o refuses to replace one of the files being linted, however it is spelled', () => {
    write('sub/Dockerfile', FIXABLE);
    fs.symlinkSync(path.join('sub', 'Dockerfile'), path.join(dir, 'link'));
    for (const output of ['sub/Dockerfile', './sub/../sub/Dockerfile', 'link']) {
      const r = runCli(['lint', '-o', output, 'sub'], { cwd: dir });
      assert.strictEqual(r.code, 2, output);
      assert.match(r.stderr, /is one of the files being linted; the report would replace it/);
      assert.strictEqual(fs.readFileSync(path.join(dir, 'sub', 'Dockerfile'), 'utf8'), FIXABLE);
    }
    assert.strictEqual(runCli(['lint', '-o', 'report.txt', 'sub'], { cwd: dir }).code, 0);
  });

  it('devices, FIFOs and files over the size limit are skipped with a message, never read', () => {
    const zero = runCli(['lint', '/dev/zero', '/dev/null'], { cwd: dir });
    assert.strictEqual(zero.code, 2);
    assert.match(zero.stderr, /Skipped \/dev\/zero: it is a character device, not a regular file\./);
    // A FIFO named like a Dockerfile: opening it for reading would wait forever for a writer.
    write('svc/Dockerfile', FIXABLE);
    execFileSync('mkfifo', [path.join(dir, 'svc', 'Dockerfile.pipe')]);
    const fifo = runCli(['lint', '-f', 'json', 'svc', 'svc/Dockerfile.pipe'], { cwd: dir });
    assert.strictEqual(fifo.code, 2, fifo.stderr);
    assert.match(fifo.stderr, /Skipped svc\/Dockerfile\.pipe: it is a named pipe, not a regular file\./);
    assert.deepStrictEqual(json(fifo.stdout).map(f => f.file), ['svc/Dockerfile']);
    const big = path.join(dir, 'big.Dockerfile');
    fs.writeFileSync(big, FIXABLE);
    fs.truncateSync(big, 3 * 1024 * 1024);
    const large = runCli(['lint', 'big.Dockerfile'], { cwd: dir });
    assert.strictEqual(large.code, 2);
    assert.match(large.stderr, /Skipped big\.Dockerfile: it is 3\.0 MB, above the 2\.0 MB Layerwise lints\./);
    // Standard input is read no further than the limit either.
    const stdin = spawnSync('sh', ['-c', `head -c 3000000 /dev/zero | tr '\\0' a | "${process.execPath}" "${CLI_JS}" lint -`], { encoding: 'utf8' });
    assert.strictEqual(stdin.status, 2);
    assert.match(stdin.stderr, /Skipped <stdin>: it is larger than the 2\.0 MB Layerwise lints\./);
  });

  it('tty output shows control characters from the file and its name escaped, with the caret still aligned', () => {
    const evil = 'FROM local/busybox:1\nCMD ["\x1b]0;pwned\x07\x1b[2J\u202e"]\nCMD ["b"]\n';
    write('Dockerfile.\x1b[31mred', evil);
    const r = runCli(['lint', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f\u202e]/, 'no raw control character reaches the terminal');
    const lines = r.stdout.split('\n');
    const head = lines.findIndex(l => l.startsWith('Dockerfile.\\x1b[31mred:2:1 warning multiple-cmd '));
    assert.ok(head >= 0, r.stdout);
    assert.match(lines[head], /\\x1b\]0;pwned\\x07\\x1b\[2J\\u202e/);
    assert.strictEqual(lines[head + 1], '2 | CMD ["\\x1b]0;pwned\\x07\\x1b[2J\\u202e"]');
    assert.strictEqual(lines[head + 2], '  | ' + '^'.repeat(lines[head + 1].length - 4));
  });

  it('a .layerwise.json with a byte-order mark is read; a config that is not a regular file is refused', () => {
    write('.layerwise.json', '\uFEFF' + JSON.stringify({ rules: { 'multiple-cmd': 'error' } }));
    write('Dockerfile', FIXABLE);
    const r = runCli(['lint', '-f', 'json', 'Dockerfile'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    assert.strictEqual(r.stderr, '');
    // A config that is a pipe (or a device) is refused instead of waited on.
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    const fifo = runCli(['lint', '--config', 'pipe.json', 'Dockerfile'], { cwd: dir });
    assert.strictEqual(fifo.code, 2);
    assert.match(fifo.stderr, /Cannot read config file pipe\.json: it is not a regular file\./);
  });

  it('--max-warnings takes non-negative decimal integers only, with our own message', () => {
    write('Dockerfile', FIXABLE);
    for (const bad of ['-1', '', '0x10', '1e3', ' 7', '1.5', 'ten']) {
      const r = runCli(['lint', '--max-warnings', bad, 'Dockerfile'], { cwd: dir });
      assert.strictEqual(r.code, 2, `--max-warnings ${JSON.stringify(bad)}`);
      assert.ok(r.stderr.startsWith(`layerwise: --max-warnings needs a whole number of 0 or more (like 0 or 10), not "${bad}".`), r.stderr);
      assert.strictEqual(r.stderr.split('\n').length, 2, 'one line');
    }
    assert.match(runCli(['lint', '--max-warnings'], { cwd: dir }).stderr, /^layerwise: --max-warnings needs a value\. /);
    assert.strictEqual(runCli(['lint', '--max-warnings', '1', 'Dockerfile'], { cwd: dir }).code, 1, 'two warnings');
    assert.strictEqual(runCli(['lint', '--max-warnings=2', 'Dockerfile'], { cwd: dir }).code, 0);
  });
});

describe('CLI: inspect\'s tty report escapes what the image carries', () => {
  it('history commands and file paths with escape sequences are shown escaped', () => {
    const contents = {
      image: 'evil:1', imageId: 'sha256:0123456789abcdef', platform: 'linux/amd64', sizeBytes: 10, wastedBytes: 4,
      userSizeBytes: 10, userWastedPercent: 0.4, efficiency: 0.6, inefficientPaths: 1,
      layers: [{ index: 0, sizeBytes: 10, wastedBytes: 4, added: { count: 1 }, modified: { count: 0 }, removed: { count: 0 }, line: undefined,
        createdBy: '/bin/sh -c #(nop) \x1b]0;pwned\x07 CMD ["x"]' }],
      inefficiencies: [{ count: 2, wastedBytes: 4, path: '/app/\x1b[2Jclear\u202etxt.exe' }],
    };
    const out = inspectTty(contents as unknown as Parameters<typeof inspectTty>[0], [], false);
    assert.doesNotMatch(out, /[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    assert.match(out, /\\x1b\]0;pwned\\x07 CMD/);
    assert.match(out, /\/app\/\\x1b\[2Jclear\\u202etxt\.exe/);
  });
});
