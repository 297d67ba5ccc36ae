// `layerwise lint` as a subprocess on the fixtures in test/fixtures/cli: formats, exit codes, inputs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { CLI_FIXTURES, CLI_JS, runCli } from '../support/cliRunner';
import { REPO_ROOT } from '../support/lspClient';

interface JsonFinding { ruleId: string; category: string; severity: string; message: string; line: number; column: number; range: { start: { line: number; character: number } }; docs: string | null; equivalents: Record<string, string[]>; fixes: string[] }
interface JsonFile { file: string; findings: JsonFinding[]; fixed?: number }
const json = (stdout: string) => JSON.parse(stdout) as JsonFile[];

describe('CLI: layerwise lint', function () {
  this.timeout(60000);

  it('tty: location, severity, rule id, message, the source line and a caret under the range, then a summary', () => {
    const r = runCli(['lint', 'warn/Dockerfile']);
    assert.strictEqual(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('warn/Dockerfile:2:1 warning multiple-cmd CMD at line 2 `CMD ["a"]` has no effect: line 3 `CMD ["b"]` replaces it.');
    assert.ok(at >= 0, r.stdout);
    assert.strictEqual(lines[at + 1], '2 | CMD ["a"]');
    assert.strictEqual(lines[at + 2], '  | ^^^^^^^^^');
    assert.match(r.stdout, /\d+ problems? \(0 errors, \d+ warnings?, \d+ info, \d+ hints?\) in 1 file\.\n$/);
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour when stdout is not a terminal');
  });

  it('tty: the caret lines up under a tab-indented instruction and the syntax error', () => {
    const r = runCli(['lint', 'broken/Dockerfile']);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex(l => l.startsWith('broken/Dockerfile:2:2 error syntax '));
    assert.ok(at >= 0, r.stdout);
    assert.deepStrictEqual(lines.slice(at + 1, at + 3), ['2 | \tFROOM x', '  | \t^^^^^']);
  });

  it('colours only on a terminal, and never with NO_COLOR', () => {
    const viaTerminal = (env: NodeJS.ProcessEnv) => spawnSync('script', ['-qec', `"${process.execPath}" "${CLI_JS}" lint warn/Dockerfile`, '/dev/null'],
      { cwd: CLI_FIXTURES, encoding: 'utf8', env: { ...process.env, ...env } }).stdout;
    assert.match(viaTerminal({ NO_COLOR: '' }), /\x1b\[33mwarning\x1b\[0m/);
    assert.doesNotMatch(viaTerminal({ NO_COLOR: '1' }), /\x1b\[/);
  });

  it('json: one entry per file with rule id, category, severity, ranges, docs, equivalents and fix titles', () => {
    const r = runCli(['lint', '--format', 'json', 'warn/Dockerfile', 'suppressed/Dockerfile']);
    assert.strictEqual(r.code, 0, r.stderr);
    const files = json(r.stdout);
    assert.deepStrictEqual(files.map(f => f.file), ['warn/Dockerfile', 'suppressed/Dockerfile']);
    const cmd = files[0].findings.find(f => f.ruleId === 'multiple-cmd');
    assert.ok(cmd);
    assert.deepStrictEqual(
      { ...cmd, range: undefined },
      {
        ruleId: 'multiple-cmd', category: 'run-vs-cmd', severity: 'warning', line: 2, column: 1, range: undefined,
        message: 'CMD at line 2 `CMD ["a"]` has no effect: line 3 `CMD ["b"]` replaces it.',
        docs: path.join(REPO_ROOT, 'docs', 'rules', 'multiple-cmd.md'),
        equivalents: { hadolint: ['DL4003', 'DL4004', 'DL3012'], buildkit: ['MultipleInstructionsDisallowed'] },
        fixes: ['Remove the overridden CMD'],
      });
    assert.deepStrictEqual(cmd.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
  });

  it('sarif: valid 2.1.0 structure with rule metadata and one-based locations', () => {
    const r = runCli(['lint', '-f', 'sarif', 'warn/Dockerfile', 'broken/Dockerfile']);
    assert.strictEqual(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.strictEqual(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.strictEqual(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.strictEqual(driver.name, 'layerwise');
    const ids: string[] = driver.rules.map((x: { id: string }) => x.id);
    assert.ok(ids.includes('multiple-cmd') && ids.includes('syntax'), ids.join());
    assert.strictEqual(new Set(ids).size, ids.length, 'rule ids are unique');
    const rule = driver.rules[ids.indexOf('multiple-cmd')];
    assert.strictEqual(rule.name, 'MultipleCmd');
    // No public URL exists: no helpUri; the rule page itself is the help.
    assert.strictEqual(rule.helpUri, undefined);
    assert.strictEqual(rule.help.markdown, fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', 'multiple-cmd.md'), 'utf8'));
    assert.strictEqual(driver.informationUri, undefined);
    assert.strictEqual(rule.defaultConfiguration.level, 'warning');
    assert.strictEqual(rule.properties.category, 'run-vs-cmd');
    assert.deepStrictEqual(rule.properties.equivalents.hadolint, ['DL4003', 'DL4004', 'DL3012']);
    assert.ok(rule.shortDescription.text.length > 0 && rule.fullDescription.text.length > 0);
    for (const result of log.runs[0].results) {
      assert.ok(ids.includes(result.ruleId));
      assert.strictEqual(ids[result.ruleIndex], result.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(result.level));
      assert.ok(result.message.text.length > 0);
      assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
    }
    const cmd = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'multiple-cmd');
    assert.deepStrictEqual(cmd.locations[0].physicalLocation, {
      artifactLocation: { uri: 'warn/Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 10 },
    });
    const syntax = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'syntax');
    assert.strictEqual(syntax.level, 'error');
    assert.strictEqual(syntax.locations[0].physicalLocation.artifactLocation.uri, 'broken/Dockerfile');
    assert.strictEqual(syntax.locations[0].physicalLocation.region.startColumn, 2);
  });

  it('exit codes: 0 without error-level findings, 1 with one, 1 past --max-warnings', () => {
    const ok = runCli(['lint', '-f', 'json', 'warn/Dockerfile']);
    assert.strictEqual(ok.code, 0);
    assert.ok(json(ok.stdout)[0].findings.every(f => f.severity !== 'error'));
    assert.strictEqual(runCli(['lint', 'broken/Dockerfile']).code, 1);
    assert.strictEqual(runCli(['lint', 'warn/Dockerfile', '--max-warnings', '1000']).code, 0);
    const tooMany = runCli(['lint', 'warn/Dockerfile', '--max-warnings', '0']);
    assert.strictEqual(tooMany.code, 1);
    assert.match(tooMany.stderr, /warnings? is more than --max-warnings 0/);
  });

  it('exit code 2 with a sentence naming the problem: unknown flag, format, command, missing file, empty glob', () => {
    const cases: Array<[string[], RegExp]> = [
      [['lint', '--colour', 'warn/Dockerfile'], /Unknown option '--colour'\. Run `layerwise --help`/],
      [['lint', '--format', 'xml', 'warn/Dockerfile'], /Unknown format "xml"; use tty, json, sarif, checkstyle, gitlab, gnu, github\./],
      [['lint', 'no/such/Dockerfile'], /Cannot lint no\/such\/Dockerfile: it does not exist\./],
      [['lint', 'nothing/**/*.Dockerfile'], /No files matched the pattern nothing\/\*\*\/\*\.Dockerfile\./],
      [['lint', 'warn', '--max-warnings', 'lots'], /--max-warnings needs a whole number/],
      [['warn/Dockerfile'], /Unknown command "warn\/Dockerfile"\. To lint it, run `layerwise lint warn\/Dockerfile`\./],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('exit code 2 for a file that cannot be read, naming it, while the other files are still reported', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    try {
      fs.copyFileSync(path.join(CLI_FIXTURES, 'warn', 'Dockerfile'), path.join(dir, 'Dockerfile'));
      fs.symlinkSync(path.join(dir, 'gone'), path.join(dir, 'Dockerfile.dangling'));
      const r = runCli(['lint', '-f', 'json', 'Dockerfile.dangling', 'Dockerfile'], { cwd: dir });
      assert.strictEqual(r.code, 2);
      assert.strictEqual(r.stderr, 'layerwise: Cannot lint Dockerfile.dangling: it does not exist.\n');
      assert.deepStrictEqual(json(r.stdout).map(f => f.file), ['Dockerfile']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('binary input is refused with a message and exit code 2, other files still linted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
      fs.copyFileSync(path.join(CLI_FIXTURES, 'warn', 'Dockerfile'), path.join(dir, 'Dockerfile'));
      const r = runCli(['lint', '-f', 'json', '.'], { cwd: dir });
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /Skipped Dockerfile\.bin: it looks like a binary file, not a Dockerfile\./);
      assert.deepStrictEqual(json(r.stdout).map(f => f.file), ['Dockerfile']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads - from stdin', () => {
    const r = runCli(['lint', '-f', 'json', '-'], { input: 'FROM local/busybox:1\nCMD ["a"]\nCMD ["b"]\n' });
    assert.strictEqual(r.code, 0, r.stderr);
    const [file] = json(r.stdout);
    assert.strictEqual(file.file, '<stdin>');
    assert.strictEqual(file.findings.filter(f => f.ruleId === 'multiple-cmd').length, 1);
  });

  it('--output writes the report to a file', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-')), 'report.sarif');
    try {
      const r = runCli(['lint', '-f', 'sarif', '-o', out, 'warn/Dockerfile']);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.strictEqual(r.stdout, '');
      assert.strictEqual(JSON.parse(fs.readFileSync(out, 'utf8')).version, '2.1.0');
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});
