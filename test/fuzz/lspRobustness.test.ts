// The built server (dist/server.js) over a real stdio connection: a rule that throws is
// isolated, bursts of edits never publish an older version after a newer one, and the
// size limits reach the editor as one notice naming the setting.
import * as assert from 'assert';
import { LspClient } from '../support/lspClient';
import { df } from '../support/ruleSpec';

const TWO_CMDS_NO_LABEL = df('FROM local/busybox:1', 'ENV DB_PASSWORD=hunter2', 'CMD ["a"]', 'CMD ["b"]');

describe('LSP robustness', function () {
  this.timeout(30000);
  let lsp: LspClient | undefined;
  afterEach(async () => { await lsp?.stop(); lsp = undefined; delete process.env.LAYERWISE_TEST_THROWING_RULE; });

  it('a rule that throws is logged once with its id; the other rules still publish', async () => {
    // Test-only switch read by server.ts at start-up: the spawned server inherits this environment.
    process.env.LAYERWISE_TEST_THROWING_RULE = 'multiple-cmd';
    lsp = await LspClient.start();
    const a = 'file:///nowhere/throwing/a/Dockerfile';
    const b = 'file:///nowhere/throwing/b/Dockerfile';
    await lsp.open(a, TWO_CMDS_NO_LABEL);
    const first = await lsp.diagnostics(a);
    const codes = first.diagnostics.map(d => d.code);
    assert.ok(codes.includes('secret-in-arg-env') && codes.includes('missing-base-image-label'), JSON.stringify(codes));
    assert.ok(!codes.includes('multiple-cmd'));
    await lsp.change(a, 2, TWO_CMDS_NO_LABEL + 'CMD ["c"]\n');
    await lsp.diagnostics(a, p => p.version === 2);
    await lsp.open(b, TWO_CMDS_NO_LABEL);
    const other = await lsp.diagnostics(b);
    assert.ok(other.diagnostics.some(d => d.code === 'secret-in-arg-env'));
    const logged = lsp.stderr.split('\n').filter(l => /Rule multiple-cmd failed and was skipped/.test(l));
    assert.strictEqual(logged.length, 1, lsp.stderr);
    assert.match(lsp.stderr, /injected failure \(LAYERWISE_TEST_THROWING_RULE\)/);
  });

  it('without the switch the same file gets multiple-cmd (the test above can fail)', async () => {
    lsp = await LspClient.start();
    const uri = 'file:///nowhere/not-throwing/Dockerfile';
    await lsp.open(uri, TWO_CMDS_NO_LABEL);
    assert.ok((await lsp.diagnostics(uri)).diagnostics.some(d => d.code === 'multiple-cmd'));
    assert.doesNotMatch(lsp.stderr, /failed and was skipped/);
  });

  it('rapid edits publish versions in order, ending with the final one', async () => {
    lsp = await LspClient.start();
    const uri = 'file:///nowhere/rapid/Dockerfile';
    await lsp.open(uri, df('FROM alpine:3.20', 'RUN true'));
    const last = 60;
    for (let v = 2; v <= last; v++) {
      // Alternate between texts with and without findings; the final text has two CMDs.
      const text = v % 2 === 0 ? df('FROM alpine:3.20', `RUN echo ${v}`, 'CMD ["a"]', 'CMD ["b"]') : df('FROM alpine:3.20', `RUN echo ${v}`);
      void lsp.change(uri, v, text);
      if (v % 7 === 0) await new Promise(resolve => setImmediate(resolve));
    }
    const final = await lsp.diagnostics(uri, p => p.version === last);
    assert.ok(final.diagnostics.some(d => d.code === 'multiple-cmd'), JSON.stringify(final.diagnostics));
    // Anything still in flight would show up now.
    await new Promise(resolve => setTimeout(resolve, 300));
    const versions = lsp.published.filter(p => p.uri === uri).map(p => p.version ?? -1);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `published out of order: ${versions.join(',')}`);
    assert.strictEqual(versions[versions.length - 1], last);
  });

  it('an instruction above layerwise.maxInstructionSize gives one notice naming the setting', async () => {
    lsp = await LspClient.start();
    lsp.settings.set('', { maxInstructionSize: 200 });
    const uri = 'file:///nowhere/huge/Dockerfile';
    await lsp.open(uri, df('FROM alpine:3.20', 'CMD ["a"]', 'CMD ["b"]', 'RUN echo ' + 'x '.repeat(200)));
    const p = await lsp.diagnostics(uri);
    assert.deepStrictEqual(p.diagnostics.map(d => [d.code, d.severity, d.range.start.line]), [['file-too-large', 3, 3]]);
    assert.match(p.diagnostics[0].message, /`RUN` instruction on line 4 .*layerwise\.maxInstructionSize/);
    assert.strictEqual(p.diagnostics[0].codeDescription, undefined);
  });
});
