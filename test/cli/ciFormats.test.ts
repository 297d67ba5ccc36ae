// `layerwise lint --format checkstyle|gitlab|gnu|github` as a subprocess: each format parses as its
// consumer reads it, carries every finding, and never passes a control character through.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cliRunner';

describe('CLI: CI report formats', function () {
  this.timeout(60000);
  let dir: string;
  const HOSTILE = 'FROM alpine\nCMD ["a"]\nCMD ["b\x1b]0;owned\x07"]\n';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-formats-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), HOSTILE);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (format: string) => {
    const r = runCli(['lint', '--format', format, 'Dockerfile'], { cwd: dir });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f]/, `${format}: no raw control characters`);
    return r.stdout;
  };
  const expected = () => JSON.parse(runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir }).stdout)[0].findings as Array<{ ruleId: string; line: number; column: number; severity: string }>;

  it('gnu: one `file:line:col: severity: message [rule]` line per finding', () => {
    const lines = run('gnu').trimEnd().split('\n');
    const want = expected();
    assert.strictEqual(lines.length, want.length);
    want.forEach((f, i) => assert.match(lines[i], new RegExp(`^Dockerfile:${f.line}:${f.column}: ${f.severity}: .+ \\[${f.ruleId}\\]$`)));
  });

  it('github: workflow-command annotations with file, line, column and an escaped message', () => {
    const lines = run('github').trimEnd().split('\n');
    const want = expected();
    assert.strictEqual(lines.length, want.length);
    const levels: Record<string, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };
    want.forEach((f, i) => assert.match(lines[i], new RegExp(`^::${levels[f.severity]} file=Dockerfile,line=${f.line},col=${f.column},endLine=\\d+,endColumn=\\d+,title=Layerwise ${f.ruleId}::[^\\n]+$`)));
  });

  it('checkstyle: well-formed XML with one <error> per finding', () => {
    const out = run('checkstyle');
    assert.match(out, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<checkstyle version="4.3">\n  <file name="Dockerfile">\n/);
    const errors = [...out.matchAll(/<error line="(\d+)" column="(\d+)" severity="(error|warning|info)" message="([^"<>]*)" source="layerwise\.([a-z-]+)"\/>/g)];
    assert.deepStrictEqual(errors.map(e => `${e[5]}:${e[1]}:${e[2]}`), expected().map(f => `${f.ruleId}:${f.line}:${f.column}`));
    assert.match(out, /<\/file>\n<\/checkstyle>\n$/);
  });

  it('gitlab: a Code Quality issue list with stable fingerprints and locations', () => {
    const issues = JSON.parse(run('gitlab')) as Array<{ check_name: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } }>;
    assert.deepStrictEqual(issues.map(i => `${i.check_name}:${i.location.lines.begin}`), expected().map(f => `${f.ruleId}:${f.line}`));
    for (const i of issues) {
      assert.match(i.fingerprint, /^[0-9a-f]{32}$/);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity));
      assert.strictEqual(i.location.path, 'Dockerfile');
    }
    assert.deepStrictEqual(JSON.parse(run('gitlab')).map((i: { fingerprint: string }) => i.fingerprint), issues.map(i => i.fingerprint), 'same findings, same fingerprints');
    assert.strictEqual(new Set(issues.map(i => i.fingerprint)).size, issues.length, 'one fingerprint per finding');
  });
});
