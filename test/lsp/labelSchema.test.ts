// The label schema reaches the label rules in the editor: from `.hadolint.yaml` beside the file,
// and from `layerwise.labelSchema` / `layerwise.strictLabels`, which win.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient } from '../support/lspClient';
import { df } from '../support/ruleSpec';

describe('LSP: label schema from .hadolint.yaml and settings', function () {
  this.timeout(20000);
  let lsp: LspClient;
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-labels-'));
    lsp = await LspClient.start();
  });
  afterEach(async () => { await lsp.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('reports what the schema asks for, and the settings replace the file\'s schema', async () => {
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'label-schema:\n  version: semver\nstrict-labels: true\n');
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, '');
    const uri = pathToFileURL(file).toString();
    const codes = (p: { diagnostics: Array<{ code?: unknown }> }) => p.diagnostics.map(d => String(d.code)).filter(c => c.startsWith('label-')).sort();
    await lsp.open(uri, df('FROM alpine:3.20', 'LABEL version=v1 extra=1'));
    assert.deepStrictEqual(codes(await lsp.diagnostics(uri)), ['label-not-in-schema', 'label-not-semver']);
    // The re-lint after the settings change is the publish that reflects them.
    const next = lsp.nextDiagnostics(uri, p => p.diagnostics.some(d => d.code === 'label-not-url'));
    await lsp.changeSettings({ labelSchema: { version: 'text', extra: 'url' }, strictLabels: false });
    assert.deepStrictEqual(codes(await next), ['label-not-url']);
  });
});
