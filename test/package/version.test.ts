// Releasing: `npm version` bumps package.json, turns the CHANGELOG's Unreleased notes into the new
// version's section and commits both (scripts/package/changelog.mjs), in a scratch git repository;
// without notes it refuses before anything changes. The CLI and the extension read the same version.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { REPO_ROOT } from '../support/lspClient';
import { CLI_JS } from '../support/cliRunner';

const GIT_ENV = { GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@localhost', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@localhost' };

function run(cmd: string, args: string[], cwd: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...env, ...GIT_ENV }, timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('versioning: npm version and the changelog', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-version-'));
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    // The real scripts and hooks; nothing else of the package is needed to bump a version.
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: manifest.name, version: manifest.version, scripts: {
      preversion: manifest.scripts.preversion, version: manifest.scripts.version } }, null, 2) + '\n');
    fs.mkdirSync(path.join(dir, 'scripts', 'package'), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'scripts', 'package', 'changelog.mjs'), path.join(dir, 'scripts', 'package', 'changelog.mjs'));
    // The real changelog's released sections, with an empty Unreleased (its notes change with every merge).
    const released = fs.readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8').replace(/(## Unreleased\n)[\s\S]*?(?=\n## )/, '$1');
    fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), released);
    for (const args of [['init', '-q'], ['add', '.'], ['commit', '-qm', 'start']]) assert.strictEqual(run('git', args, dir).code, 0);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a release with no notes under Unreleased, before package.json changes', () => {
    const before = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
    const r = run('npm', ['version', 'minor'], dir);
    assert.notStrictEqual(r.code, 0);
    assert.match(r.stderr, /no notes under "## Unreleased"/);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'), before);
  });

  it('moves the Unreleased notes into the new version\'s section and commits it with package.json', () => {
    const changelog = path.join(dir, 'CHANGELOG.md');
    fs.writeFileSync(changelog, fs.readFileSync(changelog, 'utf8').replace('## Unreleased\n', '## Unreleased\n\n- Fixed: something people noticed.\n'));
    run('git', ['commit', '-qam', 'notes'], dir);
    const r = run('npm', ['version', 'minor'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    const [major, minor] = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version.split('.').map(Number);
    const next = `${major}.${minor + 1}.0`;
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version, next);
    const text = fs.readFileSync(changelog, 'utf8');
    assert.match(text, new RegExp(`## Unreleased\\n\\n## ${next.replace(/\./g, '\\.')} \\(\\d{4}-\\d{2}-\\d{2}\\)\\n\\n- Fixed: something people noticed\\.\\n`));
    assert.strictEqual(run('git', ['status', '--porcelain'], dir).stdout, '', 'npm committed every change');
    assert.deepStrictEqual(run('git', ['show', '--name-only', '--format=%s', 'HEAD'], dir).stdout.trim().split('\n').filter(Boolean).sort(),
      [next, 'CHANGELOG.md', 'package.json'].sort());
  });

  it('the changelog has a section for the current version, and `layerwise --version` prints it', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.match(fs.readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${version.replace(/\./g, '\\.')}( |$)`, 'm'));
    assert.strictEqual(spawnSync(process.execPath, [CLI_JS, '--version'], { encoding: 'utf8' }).stdout, `${version}\n`);
  });
});
