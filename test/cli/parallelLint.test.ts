// `layerwise lint` on worker threads prints exactly what one thread prints: the same stdout, stderr
// and exit code, files in the same order, over a tree with findings, configs at several levels
// (.layerwise.json, .hadolint.yaml, a broken one), build-context files and odd inputs. Subprocesses.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { CliRun, runCli } from '../support/cliRunner';
import { REPO_ROOT } from '../support/lspClient';

const THREAD_CPU = path.join(REPO_ROOT, 'bench', 'lib', 'threadCpu.cjs');

/** A small Dockerfile with findings that differ from file to file. */
function dockerfile(i: number): string {
  const lines = [`FROM ${i % 3 === 0 ? 'ubuntu' : `local/busybox:${i}`}`];
  if (i % 2 === 0) lines.push('RUN apt-get update', 'RUN apt-get install -y curl');
  if (i % 5 === 0) lines.push('COPY . /app', 'RUN npm install');
  if (i % 7 === 0) lines.push('FROOM x');
  if (i % 11 === 0) lines.push(`LABEL title="\x1b]0;owned\x07 ${i}"`);
  if (i % 4 === 1) lines.push('COPY secret.key /etc/');
  lines.push(`CMD ["a${i}"]`, 'CMD ["b"]');
  return lines.join(i % 9 === 0 ? '\r\n' : '\n') + '\n';
}

describe('CLI: lint on worker threads', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-parallel-'));
    const write = (rel: string, text: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    write('.layerwise.json', JSON.stringify({ rules: { 'multiple-cmd': 'error' } }));
    write('a/.layerwise.json', JSON.stringify({ profile: 'strict', unknownKey: 1 }));
    write('b/.hadolint.yaml', 'ignored: [DL3008]\nfailure-threshold: none\n');
    write('c/.hadolint.yaml', 'ignored: [\n');
    write('c/d/.hadolint.yml', 'override:\n  error: [DL3009]\n');
    const homes = ['', 'a/', 'a/x/', 'b/', 'b/y/', 'c/', 'c/d/', 'c/d/e/'];
    for (let i = 0; i < 80; i++) {
      const at = `${homes[i % homes.length]}s${String(i).padStart(2, '0')}/`;
      write(`${at}${i % 6 === 0 ? 'api.Dockerfile' : 'Dockerfile'}`, dockerfile(i));
      // Build-context files the rules read: an ignored copy source, a manifest for the fixes.
      if (i % 4 === 1) { write(`${at}.dockerignore`, '*.key\n'); write(`${at}secret.key`, 'k'); }
      if (i % 5 === 0) write(`${at}package.json`, '{}');
    }
    write('odd/empty/Dockerfile', '');
    write('odd/bom/Dockerfile', '\uFEFFFROM ubuntu\nCMD ["a"]\nCMD ["b"]\n');
    write('odd/latin1/Dockerfile', Buffer.from('FROM ubuntu\nLABEL a="caf\xe9"\n', 'latin1'));
    write('odd/binary/Dockerfile', Buffer.from([0x46, 0x52, 0, 1, 2]));
    execFileSync('mkfifo', [path.join(dir, 'odd', 'fifo.Dockerfile')]);
    fs.symlinkSync(path.join(dir, 's01', 'Dockerfile'), path.join(dir, 'odd', 'linked.Dockerfile'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lint = (workers: number, args: string[], env: NodeJS.ProcessEnv = {}): CliRun =>
    runCli(['lint', ...args], { cwd: dir, input: 'FROM ubuntu\nCMD ["a"]\nCMD ["b"]\n', env: { LAYERWISE_WORKERS: String(workers), ...env } });
  const same = (a: CliRun, b: CliRun, what: string) => {
    assert.strictEqual(b.stdout, a.stdout, `${what}: stdout`);
    assert.strictEqual(b.stderr, a.stderr, `${what}: stderr`);
    assert.strictEqual(b.code, a.code, `${what}: exit code`);
  };

  it('json: 1 thread and 2 or 3 workers print the same bytes, files in input order, and workers really ran', () => {
    const cpu = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-threads-'));
    try {
      const args = ['--format', 'json', '.', 'missing/Dockerfile', '-'];
      const one = lint(1, args);
      const three = lint(3, args, { NODE_OPTIONS: `-r ${THREAD_CPU}`, LAYERWISE_BENCH_CPU_DIR: cpu });
      same(one, three, '3 workers');
      same(one, lint(2, args), '2 workers');
      // bench/lib/threadCpu.cjs leaves one file per worker thread that replied.
      if (process.platform === 'linux') assert.strictEqual(fs.readdirSync(cpu).filter(f => f.startsWith('worker-')).length, 3);
    } finally {
      fs.rmSync(cpu, { recursive: true, force: true });
    }
    const one = lint(1, ['--format', 'json', '.', '-']);
    const files = (JSON.parse(one.stdout) as Array<{ file: string; findings: unknown[] }>);
    assert.ok(files.length >= 80, `${files.length} files`);
    const paths = files.map(f => f.file);
    assert.deepStrictEqual(paths.slice(0, -1), [...paths.slice(0, -1)].sort(), 'the walk order');
    assert.strictEqual(paths[paths.length - 1], '<stdin>');
    assert.ok(files.filter(f => f.findings.length > 0).length > 70);
    assert.strictEqual(one.code, 2, 'the binary file and the FIFO are input problems');
    assert.match(one.stderr, /unknown key "unknownKey"/);
    assert.strictEqual(one.stderr.split('c/.hadolint.yaml line').length - 1, 1, `a broken .hadolint.yaml is reported once:\n${one.stderr}`);
    assert.match(one.stderr, /Skipped odd\/binary\/Dockerfile: it looks like a binary file/);
  });

  // The other formats' parts are checked against their whole-report formatters in reportStream.test.ts.
  for (const format of ['tty', 'checkstyle']) {
    it(`${format}: the same bytes from 1 thread and 2 workers`, () => {
      same(lint(1, ['--format', format, '.']), lint(2, ['--format', format, '.']), format);
    });
  }

  it('--output and exit codes: the same report file, and 1 when only findings fail', () => {
    const report = (workers: number) => {
      const out = path.join(os.tmpdir(), `layerwise-parallel-${process.pid}-${workers}.sarif`);
      try {
        const r = lint(workers, ['--format', 'sarif', '-o', out, 'a', 'b', 'c']);
        return { ...r, stdout: fs.readFileSync(out, 'utf8') };
      } finally {
        fs.rmSync(out, { force: true });
      }
    };
    const one = report(1);
    same(one, report(2), '--output');
    assert.strictEqual(one.code, 1, one.stderr);
    assert.ok(JSON.parse(one.stdout).runs[0].results.length > 0);
  });
});
