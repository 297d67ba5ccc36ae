// The built language server over a real stdio LSP connection: capabilities, diagnostics, versions, close, junk input.
import * as assert from 'assert';
import type { Diagnostic } from 'vscode-languageserver/node';
import { LspClient } from '../support/lspClient';
import { df } from '../support/ruleSpec';

const TWO_CMDS = df('FROM local/busybox:1', 'CMD ["a"]', 'CMD ["b"]');
const byCode = (ds: Diagnostic[], code: string) => ds.filter(d => d.code === code);

describe('LSP: diagnostics over stdio', function () {
  this.timeout(20000);
  let lsp: LspClient;
  beforeEach(async () => { lsp = await LspClient.start(); });
  afterEach(async () => { await lsp.stop(); });

  it('announces incremental sync, quick fixes and hover', () => {
    const caps = lsp.initializeResult.capabilities;
    assert.strictEqual(caps.textDocumentSync, 2);
    assert.deepStrictEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix']);
    assert.strictEqual(caps.hoverProvider, true);
    assert.strictEqual(lsp.initializeResult.serverInfo?.name, 'layerwise');
  });

  it('publishes findings with rule id, doc link, severity, tags and the exact range', async () => {
    const uri = 'file:///nowhere/a/Dockerfile';
    await lsp.open(uri, TWO_CMDS + 'FROOM x\n');
    const p = await lsp.diagnostics(uri);
    assert.strictEqual(p.version, 1);
    const [cmd] = byCode(p.diagnostics, 'multiple-cmd');
    assert.ok(cmd, JSON.stringify(p.diagnostics));
    assert.deepStrictEqual(cmd.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
    assert.strictEqual(cmd.severity, 2);
    assert.strictEqual(cmd.source, 'layerwise');
    assert.strictEqual(cmd.codeDescription?.href, 'layerwise-docs:/rules/multiple-cmd.md');
    assert.deepStrictEqual(cmd.tags, [1]);
    assert.match(cmd.message, /line 3 `CMD \["b"\]` replaces it/);
    const [syntax] = byCode(p.diagnostics, 'syntax');
    assert.ok(syntax, 'the unknown instruction is reported');
    assert.strictEqual(syntax.severity, 1);
    assert.strictEqual(syntax.range.start.line, 3);
  });

  it('publishes only the newest version when edits arrive while a lint waits', async () => {
    const uri = 'file:///nowhere/burst/Dockerfile';
    let release!: () => void;
    lsp.configurationGate = new Promise<void>(resolve => { release = resolve; });
    await lsp.open(uri, df('FROM local/busybox:1', 'CMD ["v1"]', 'CMD ["x"]'));
    await lsp.until(() => (lsp.configurationRequests > 0 ? true : undefined), 'the settings request');
    for (let v = 2; v <= 5; v++) {
      const lines = ['FROM local/busybox:1', ...Array.from({ length: v }, (_, i) => `CMD ["v${v}-${i}"]`)];
      await lsp.change(uri, v, df(...lines));
    }
    release();
    const p = await lsp.diagnostics(uri);
    assert.strictEqual(p.version, 5);
    // Version 5 has five CMDs: four are overridden.
    assert.strictEqual(byCode(p.diagnostics, 'multiple-cmd').length, 4);
    await lsp.hover(uri, 0, 0); // a round trip, so anything else already queued has arrived
    assert.deepStrictEqual(lsp.published.filter(x => x.uri === uri).map(x => x.version), [5]);
  });

  it('never publishes an older version after a newer one, and ends on the newest', async () => {
    const uri = 'file:///nowhere/typing/Dockerfile';
    let text = 'FROM local/busybox:1\n';
    await lsp.open(uri, text);
    for (let v = 2; v <= 30; v++) {
      text += `CMD ["${v}"]\n`;
      await lsp.change(uri, v, text);
    }
    const last = await lsp.diagnostics(uri, p => p.version === 30);
    assert.strictEqual(byCode(last.diagnostics, 'multiple-cmd').length, 28);
    const versions = lsp.published.filter(x => x.uri === uri).map(x => x.version as number);
    assert.deepStrictEqual(versions, [...versions].sort((a, b) => a - b), `published out of order: ${versions}`);
    // Each published set belongs to its version: version v has v-1 CMDs, so v-2 are overridden.
    for (const p of lsp.published.filter(x => x.uri === uri)) {
      assert.strictEqual(byCode(p.diagnostics, 'multiple-cmd').length, Math.max(0, (p.version as number) - 2), `version ${p.version}`);
    }
  });

  it('clears the diagnostics when the document closes', async () => {
    const uri = 'file:///nowhere/closing/Dockerfile';
    await lsp.open(uri, TWO_CMDS);
    const opened = await lsp.diagnostics(uri);
    assert.ok(opened.diagnostics.length > 0);
    const after = lsp.published.length;
    await lsp.close(uri);
    const cleared = await lsp.diagnostics(uri, () => true, after);
    assert.deepStrictEqual(cleared.diagnostics, []);
    assert.strictEqual(await lsp.hover(uri, 1, 0), null);
  });

  it('survives binary junk and keeps serving other documents', async () => {
    const junkUri = 'file:///nowhere/junk/Dockerfile';
    let junk = '';
    let seed = 7;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      junk += String.fromCharCode(seed % 0x2000);
    }
    await lsp.open(junkUri, '\0\x01\x02FROM\\\n\\' + junk);
    const p = await lsp.diagnostics(junkUri);
    assert.ok(Array.isArray(p.diagnostics));
    assert.ok((await lsp.codeActions(junkUri, { start: { line: 0, character: 0 }, end: { line: 50, character: 0 } }, [])).every(a => typeof a.title === 'string'));
    await lsp.hover(junkUri, 0, 2);
    const uri = 'file:///nowhere/after-junk/Dockerfile';
    await lsp.open(uri, TWO_CMDS);
    assert.strictEqual(byCode((await lsp.diagnostics(uri)).diagnostics, 'multiple-cmd').length, 1);
    assert.doesNotMatch(lsp.stderr, /could not analyse/);
  });

  it('skips files above layerwise.maxFileSize with one information diagnostic', async () => {
    lsp.settings.set('', { maxFileSize: 40 });
    const uri = 'file:///nowhere/big/Dockerfile';
    await lsp.open(uri, TWO_CMDS + '# padding padding padding padding\n');
    const p = await lsp.diagnostics(uri);
    assert.deepStrictEqual(p.diagnostics.map(d => [d.code, d.severity]), [['file-too-large', 3]]);
    assert.match(p.diagnostics[0].message, /layerwise\.maxFileSize/);
  });
});
