// `--profile`, `"profile"` in .layerwise.json, and what `layerwise rules` says about profiles.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cliRunner';

interface JsonFile { findings: Array<{ ruleId: string; severity: string }> }
const TEXT = 'FROM python:3.12\nRUN pip install flask\nCMD python app.py\n';

describe('CLI: profiles', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-profile-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), TEXT);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const lint = (args: string[]) => {
    const r = runCli(['lint', '-f', 'json', ...args, 'Dockerfile'], { cwd: dir });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return (JSON.parse(r.stdout) as JsonFile[])[0].findings.map(f => `${f.ruleId}:${f.severity}`);
  };

  it('--profile hadolint runs hadolint\'s rules at hadolint\'s severities; the config\'s "profile" applies without it', () => {
    assert.ok(lint([]).includes('missing-base-image-label:warning'));
    assert.ok(lint([]).includes('pip-no-cache-dir:info'));
    const h = lint(['--profile', 'hadolint']);
    assert.ok(h.includes('pip-no-cache-dir:warning') && !h.some(f => f.startsWith('missing-base-image-label')), h.join());
    fs.writeFileSync(path.join(dir, '.layerwise.json'), JSON.stringify({ profile: 'hadolint', rules: { 'pip-no-cache-dir': 'error' } }));
    try {
      const fromConfig = lint([]);
      assert.ok(fromConfig.includes('pip-no-cache-dir:error') && !fromConfig.some(f => f.startsWith('missing-base-image-label')), fromConfig.join());
      assert.ok(lint(['--profile', 'recommended']).includes('missing-base-image-label:warning'), '--profile wins over the config');
    } finally {
      fs.rmSync(path.join(dir, '.layerwise.json'));
    }
  });

  it('an unknown profile is a usage error, on the command line and in the config', () => {
    const bad = runCli(['lint', '--profile', 'lax', 'Dockerfile'], { cwd: dir });
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /Unknown profile "lax"; use recommended, strict, hadolint/);
    fs.writeFileSync(path.join(dir, '.layerwise.json'), '{ "profile": 3 }');
    try {
      const r = runCli(['lint', 'Dockerfile'], { cwd: dir });
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /"profile" is 3; use one of recommended, strict, hadolint/);
    } finally {
      fs.rmSync(path.join(dir, '.layerwise.json'));
    }
  });

  it('`rules` shows each rule\'s profiles and equivalents; --profile lists the rules it turns on', () => {
    const text = runCli(['rules']).stdout;
    assert.match(text, /^pip-no-cache-dir +best-practice +info +recommended strict hadolint:warning +DL3042 +/m);
    assert.match(text, /^missing-base-image-label +base-image-label +warning +recommended strict +— +/m);
    assert.match(text, /^undefined-var +best-practice +warning +recommended strict +UndefinedVar +/m);
    const rules = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as Array<{ id: string; profiles: Record<string, string> }>;
    assert.deepStrictEqual(rules.find(r => r.id === 'copy-from-own-stage')?.profiles, { recommended: 'error', strict: 'error', hadolint: 'error' });
    const hadolint = JSON.parse(runCli(['rules', '--format', 'json', '--profile', 'hadolint']).stdout) as Array<{ id: string }>;
    assert.ok(hadolint.some(r => r.id === 'pip-no-cache-dir') && !hadolint.some(r => r.id === 'missing-base-image-label'));
    assert.strictEqual(runCli(['rules', '--profile', 'x']).code, 2);
  });
});
