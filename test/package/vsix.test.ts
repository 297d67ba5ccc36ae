// The extension as a stranger installs it: `npm run package` (scripts/package/vsix.mjs) makes the
// .vsix; its files, manifest and size are checked here, and scripts/e2e.sh installs the same file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as yauzl from 'yauzl';
import { REPO_ROOT } from '../support/lspClient';

const MANIFEST = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const BUDGET = 1.5 * 1024 * 1024;

async function entries(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file);
  const out = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      out.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return out;
}

describe('VSIX: files, manifest and size', function () {
  this.timeout(180_000);
  let tmp: string;
  let vsix: string;
  let files: Map<string, Buffer>;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-vsix-test-'));
    vsix = path.join(tmp, 'layerwise.vsix');
    const r = spawnSync(process.execPath, ['scripts/package/vsix.mjs', '--out', vsix], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 170_000 });
    assert.strictEqual(r.status, 0, r.stderr + r.stdout);
    files = await entries(vsix);
  });
  after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  it(`stays within ${BUDGET / 1048576} MB`, () => {
    assert.ok(fs.statSync(vsix).size <= BUDGET, `${fs.statSync(vsix).size} bytes`);
  });

  it('holds the bundles, licence, changelog, icon, rule pages and walkthrough, and no test, map, bench, example, source or CLI file', () => {
    const names = [...files.keys()];
    for (const needed of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/LICENSE.txt', 'extension/changelog.md',
      'extension/readme.md', 'extension/resources/icon.png', 'extension/package.json']) {
      assert.ok(names.includes(needed), `${needed} missing from ${names.join(', ')}`);
    }
    for (const page of fs.readdirSync(path.join(REPO_ROOT, 'docs', 'rules'))) assert.ok(names.includes(`extension/docs/rules/${page}`), page);
    const forbidden = names.filter(n => /(^|\/)(test|tests|bench|examples|src|out|node_modules|\.github)\//.test(n)
      || /\.(map|ts|tsx|vsix|tgz)$/.test(n) || n === 'extension/dist/cli.js' || /\.test\./.test(n));
    assert.deepStrictEqual(forbidden, []);
  });

  it('ships a manifest without the npm package\'s fields and with the gallery fields', () => {
    const manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
    for (const field of ['bin', 'files', 'scripts', 'devDependencies', 'dependencies', 'private', 'repository', 'homepage', 'bugs']) {
      assert.strictEqual(manifest[field], undefined, field);
    }
    assert.strictEqual(manifest.version, MANIFEST.version);
    assert.strictEqual(manifest.license, 'MIT');
    assert.strictEqual(manifest.icon, 'resources/icon.png');
    assert.deepStrictEqual(manifest.categories, ['Linters', 'Programming Languages', 'Other']);
    assert.ok(manifest.keywords.length >= 5 && manifest.galleryBanner?.color);
    const xml = files.get('extension.vsixmanifest')!.toString('utf8');
    assert.match(xml, /<License>extension\/LICENSE\.txt<\/License>/);
    assert.match(xml, /Microsoft\.VisualStudio\.Services\.Icons\.Default" Path="extension\/resources\/icon\.png"/);
  });

  it('every file the manifest points at is inside', () => {
    const manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
    const referenced = new Set<string>([manifest.main, manifest.icon]);
    for (const c of manifest.contributes.viewsContainers?.activitybar ?? []) referenced.add(c.icon);
    for (const g of manifest.contributes.grammars ?? []) referenced.add(g.path);
    for (const w of manifest.contributes.walkthroughs ?? []) {
      for (const s of w.steps) for (const media of Object.values(s.media ?? {})) if (typeof media === 'string' && /\.(md|png|svg)$/.test(media)) referenced.add(media);
    }
    for (const ref of referenced) assert.ok(files.has(`extension/${path.posix.normalize(ref)}`), `${ref} is referenced by the manifest but not packaged`);
  });
});
