// A change arriving while an analysis is in flight supersedes it (#13, #18): over a real stdio
// connection, with the server's test gate (LAYERWISE_TEST_ANALYSIS_GATE=1) holding an analysis at
// its first pause so the edit provably arrives mid-analysis. Asserts on versions, not on timing.
import * as assert from 'assert';
import type { MarkupContent } from 'vscode-languageserver/node';
import { LspClient } from '../support/lspClient';
import { analyze } from '../../server/src/analysis/analyze';

/** A multi-stage file with findings in every stage. */
function generated(stages: number): string {
  const out = ['ARG NODE_VERSION=20'];
  for (let i = 0; i < stages; i++) {
    out.push(`FROM node:\${NODE_VERSION} AS s${i}`, 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'RUN apt-get update', 'CMD npm start', '');
  }
  out.push('FROM alpine', 'CMD ["sh"]');
  return out.join('\n') + '\n';
}

interface Paused { uri: string; version: number }

describe('LSP: a change supersedes the analysis in flight', function () {
  this.timeout(60000);
  let lsp: LspClient;
  /** `uri#version`s whose analysis the client holds at its first pause (the others resume at once). */
  let hold: Set<string>;
  let paused: Paused[];
  let dropped: Paused[];
  let onPaused: Array<() => void>;

  beforeEach(async () => {
    lsp = await LspClient.start({ env: { LAYERWISE_TEST_ANALYSIS_GATE: '1' } });
    hold = new Set();
    paused = [];
    dropped = [];
    onPaused = [];
    lsp.connection.onNotification('layerwise/test/analysisPaused', (p: Paused) => {
      paused.push(p);
      if (!hold.has(p.uri + '#' + p.version)) void resume(p);
      for (const w of onPaused.splice(0)) w();
    });
    lsp.connection.onNotification('layerwise/test/analysisDropped', (p: Paused) => {
      dropped.push(p);
      for (const w of onPaused.splice(0)) w();
    });
  });
  afterEach(async () => { await lsp.stop(); });

  const resume = (p: Paused) => lsp.connection.sendNotification('layerwise/test/resumeAnalysis', p);
  const seen = (list: () => Paused[], uri: string, version: number) => new Promise<void>(resolve => {
    const check = () => (list().some(p => p.uri === uri && p.version === version) ? resolve() : onPaused.push(check));
    check();
  });
  const pausedAt = (uri: string, version: number) => seen(() => paused, uri, version);
  const droppedAt = (uri: string, version: number) => seen(() => dropped, uri, version);
  const hoverText = (h: { contents: unknown } | null) => (h ? (h.contents as MarkupContent).value : '');

  it('an edit sent while an analysis runs gets its own diagnostics; the superseded version is never published', async () => {
    const uri = 'file:///nowhere/supersede/Dockerfile';
    const one = generated(80);
    await lsp.open(uri, one, 1);
    await lsp.diagnostics(uri, p => p.version === 1);
    const from = lsp.published.length;

    // Version 2's analysis starts and is held at its first pause: in flight.
    hold.add(uri + '#2');
    const two = one.replace('RUN npm ci', 'RUN npm ci ');
    await lsp.change(uri, 2, two);
    await pausedAt(uri, 2);

    // Version 3 (a second CMD in the last stage) and a hover about it arrive while it is held.
    const three = one + 'CMD ["sh", "-c", "true"]\n';
    const firstCmd = three.split('\n').length - 3; // multiple-cmd marks the CMD that has no effect
    await lsp.change(uri, 3, three);
    const hover = lsp.hover(uri, firstCmd, 1);
    await resume({ uri, version: 2 });

    const published = await lsp.diagnostics(uri, p => p.version === 3, from);
    const answer = hoverText(await hover);
    assert.match(answer, /More than one CMD|multiple-cmd/, `the hover answers for version 3: ${answer}`);
    const expected = analyze(three, { suppressionFixes: false }).findings.map(f => `${f.range.start.line}:${f.range.start.character}:${f.ruleId}:${f.message}`);
    assert.deepStrictEqual(published.diagnostics.map(d => `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`), expected);
    // Nothing of version 2 was published, before or after version 3.
    await lsp.change(uri, 4, one);
    await lsp.diagnostics(uri, p => p.version === 4, from);
    const versions = lsp.published.slice(from).filter(p => p.uri === uri).map(p => p.version);
    assert.deepStrictEqual(versions, [3, 4], 'published versions after the edit');
    assert.ok(paused.some(p => p.version === 3), 'version 3 was analysed in slices of its own');
    assert.deepStrictEqual(dropped.map(p => p.version), [2], 'version 2 was dropped at its pause');
  });

  it('an analysis held while the document closes publishes nothing but the close', async () => {
    const uri = 'file:///nowhere/supersede-close/Dockerfile';
    hold.add(uri + '#1');
    await lsp.open(uri, generated(20), 1);
    await pausedAt(uri, 1);
    const from = lsp.published.length;
    await lsp.close(uri);
    await resume({ uri, version: 1 });
    await droppedAt(uri, 1);
    // A second document's diagnostics: the server is past the dropped analysis and still serving.
    const other = 'file:///nowhere/supersede-other/Dockerfile';
    await lsp.open(other, 'FROM alpine\n', 1);
    await lsp.diagnostics(other, () => true, from);
    assert.deepStrictEqual(lsp.published.slice(from).filter(p => p.uri === uri).map(p => p.diagnostics.length), [0], 'only the close clears it');
  });
});
