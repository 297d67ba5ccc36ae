import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cliRunner';
import { HadolintConfigCache, parseHadolintConfig } from '../../server/src/hadolintConfig';

const TWO_CMDS = 'FROM alpine:3.20\nLABEL org.opencontainers.image.base.name=alpine:3.20\nCMD ["a"]\nCMD ["b"]\n';

describe('.hadolint.yaml', () => {
  let root: string;
  let home: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-hadolint-'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-hadolint-home-'));
  });
  afterEach(() => { fs.rmSync(root, { recursive: true, force: true }); fs.rmSync(home, { recursive: true, force: true }); });
  const write = (rel: string, text: string) => { fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true }); fs.writeFileSync(path.join(root, rel), text); };
  const lint = (rel = 'Dockerfile') => {
    const r = runCli(['lint', '--format', 'json', rel], { cwd: root, env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') } });
    const findings = (JSON.parse(r.stdout) as Array<{ findings: Array<{ ruleId: string; severity: string }> }>).flatMap(f => f.findings);
    return { ...r, findings };
  };

  it('parses ignored, override, failure-threshold, trustedRegistries, label-schema, strict-labels', () => {
    const s = parseHadolintConfig('ignored: [DL4003]\noverride:\n  error: [DL3025, DL4003]\n  style: [DL3022]\nfailure-threshold: style\ntrustedRegistries:\n  - docker.io\nlabel-schema:\n  author: text\nstrict-labels: true\n', 'x.yaml');
    assert.strictEqual(s.problem, undefined);
    assert.deepStrictEqual(s.rules, { 'multiple-cmd': 'off', 'shell-form-cmd': 'error', 'copy-from-unknown-stage': 'hint' });
    assert.strictEqual(s.failureThreshold, 'hint');
    assert.deepStrictEqual(s.trustedRegistries, ['docker.io']);
    assert.deepStrictEqual(s.labelSchema, { author: 'text' });
    assert.strictEqual(s.strictLabels, true);
    assert.deepStrictEqual(parseHadolintConfig('', 'x.yaml'), { file: 'x.yaml', rules: {} });
  });

  it('names the file and line of a malformed or mistyped config', () => {
    assert.match(parseHadolintConfig('ignored:\n  - DL3008\noverride: [oops\n', '/p/.hadolint.yaml').problem ?? '', /^\/p\/\.hadolint\.yaml line \d: .*defaults apply/);
    assert.match(parseHadolintConfig('ignored: DL3008\n', 'h.yaml').problem ?? '', /^h\.yaml line 1: "ignored" must be a list/);
    assert.match(parseHadolintConfig('# c\nfailure-threshold: loud\n', 'h.yaml').problem ?? '', /^h\.yaml line 2: "failure-threshold" must be one of/);
    assert.match(parseHadolintConfig('- a\n', 'h.yaml').problem ?? '', /expected a mapping/);
  });

  it('label-schema: a type hadolint does not know is a problem naming the file and line', () => {
    assert.match(parseHadolintConfig('ignored: []\nlabel-schema:\n  version: number\n', 'h.yaml').problem ?? '', /^h\.yaml line 2: "label-schema" must be .*text, url, semver.*version: "number"/);
  });

  it('CLI: label-schema and strict-labels reach the label rules; .layerwise.json labelSchema/strictLabels win', () => {
    write('Dockerfile', 'FROM alpine:3.20\nLABEL version=v1 extra=1\n');
    write('.hadolint.yaml', 'label-schema:\n  version: semver\n  author: text\nstrict-labels: true\n');
    const ids = () => lint().findings.map(f => f.ruleId).filter(id => id.startsWith('label-')).sort();
    assert.deepStrictEqual(ids(), ['label-missing', 'label-not-in-schema', 'label-not-semver']);
    write('.layerwise.json', JSON.stringify({ labelSchema: { version: 'text', extra: 'text' }, strictLabels: false }));
    assert.deepStrictEqual(ids(), []);
    write('.layerwise.json', JSON.stringify({ labelSchema: { version: 'integer' } }));
    const r = runCli(['lint', 'Dockerfile'], { cwd: root, env: { HOME: home } });
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /"labelSchema" must map label keys to one of text, url, .*version: "integer"/);
  });

  it('re-reads a file only when it changes', () => {
    write('.hadolint.yaml', 'ignored: [DL4003]\n');
    const cache = new HadolintConfigCache(0, []);
    const first = cache.forDirectory(root);
    assert.strictEqual(cache.forDirectory(root), first);
    fs.writeFileSync(path.join(root, '.hadolint.yaml'), 'ignored: [DL3025, DL4003]\n');
    fs.utimesSync(path.join(root, '.hadolint.yaml'), new Date(), new Date(Date.now() + 5000));
    assert.deepStrictEqual(cache.forDirectory(root)?.rules, { 'shell-form-cmd': 'off', 'multiple-cmd': 'off' });
  });

  it('CLI: ignored turns the equivalent rule off, from the nearest config above the file', () => {
    write('Dockerfile', TWO_CMDS);
    assert.ok(lint().findings.some(f => f.ruleId === 'multiple-cmd'));
    write('.hadolint.yml', 'ignored:\n  - DL4003\n');
    write('sub/dir/Dockerfile', TWO_CMDS);
    assert.ok(!lint().findings.some(f => f.ruleId === 'multiple-cmd'));
    assert.ok(!lint('sub/dir/Dockerfile').findings.some(f => f.ruleId === 'multiple-cmd'));
  });

  it('CLI: override sets the severity, failure-threshold sets the exit code, .layerwise.json still wins', () => {
    write('Dockerfile', TWO_CMDS);
    write('.hadolint.yaml', 'override:\n  error: [DL4003]\n');
    let r = lint();
    assert.strictEqual(r.findings.find(f => f.ruleId === 'multiple-cmd')?.severity, 'error');
    assert.strictEqual(r.code, 1);
    write('.hadolint.yaml', 'override:\n  error: [DL4003]\nfailure-threshold: none\n');
    assert.strictEqual(lint().code, 0);
    write('.hadolint.yaml', 'failure-threshold: warning\n');
    assert.strictEqual(lint().code, 1, 'multiple-cmd is a warning');
    write('.hadolint.yaml', 'override:\n  error: [DL4003]\n');
    write('.layerwise.json', '{ "rules": { "multiple-cmd": "info" } }');
    r = lint();
    assert.strictEqual(r.findings.find(f => f.ruleId === 'multiple-cmd')?.severity, 'info');
    assert.strictEqual(r.code, 0);
  });

  it('CLI: falls back to the user config; a malformed file is named with its line and linting goes on', () => {
    write('Dockerfile', TWO_CMDS);
    fs.mkdirSync(path.join(home, '.config'));
    fs.writeFileSync(path.join(home, '.config', 'hadolint.yaml'), 'ignored: [DL4003]\n');
    assert.ok(!lint().findings.some(f => f.ruleId === 'multiple-cmd'));
    write('.hadolint.yaml', 'ignored: [DL4003\n');
    const r = lint();
    assert.match(r.stderr, /\.hadolint\.yaml line \d+: .*defaults apply/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.ok(r.findings.some(f => f.ruleId === 'multiple-cmd'), 'defaults, not the user file, once the nearest file is broken');
    assert.strictEqual(r.code, 0);
  });
});
