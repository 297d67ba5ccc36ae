// `layerwise lint` config files, suppressions, directories, globs, --fix and `layerwise rules`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI_FIXTURES, runCli } from '../support/cliRunner';
import { ALL_RULES } from '../../server/src/rules';

interface JsonFile { file: string; fixed?: number; findings: Array<{ ruleId: string; severity: string; line: number }> }
const json = (stdout: string) => JSON.parse(stdout) as JsonFile[];
const ruleIds = (f: JsonFile) => f.findings.map(x => x.ruleId);

describe('CLI: config, suppressions, inputs, --fix, rules', function () {
  this.timeout(60000);

  it('honours the nearest .layerwise.json, walking up from each file', () => {
    const r = runCli(['lint', '-f', 'json', 'configured/Dockerfile', 'configured/nested/Containerfile']);
    assert.strictEqual(r.code, 1, 'multiple-cmd is raised to error');
    for (const file of json(r.stdout)) {
      assert.deepStrictEqual(file.findings.filter(f => f.ruleId === 'multiple-cmd').map(f => f.severity), ['error'], file.file);
      assert.ok(!ruleIds(file).includes('syntax'), 'syntaxChecks: false');
      assert.ok(!ruleIds(file).some(id => id.includes('base-image-label')), 'category turned off');
    }
    // The same file without the config: default severity and syntax checks on.
    const plain = runCli(['lint', '-f', 'json', '-'], { input: fs.readFileSync(path.join(CLI_FIXTURES, 'configured', 'Dockerfile'), 'utf8') });
    const [file] = json(plain.stdout);
    assert.deepStrictEqual(file.findings.filter(f => f.ruleId === 'multiple-cmd').map(f => f.severity), ['warning']);
    assert.ok(ruleIds(file).includes('syntax'));
  });

  it('--config replaces the nearest config for every file', () => {
    const r = runCli(['lint', '-f', 'json', '--config', 'configured/.layerwise.json', 'warn/Dockerfile']);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(json(r.stdout)[0].findings.filter(f => f.ruleId === 'multiple-cmd').map(f => f.severity), ['error']);
  });

  it('rejects a broken config with exit code 2 and says where', () => {
    const bad = runCli(['lint', 'bad-config/Dockerfile']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /Config file bad-config\/\.layerwise\.json is not valid JSON at line 1, column \d+/);
    const severity = runCli(['lint', 'bad-severity/Dockerfile']);
    assert.strictEqual(severity.code, 2);
    assert.match(severity.stderr, /rules\."multiple-cmd" is "loud"; use one of off, hint, info, warning, error\./);
    const missing = runCli(['lint', '--config', 'nope.json', 'warn/Dockerfile']);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /Cannot read config file nope\.json: it does not exist\./);
  });

  it('warns about unknown rule ids in the config but still lints', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    try {
      fs.writeFileSync(path.join(dir, '.layerwise.json'), JSON.stringify({ rules: { 'multiple-cmds': 'off' } }));
      fs.copyFileSync(path.join(CLI_FIXTURES, 'warn', 'Dockerfile'), path.join(dir, 'Dockerfile'));
      const r = runCli(['lint', '-f', 'json', 'Dockerfile'], { cwd: dir });
      assert.strictEqual(r.code, 0);
      assert.match(r.stderr, /"multiple-cmds" is not a rule id or category/);
      assert.ok(ruleIds(json(r.stdout)[0]).includes('multiple-cmd'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('honours suppression comments', () => {
    const r = runCli(['lint', '-f', 'json', 'suppressed/Dockerfile']);
    assert.ok(!ruleIds(json(r.stdout)[0]).includes('multiple-cmd'));
    const unsuppressed = runCli(['lint', '-f', 'json', '-'], { input: 'FROM local/busybox:1\nCMD ["a"]\nCMD ["b"]\n' });
    assert.ok(ruleIds(json(unsuppressed.stdout)[0]).includes('multiple-cmd'));
  });

  it('finds Dockerfiles in a directory, skipping .dockerignore files and other names', () => {
    const r = runCli(['lint', '-f', 'json', 'tree']);
    assert.deepStrictEqual(json(r.stdout).map(f => f.file), ['tree/Dockerfile', 'tree/svc/Dockerfile.dev', 'tree/svc/api.Dockerfile']);
    const api = json(r.stdout)[2];
    assert.deepStrictEqual(api.findings.filter(f => f.ruleId === 'multiple-cmd').map(f => f.line), [2]);
  });

  it('skips node_modules and .git when searching a directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    try {
      for (const sub of ['node_modules/pkg', '.git/x', '.devcontainer']) {
        fs.mkdirSync(path.join(dir, sub), { recursive: true });
        fs.writeFileSync(path.join(dir, sub, 'Dockerfile'), 'FROM local/busybox:1\n');
      }
      const r = runCli(['lint', '-f', 'json', '.'], { cwd: dir });
      assert.deepStrictEqual(json(r.stdout).map(f => f.file), ['.devcontainer/Dockerfile']);
      assert.strictEqual(runCli(['lint', 'node_modules'], { cwd: path.join(dir, '.git') }).code, 2, 'a directory without Dockerfiles');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('expands globs and lints each file once, in order', () => {
    const r = runCli(['lint', '-f', 'json', 'tree/**/*.Dockerfile', 'warn/Docker*', 'tree/svc/api.Dockerfile']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(json(r.stdout).map(f => f.file), ['tree/svc/api.Dockerfile', 'warn/Dockerfile']);
  });

  it('lints the current directory when no path is given', () => {
    const r = runCli(['lint', '-f', 'json'], { cwd: path.join(CLI_FIXTURES, 'tree', 'svc') });
    assert.deepStrictEqual(json(r.stdout).map(f => f.file), ['Dockerfile.dev', 'api.Dockerfile']);
  });

  it('--fix applies the preferred fixes, writes the file and reports what is left', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    try {
      const file = path.join(dir, 'Dockerfile');
      fs.writeFileSync(file, 'FROM local/busybox:1\r\nCMD ["a"]\r\nENTRYPOINT ["x"]\r\nCMD ["b"]\r\nENTRYPOINT ["y"]\r\n');
      const r = runCli(['lint', '--fix', '-f', 'json', '--config', path.join(CLI_FIXTURES, 'configured', '.layerwise.json'), 'Dockerfile'], { cwd: dir });
      assert.strictEqual(r.code, 0, r.stderr + r.stdout);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), 'FROM local/busybox:1\r\nCMD ["b"]\r\nENTRYPOINT ["y"]\r\n');
      const [result] = json(r.stdout);
      assert.strictEqual(result.fixed, 2);
      assert.ok(!ruleIds(result).includes('multiple-cmd'));
      assert.strictEqual(runCli(['lint', '--fix', '-'], { input: 'FROM x\n' }).code, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`rules` lists every rule with category, severity and title; --help and --version answer', () => {
    const r = runCli(['rules']);
    assert.strictEqual(r.code, 0);
    for (const rule of ALL_RULES) {
      assert.match(r.stdout, new RegExp(`^${rule.id} +${rule.category} +${rule.severity} +.* ${rule.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
    assert.match(r.stdout, /^syntax +syntax +error /m);
    const listed = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as Array<{ id: string }>;
    assert.strictEqual(listed.length, ALL_RULES.length + 1);
    const help = runCli(['--help']);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /Usage: layerwise <command>/);
    const version = JSON.parse(fs.readFileSync(path.join(CLI_FIXTURES, '..', '..', '..', 'package.json'), 'utf8')).version;
    assert.strictEqual(runCli(['--version']).stdout, `${version}\n`);
    assert.strictEqual(runCli([]).code, 2);
  });
});
