// LSP pull diagnostics (textDocument/diagnostic with resultId) over a real stdio connection, and
// documents whose model the server let go (only the last few edited keep it) still answering.
import * as assert from 'assert';
import type { Diagnostic, DocumentDiagnosticReport, Hover } from 'vscode-languageserver/node';
import { LspClient } from '../support/lspClient';
import { df } from '../support/ruleSpec';

const TWO_CMDS = df('FROM local/busybox:1', '# a comment', 'CMD ["a"]', 'CMD ["b"]');
const codes = (ds: Diagnostic[]) => ds.map(d => d.code).sort();

describe('LSP: pull diagnostics and many open documents', function () {
  this.timeout(20000);
  let lsp: LspClient;
  let refreshes = 0;
  afterEach(async () => { await lsp.stop(); });

  const pull = (uri: string, previousResultId?: string) =>
    lsp.request<DocumentDiagnosticReport>('textDocument/diagnostic', uri, previousResultId ? { previousResultId } : {});

  it('a pulling client gets the pushed findings on request, then "unchanged" until they change; nothing is pushed', async () => {
    lsp = await LspClient.start({ textDocument: { diagnostic: { dynamicRegistration: false } }, requests: { 'workspace/diagnostic/refresh': () => { refreshes++; return null; } } });
    assert.deepStrictEqual(lsp.initializeResult.capabilities.diagnosticProvider, { interFileDependencies: false, workspaceDiagnostics: false });
    const uri = 'file:///nowhere/pull/Dockerfile';
    await lsp.open(uri, TWO_CMDS);
    const first = await pull(uri);
    assert.strictEqual(first.kind, 'full');
    const pusher = await LspClient.start();
    try {
      await pusher.open(uri, TWO_CMDS);
      const pushed = await pusher.diagnostics(uri);
      assert.deepStrictEqual(first.kind === 'full' && first.items, pushed.diagnostics);
    } finally {
      await pusher.stop();
    }
    const id = first.resultId!;
    assert.deepStrictEqual(await pull(uri, id), { kind: 'unchanged', resultId: id });
    // A new version with the same findings (a comment edited): still unchanged.
    await lsp.change(uri, 2, TWO_CMDS.replace('a comment', 'another comment'));
    assert.deepStrictEqual(await pull(uri, id), { kind: 'unchanged', resultId: id });
    // Findings changed: a full report for the latest version, under a new id.
    await lsp.change(uri, 3, TWO_CMDS.replace('CMD ["a"]\n', ''));
    const third = await pull(uri, id);
    assert.strictEqual(third.kind, 'full');
    assert.notStrictEqual(third.resultId, id);
    assert.ok(third.kind === 'full' && !codes(third.items).includes('multiple-cmd'), JSON.stringify(third));
    // Settings changed: the client is asked to pull again, and gets the new findings.
    await lsp.change(uri, 4, TWO_CMDS);
    const fourth = await pull(uri, third.resultId);
    assert.ok(fourth.kind === 'full' && codes(fourth.items).includes('multiple-cmd'));
    await lsp.changeSettings({ rules: { 'multiple-cmd': 'off' } });
    await lsp.until(() => (refreshes > 0 ? true : undefined), 'workspace/diagnostic/refresh');
    const fifth = await pull(uri, fourth.resultId);
    assert.ok(fifth.kind === 'full' && !codes(fifth.items).includes('multiple-cmd'), JSON.stringify(fifth));
    assert.strictEqual(lsp.published.length, 0, 'a pulling client is not also pushed to (it would show everything twice)');
  });

  it('a client able to pull can keep push (initializationOptions.pullDiagnostics: false, as the extension does)', async () => {
    lsp = await LspClient.start({ textDocument: { diagnostic: { dynamicRegistration: false } }, initializationOptions: { pullDiagnostics: false } });
    assert.strictEqual(lsp.initializeResult.capabilities.diagnosticProvider, undefined);
    const uri = 'file:///nowhere/push/Dockerfile';
    await lsp.open(uri, TWO_CMDS);
    assert.ok(codes((await lsp.diagnostics(uri)).diagnostics).includes('multiple-cmd'));
  });

  it('documents opened earlier (their model let go) still answer hover and code actions for their latest version', async () => {
    lsp = await LspClient.start();
    const uris = Array.from({ length: 7 }, (_, i) => `file:///nowhere/many/${i}/Dockerfile`);
    for (const uri of uris) {
      await lsp.open(uri, TWO_CMDS);
      await lsp.diagnostics(uri);
    }
    const uri = uris[0];
    const published = (await lsp.diagnostics(uri)).diagnostics;
    const cmd = published.find(d => d.code === 'multiple-cmd')!;
    const actions = await lsp.codeActions(uri, cmd.range, [cmd]);
    assert.ok(actions.some(a => /Suppress|Disable|Ignore/i.test(a.title)), JSON.stringify(actions.map(a => a.title)));
    const hover = await lsp.hover(uri, cmd.range.start.line, 1) as Hover;
    assert.match(JSON.stringify(hover.contents), /multiple-cmd/);
    // An edit to a document that lost its model publishes what a fresh open of that text does.
    const from = lsp.published.length;
    await lsp.change(uris[1], 2, TWO_CMDS.replace('CMD ["a"]\n', ''));
    const after = await lsp.diagnostics(uris[1], p => p.version === 2, from);
    assert.ok(!codes(after.diagnostics).includes('multiple-cmd'));
  });
});
