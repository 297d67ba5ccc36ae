// The server's V8 code cache (server/src/codeCache.ts) over real stdio starts of dist/server.js:
// the first start writes it once it has analysed a document, later starts use it and publish the
// same diagnostics, and a broken cache file costs nothing but a rewrite.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LspClient } from '../support/lspClient';
import { df } from '../support/ruleSpec';

const TEXT = df('FROM node:20', 'COPY . .', 'RUN npm ci', 'CMD npm start');
const URI = 'file:///nowhere/codecache/Dockerfile';

/** A file most rule families report on (their messages and fixes are code the small file never runs). */
const RICH = df(
  'FROM debian:bookworm AS build', 'RUN apt-get update', 'RUN apt-get install -y curl git', 'COPY . /src', 'RUN cd /src && make',
  'ENV API_TOKEN=abc', 'CMD make run &', 'FROM python:3.12', 'COPY . .', 'RUN pip install -r requirements.txt', 'CMD python app.py', 'CMD ["python", "app.py"]',
);

/** One server start with this cache directory: the diagnostics of `text`, then a clean exit. */
async function diagnosticsWith(dir: string, text = TEXT): Promise<string[]> {
  const lsp = await LspClient.start({ env: { LAYERWISE_CODE_CACHE_DIR: dir } });
  try {
    await lsp.open(URI, text, 1);
    const published = await lsp.diagnostics(URI);
    return published.diagnostics.map(d => `${d.range.start.line}:${d.code}:${d.message}`);
  } finally {
    await lsp.stop();
  }
}

const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter(n => n.endsWith('.bin')) : []);

describe('LSP: the code cache between starts (#13 cold start)', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => { dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lw-codecache-')), 'cache'); });
  afterEach(() => { fs.rmSync(path.dirname(dir), { recursive: true, force: true }); });

  it('the first start writes the cache (private), later starts use it unchanged and publish the same diagnostics', async () => {
    const first = await diagnosticsWith(dir);
    assert.ok(first.length > 0);
    const files = cacheFiles(dir);
    assert.strictEqual(files.length, 1, 'one cache file after the first start');
    const file = path.join(dir, files[0]);
    assert.strictEqual(fs.statSync(dir).mode & 0o077, 0, 'the directory is private');
    assert.strictEqual(fs.statSync(file).mode & 0o077, 0, 'the file is private');
    const written = fs.readFileSync(file);
    const inode = fs.statSync(file).ino;
    assert.ok(written.length > 100000, 'it holds the compiled code of the analysis, not just the top level');
    assert.deepStrictEqual(await diagnosticsWith(dir), first);
    assert.deepStrictEqual(cacheFiles(dir), files);
    // A rejected cache would be written again (a new file renamed over it); an accepted one is left alone.
    assert.strictEqual(fs.statSync(file).ino, inode, 'an accepted cache is not written again');
  });

  it('a later session that runs more of the code (another file\'s rules) grows the cache; the same work again leaves it', async () => {
    await diagnosticsWith(dir);
    const [name] = cacheFiles(dir);
    const small = fs.statSync(path.join(dir, name)).size;
    const rich = await diagnosticsWith(dir, RICH);
    assert.ok(rich.length > 5);
    const grown = fs.statSync(path.join(dir, name));
    assert.ok(grown.size > small, `${grown.size} > ${small}`);
    assert.deepStrictEqual(await diagnosticsWith(dir, RICH), rich);
    assert.strictEqual(fs.statSync(path.join(dir, name)).ino, grown.ino, 'not written again');
  });

  it('a broken cache file is replaced and changes nothing the client sees', async () => {
    const first = await diagnosticsWith(dir);
    const [name] = cacheFiles(dir);
    fs.writeFileSync(path.join(dir, name), Buffer.alloc(4096, 7));
    assert.deepStrictEqual(await diagnosticsWith(dir), first);
    assert.ok(fs.readFileSync(path.join(dir, name)).length > 100000, 'rewritten');
    assert.deepStrictEqual(await diagnosticsWith(dir), first);
  });

  it('a directory that cannot be created means no cache, not a failure', async () => {
    const blocker = path.join(path.dirname(dir), 'file');
    fs.writeFileSync(blocker, '');
    const diagnostics = await diagnosticsWith(path.join(blocker, 'cache'));
    assert.ok(diagnostics.length > 0);
  });
});
