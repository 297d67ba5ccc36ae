// The CLI as a stranger installs it: `npm pack` (its prepack builds the bundled CLI) in a scratch copy
// of the repository, `npm install -g` of the tarball into an empty prefix, then `layerwise` from that
// prefix in a folder outside the repository, and `npx` from the tarball.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { REPO_ROOT } from '../support/lspClient';

interface Packed { filename: string; size: number; files: Array<{ path: string }> }
const MANIFEST = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
/** The sources the prepack build reads, and what `files` lists; node_modules is linked, not copied. */
const SCRATCH_COPY = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'tsconfig.json', 'docs', 'server', 'client', 'scripts'];

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...cleanEnv(), ...env }, timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The outer `npm test` exports npm_config_* (prefix, cache…): the stranger's npm has none of them. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

describe('npm package: pack, install into an empty prefix, run', function () {
  this.timeout(180_000);
  let tmp: string;
  let tarball: string;
  let packed: Packed;
  let prefix: string;
  let cache: string;
  let bin: string;
  let project: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-npm-'));
    const scratch = path.join(tmp, 'repo');
    fs.mkdirSync(scratch);
    for (const entry of SCRATCH_COPY) fs.cpSync(path.join(REPO_ROOT, entry), path.join(scratch, entry), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(scratch, 'node_modules'));
    // A developer's checkout has the extension's bundles and source maps in dist/ (and `main` names
    // one): none of them may ride along.
    fs.mkdirSync(path.join(scratch, 'dist'));
    for (const stale of ['extension.js', 'server.js', 'cli.js.map', 'extension.js.map']) fs.writeFileSync(path.join(scratch, 'dist', stale), '// stale\n');
    cache = path.join(tmp, 'npm-cache');
    const pack = run('npm', ['pack', '--json', '--pack-destination', tmp, '--cache', cache], scratch);
    assert.strictEqual(pack.code, 0, pack.stderr);
    [packed] = JSON.parse(pack.stdout) as Packed[];
    tarball = path.join(tmp, packed.filename);
    prefix = path.join(tmp, 'prefix');
    const install = run('npm', ['install', '-g', '--prefix', prefix, '--cache', cache, '--no-audit', '--no-fund', tarball], tmp);
    assert.strictEqual(install.code, 0, install.stderr);
    bin = path.join(prefix, 'bin', 'layerwise');
    // A project of its own, outside the repository.
    project = path.join(tmp, 'project');
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'nginx-static'), project, { recursive: true });
  });
  after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  it('holds only the bundled CLI, its manual, the rule pages and the package basics, and is small', () => {
    const files = packed.files.map(f => f.path).sort();
    const docs = fs.readdirSync(path.join(REPO_ROOT, 'docs', 'rules')).filter(f => f.endsWith('.md')).map(f => `docs/rules/${f}`);
    // dist/proto: dockerode's BuildKit session reads them at run time (`layerwise build --builder buildkit`).
    const protos = fs.readdirSync(path.join(REPO_ROOT, 'node_modules', 'dockerode', 'lib', 'proto')).map(f => `dist/proto/${f}`);
    assert.deepStrictEqual(files, ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', ...protos, 'docs/cli.md', ...docs, 'package.json'].sort());
    // About 400 KB with 22 rules and their pages (issue #9 added dependency-prefetch and template-file); the CLI
    // carries the engine's build path since `layerwise build` (dockerode, BuildKit trace decoding, the context tar).
    // Issue #10 adds the `yaml` parser for .hadolint.yaml (~30 KB packed) and the hadolint rules with their pages
    // (the instruction rules alone ~15 KB packed, the package-manager rules ~15 KB, the shell and label rules ~6 KB of pages and the SPDX id list ~4 KB).
    assert.ok(packed.size < 600_000, `tarball is ${packed.size} bytes`);
  });

  it('installs no runtime dependencies (everything is bundled)', () => {
    const installed = path.join(prefix, 'lib', 'node_modules', 'layerwise');
    assert.ok(fs.existsSync(path.join(installed, 'dist', 'cli.js')));
    assert.ok(!fs.existsSync(path.join(installed, 'node_modules')), 'no node_modules inside the installed package');
    assert.strictEqual(MANIFEST.dependencies, undefined, 'package.json has no "dependencies": esbuild bundles them, so list them under devDependencies');
  });

  it('`layerwise lint` from the prefix lints a project outside the repository', () => {
    const r = run(bin, ['lint', '--format', 'json', '.'], project, { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` });
    assert.strictEqual(r.code, 1, r.stderr); // nginx-static has an error-level finding
    const [file] = JSON.parse(r.stdout) as Array<{ file: string; findings: Array<{ ruleId: string; docs: string | null }> }>;
    assert.strictEqual(file.file, 'Dockerfile');
    const finding = file.findings.find(f => f.ruleId === 'cmd-exits-immediately');
    assert.ok(finding, r.stdout);
    // The doc link is the page inside the installed package, and it is there.
    assert.strictEqual(finding.docs, path.join(prefix, 'lib', 'node_modules', 'layerwise', 'docs', 'rules', 'cmd-exits-immediately.md'));
    assert.ok(fs.existsSync(finding.docs!));
    const tty = run(bin, ['lint', 'Dockerfile'], project);
    assert.match(tty.stdout, /Dockerfile:\d+:\d+ error cmd-exits-immediately /);
  });

  it('`layerwise rules --format json` and `--version` from the prefix', () => {
    const r = run(bin, ['rules', '--format', 'json'], project);
    assert.strictEqual(r.code, 0, r.stderr);
    const rules = JSON.parse(r.stdout) as Array<{ id: string; docs?: string }>;
    assert.ok(rules.length >= 20 && rules.some(x => x.id === 'copy-before-install'));
    for (const rule of rules) if (rule.docs) assert.ok(fs.existsSync(rule.docs), `${rule.id}: ${rule.docs}`);
    assert.strictEqual(run(bin, ['--version'], project).stdout, `${MANIFEST.version}\n`);
    const help = run(bin, ['--help'], project);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /^Usage: layerwise <command>/);
  });

  it('npx runs the CLI straight from the tarball', () => {
    const r = run('npx', ['--yes', '--cache', cache, '--package', tarball, '--', 'layerwise', 'rules'], project);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /^copy-before-install\s+cache\s+warning\s/m);
  });
});
