// What an editor asks for by itself after each keystroke (folding, links, highlights, symbols) waits
// for that keystroke's diagnostics, over a real stdio connection: on a large file the library behind
// those requests parses the whole text for each, and answered first they held the diagnostics back.
// A request the editor cancels meanwhile (the next keystroke) is not computed.
import * as assert from 'assert';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { DocumentHighlight, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { LspClient } from '../support/lspClient';
import { df } from '../support/ruleSpec';

const uri = 'file:///nowhere/background/Dockerfile';
const text = (tag: string) => df('FROM local/busybox:1 AS base', 'ARG TOOL=curl', `RUN apt-get install -y $TOOL ${tag}`, 'ENV PATH=/opt/$TOOL:$PATH', 'CMD ["sh"]');
/** On `TOOL` in `$TOOL` of line 2. */
const onVariable = { line: 2, character: 25 };

describe('LSP: background requests wait for the keystroke\'s diagnostics', function () {
  this.timeout(20000);
  let lsp: LspClient;
  beforeEach(async () => {
    lsp = await LspClient.start({ textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } });
    await lsp.open(uri, text('a'));
    await lsp.diagnostics(uri, p => p.version === 1);
  });
  afterEach(async () => { await lsp.stop(); });

  it('answers folding, links, highlights and symbols after publishing that version\'s diagnostics', async () => {
    const published = (version: number) => lsp.published.some((p: PublishDiagnosticsParams) => p.uri === uri && p.version === version);
    const order: string[] = [];
    const ask = (what: string, method: string, extra: object = {}) =>
      lsp.connection.sendRequest(method, { textDocument: { uri }, ...extra }).then(result => { order.push(`${what}${published(2) ? ' after' : ' BEFORE'} v2`); return result; });
    void lsp.change(uri, 2, text('b'));
    const [highlights] = await Promise.all([
      ask('highlight', 'textDocument/documentHighlight', { position: onVariable }) as Promise<DocumentHighlight[]>,
      ask('folding', 'textDocument/foldingRange'),
      ask('links', 'textDocument/documentLink'),
      ask('symbols', 'textDocument/documentSymbol'),
    ]);
    assert.deepStrictEqual(order.sort(), ['folding after v2', 'highlight after v2', 'links after v2', 'symbols after v2']);
    // Answered for the new text, not emptied: `$TOOL` in lines 2 and 3 (twice).
    assert.ok(highlights.length >= 3, JSON.stringify(highlights));
  });

  it('does not compute a background request the editor cancelled while it waited', async () => {
    const params = { textDocument: { uri }, position: onVariable };
    const asked = (source?: CancellationTokenSource) => source
      ? lsp.connection.sendRequest<DocumentHighlight[] | null>('textDocument/documentHighlight', params, source.token)
      : lsp.connection.sendRequest<DocumentHighlight[] | null>('textDocument/documentHighlight', params);
    void lsp.change(uri, 2, text('b'));
    const source = new CancellationTokenSource();
    const cancelled = asked(source);
    source.cancel();
    assert.deepStrictEqual(await cancelled.catch(() => []), []);
    // Not cancelled, the same request has an answer.
    void lsp.change(uri, 3, text('c'));
    const answered = await asked();
    assert.ok(answered && answered.length >= 3, JSON.stringify(answered));
  });
});
