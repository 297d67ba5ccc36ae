// untrusted-registry (DL3026) over a real stdio LSP connection: `layerwise.trustedRegistries`, live, and
// `.hadolint.yaml` beneath it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient } from '../support/lspClient';

const TEXT = 'FROM ghcr.io/org/app:1.0\nFROM node:22\n';

describe('LSP: trustedRegistries', function () {
  this.timeout(20000);
  let lsp: LspClient;
  let dir: string;
  beforeEach(async () => { lsp = await LspClient.start(); dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-lsp-trusted-')); });
  afterEach(async () => { await lsp.stop(); fs.rmSync(dir, { recursive: true, force: true }); });
  const flaggedLines = (ds: Array<{ code?: unknown; range: { start: { line: number } } }>) => ds.filter(d => d.code === 'untrusted-registry').map(d => d.range.start.line);

  it('follows layerwise.trustedRegistries, and re-lints when it changes', async () => {
    lsp.settings.set('', { trustedRegistries: ['docker.io'] });
    const uri = 'file:///nowhere/trusted/Dockerfile';
    await lsp.open(uri, TEXT);
    assert.deepStrictEqual(flaggedLines((await lsp.diagnostics(uri)).diagnostics), [0]);
    const from = lsp.published.length;
    await lsp.changeSettings({ trustedRegistries: ['ghcr.io', 42] });
    const p = await lsp.until(() => lsp.published.slice(from).find(x => x.uri === uri && flaggedLines(x.diagnostics).includes(1)), 're-lint after the settings change');
    assert.deepStrictEqual(flaggedLines(p.diagnostics), [1], 'a non-string entry is dropped, the rest applies');
  });

  it('uses .hadolint.yaml\'s trustedRegistries when the setting is empty', async () => {
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'trustedRegistries: [ghcr.io]\n');
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, TEXT);
    const uri = pathToFileURL(file).toString();
    await lsp.open(uri, TEXT);
    assert.deepStrictEqual(flaggedLines((await lsp.diagnostics(uri)).diagnostics), [1]);
  });
});
