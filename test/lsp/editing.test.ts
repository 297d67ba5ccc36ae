// Settings, quick fixes, hover and build-context awareness, over a real stdio LSP connection to dist/server.js.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic, MarkupContent, TextDocumentEdit } from 'vscode-languageserver/node';
import { LspClient } from '../support/lspClient';
import { applyEdits, df } from '../support/ruleSpec';
import { RULES_BY_ID } from '../../server/src/rules';

const TWO_CMDS = df('FROM local/busybox:1', 'CMD ["a"]', 'CMD ["b"]');
const cmdFindings = (ds: Diagnostic[]) => ds.filter(d => d.code === 'multiple-cmd');

describe('LSP: settings, quick fixes and hover', function () {
  this.timeout(20000);
  let lsp: LspClient;
  beforeEach(async () => { lsp = await LspClient.start(); });
  afterEach(async () => { await lsp.stop(); });

  it('re-lints on configuration changes: rule off, severity per id, per category, id beats category', async () => {
    const uri = 'file:///nowhere/settings/Dockerfile';
    await lsp.open(uri, TWO_CMDS);
    assert.strictEqual(cmdFindings((await lsp.diagnostics(uri)).diagnostics)[0].severity, 2);

    let next = lsp.nextDiagnostics(uri);
    await lsp.changeSettings({ rules: { 'multiple-cmd': 'off' } });
    assert.deepStrictEqual(cmdFindings((await next).diagnostics), []);

    next = lsp.nextDiagnostics(uri);
    await lsp.changeSettings({ rules: { 'multiple-cmd': 'error' } });
    assert.strictEqual(cmdFindings((await next).diagnostics)[0].severity, 1);

    next = lsp.nextDiagnostics(uri);
    await lsp.changeSettings({ rules: { 'run-vs-cmd': 'info' } });
    assert.strictEqual(cmdFindings((await next).diagnostics)[0].severity, 3);

    next = lsp.nextDiagnostics(uri);
    await lsp.changeSettings({ rules: { 'run-vs-cmd': 'off', 'multiple-cmd': 'hint' } });
    assert.strictEqual(cmdFindings((await next).diagnostics)[0].severity, 4);

    next = lsp.nextDiagnostics(uri);
    await lsp.changeSettings({ rules: { 'multiple-cmd': 'loud' }, syntaxChecks: 'off' });
    assert.strictEqual(cmdFindings((await next).diagnostics)[0].severity, 2, 'an invalid severity falls back to the default');
  });

  it('turns syntax checks off when the client resolves layerwise.syntaxChecks to off', async () => {
    const uri = 'file:///nowhere/syntax/Dockerfile';
    await lsp.open(uri, df('FROM local/busybox:1', 'FROOM x'));
    assert.ok((await lsp.diagnostics(uri)).diagnostics.some(d => d.code === 'syntax'));
    const next = lsp.nextDiagnostics(uri);
    await lsp.changeSettings({ syntaxChecks: 'off' });
    assert.ok(!(await next).diagnostics.some(d => d.code === 'syntax'));
  });

  it('reads settings per workspace folder (scopeUri)', async () => {
    lsp.settings.set('file:///ws/quiet/', { rules: { 'multiple-cmd': 'off' } });
    await lsp.open('file:///ws/loud/Dockerfile', TWO_CMDS);
    await lsp.open('file:///ws/quiet/Dockerfile', TWO_CMDS);
    assert.strictEqual(cmdFindings((await lsp.diagnostics('file:///ws/loud/Dockerfile')).diagnostics).length, 1);
    assert.strictEqual(cmdFindings((await lsp.diagnostics('file:///ws/quiet/Dockerfile')).diagnostics).length, 0);
  });

  it('layerwise.profile: hadolint runs hadolint\'s rules at hadolint\'s severities; layerwise.rules still wins', async () => {
    const uri = 'file:///nowhere/profile/Dockerfile';
    await lsp.open(uri, df('FROM local/busybox:1', 'RUN pip install flask', 'CMD ["a"]', 'CMD ["b"]'));
    const pip = (ds: Array<{ code?: unknown; severity?: number }>) => ds.filter(d => d.code === 'pip-no-cache-dir').map(d => d.severity);
    assert.deepStrictEqual(pip((await lsp.diagnostics(uri)).diagnostics), [3], 'recommended: info');
    let next = lsp.nextDiagnostics(uri);
    await lsp.changeSettings({ profile: 'hadolint' });
    const hadolint = (await next).diagnostics;
    assert.deepStrictEqual(pip(hadolint), [2], 'hadolint gives DL3042 warning');
    assert.ok(hadolint.every(d => d.code !== 'missing-base-image-label'), 'no hadolint equivalent: off');
    next = lsp.nextDiagnostics(uri);
    await lsp.changeSettings({ profile: 'hadolint', rules: { 'pip-no-cache-dir': 'error' } });
    assert.deepStrictEqual(pip((await next).diagnostics), [1]);
    next = lsp.nextDiagnostics(uri);
    await lsp.changeSettings({ profile: 'loud' });
    assert.deepStrictEqual(pip((await next).diagnostics), [3], 'an unknown profile falls back to recommended');
  });

  it('offers the quick fix for a diagnostic; its versioned edit gives the expected text', async () => {
    const uri = 'file:///nowhere/fix/Dockerfile';
    await lsp.open(uri, TWO_CMDS, 1);
    await lsp.change(uri, 2, TWO_CMDS);
    const [d] = cmdFindings((await lsp.diagnostics(uri, p => p.version === 2)).diagnostics);
    const actions = await lsp.codeActions(uri, d.range, [d]);
    const titles = actions.map(a => a.title);
    assert.ok(titles.includes('Suppress multiple-cmd for this instruction'), titles.join(' | '));
    assert.ok(titles.includes('Suppress multiple-cmd in this file'), titles.join(' | '));
    const remove = actions.find(a => a.title === 'Remove the overridden CMD');
    assert.ok(remove, titles.join(' | '));
    assert.strictEqual(remove.kind, 'quickfix');
    assert.strictEqual(remove.isPreferred, true);
    assert.deepStrictEqual(remove.diagnostics, [d]);
    const change = remove.edit?.documentChanges?.[0] as TextDocumentEdit;
    assert.deepStrictEqual(change.textDocument, { uri, version: 2 });
    assert.strictEqual(applyEdits(TWO_CMDS, change.edits), df('FROM local/busybox:1', 'CMD ["b"]'));
  });

  it('applying the suppression action silences the finding on re-lint', async () => {
    const uri = 'file:///nowhere/suppress/Dockerfile';
    await lsp.open(uri, TWO_CMDS);
    const [d] = cmdFindings((await lsp.diagnostics(uri)).diagnostics);
    const actions = await lsp.codeActions(uri, { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } }, []);
    const suppress = actions.find(a => a.title === 'Suppress multiple-cmd for this instruction');
    assert.ok(suppress);
    assert.strictEqual(suppress.diagnostics?.[0].code, d.code);
    const text = applyEdits(TWO_CMDS, (suppress.edit?.documentChanges?.[0] as TextDocumentEdit).edits);
    assert.strictEqual(text, df('FROM local/busybox:1', '# layerwise ignore=multiple-cmd', 'CMD ["a"]', 'CMD ["b"]'));
    await lsp.change(uri, 2, text);
    assert.deepStrictEqual(cmdFindings((await lsp.diagnostics(uri, p => p.version === 2)).diagnostics), []);
  });

  it('returns no actions for a range without findings', async () => {
    const uri = 'file:///nowhere/none/Dockerfile';
    await lsp.open(uri, TWO_CMDS);
    await lsp.diagnostics(uri);
    const actions = await lsp.codeActions(uri, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, []);
    assert.deepStrictEqual(actions.filter(a => a.title.includes('multiple-cmd') || a.title.includes('CMD')), []);
  });

  it('hovers with the rule title, the message, why it matters and the doc link', async () => {
    const uri = 'file:///nowhere/hover/Dockerfile';
    await lsp.open(uri, TWO_CMDS);
    await lsp.diagnostics(uri);
    const hover = await lsp.hover(uri, 1, 4);
    assert.ok(hover);
    const value = (hover.contents as MarkupContent).value;
    const rule = RULES_BY_ID.get('multiple-cmd');
    assert.ok(rule?.explanation, 'multiple-cmd explains itself');
    assert.ok(value.includes(`**${rule.title}**`), value);
    assert.ok(value.includes('has no effect: line 3 `CMD ["b"]` replaces it.'), value);
    assert.ok(value.includes(rule.explanation), value);
    assert.ok(value.includes('(layerwise-docs:/rules/multiple-cmd.md)'), value);
    assert.strictEqual(await lsp.hover(uri, 2, 4), null, 'the last CMD has no finding');
  });

  describe('build context of file: documents', () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-lsp-')); });
    afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });
    const NODE_APP = df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]');
    const fixTitles = async (folder: string) => {
      const uri = pathToFileURL(path.join(folder, 'Dockerfile')).href;
      await lsp.open(uri, NODE_APP);
      const copy = (await lsp.diagnostics(uri)).diagnostics.find(d => d.code === 'copy-before-install');
      assert.ok(copy, 'copy-before-install fires');
      return (await lsp.codeActions(uri, copy.range, [copy])).map(a => a.title).filter(t => !t.startsWith('Suppress'));
    };

    it('uses the files next to the Dockerfile: no manifest, no manifest-first fix', async () => {
      fs.mkdirSync(path.join(dir, 'with'));
      fs.writeFileSync(path.join(dir, 'with', 'package.json'), '{}');
      fs.mkdirSync(path.join(dir, 'without'));
      fs.writeFileSync(path.join(dir, 'without', 'index.js'), '');
      assert.deepStrictEqual(await fixTitles(path.join(dir, 'with')), ['Copy the npm manifests first, install, then copy the sources']);
      assert.deepStrictEqual(await fixTitles(path.join(dir, 'without')), []);
    });

    it('lints as if the context were unknown when the folder cannot be listed', async () => {
      // Unknown context: the rule offers its fix with the usual manifests, as for an untitled buffer.
      assert.deepStrictEqual(await fixTitles(path.join(dir, 'missing')), ['Copy the npm manifests first, install, then copy the sources']);
      assert.strictEqual(lsp.stderr.includes('could not analyse'), false);
    });
  });
});
