// untrusted-registry (DL3026) reads its list from `.layerwise.json` and, beneath it, from `.hadolint.yaml`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cliRunner';

const FROM_GHCR = 'FROM ghcr.io/org/app:1.0\nFROM node:22\n';

describe('trustedRegistries (CLI)', () => {
  let root: string;
  let home: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-trusted-'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-trusted-home-'));
    fs.writeFileSync(path.join(root, 'Dockerfile'), FROM_GHCR);
  });
  afterEach(() => { fs.rmSync(root, { recursive: true, force: true }); fs.rmSync(home, { recursive: true, force: true }); });
  const flagged = () => {
    const r = runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: root, env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') } });
    return { ...r, lines: (JSON.parse(r.stdout) as Array<{ findings: Array<{ ruleId: string; range: { start: { line: number } } }> }>)
      .flatMap(f => f.findings).filter(f => f.ruleId === 'untrusted-registry').map(f => f.range.start.line + 1) };
  };

  it('is silent with no list anywhere', () => {
    assert.deepStrictEqual(flagged().lines, []);
  });
  it('takes the list from .hadolint.yaml', () => {
    fs.writeFileSync(path.join(root, '.hadolint.yaml'), 'trustedRegistries:\n  - docker.io\n');
    assert.deepStrictEqual(flagged().lines, [1]);
  });
  it('.layerwise.json wins over .hadolint.yaml', () => {
    fs.writeFileSync(path.join(root, '.hadolint.yaml'), 'trustedRegistries:\n  - docker.io\n');
    fs.writeFileSync(path.join(root, '.layerwise.json'), JSON.stringify({ trustedRegistries: ['ghcr.io'] }));
    assert.deepStrictEqual(flagged().lines, [2]);
  });
  it('a mistyped list in .layerwise.json is a usage error naming the key', () => {
    fs.writeFileSync(path.join(root, '.layerwise.json'), JSON.stringify({ trustedRegistries: 'ghcr.io' }));
    const r = runCli(['lint', 'Dockerfile'], { cwd: root, env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') } });
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /\.layerwise\.json: "trustedRegistries" must be a list of registry host names/);
  });
});
