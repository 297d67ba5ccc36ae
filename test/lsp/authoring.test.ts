// The authoring features over a real stdio LSP connection to dist/server.js, on the examples.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type {
  CompletionItem, DocumentSymbol, FoldingRange, Location, Range, SignatureHelp, TextDocumentEdit, TextEdit, WorkspaceEdit, DocumentHighlight,
  DocumentLink, MarkupContent,
} from 'vscode-languageserver/node';
import { LspClient, REPO_ROOT } from '../support/lspClient';
import { applyEdits, df } from '../support/ruleSpec';

const example = (name: string) => {
  const file = path.join(REPO_ROOT, 'examples', name, 'Dockerfile');
  return { uri: pathToFileURL(file).href, text: fs.readFileSync(file, 'utf8') };
};
const CAPS = { documentSymbol: { hierarchicalDocumentSymbolSupport: true }, rename: { prepareSupport: true } };
const labels = (items: CompletionItem[]) => items.map(i => i.label);
const at = (line: number, character: number) => ({ position: { line, character } });

describe('LSP: authoring features (dockerfile-language-service + ours)', function () {
  this.timeout(20000);
  let lsp: LspClient;
  const engineImages = { images: [
    { id: 'sha256:1111', repoTags: ['local/busybox:1'], size: 2_000_000, created: 1_700_000_000, labels: {} },
    { id: 'sha256:2222', repoTags: ['local/busybox:2'], size: 2_100_000, created: 1_700_100_000, labels: { 'org.opencontainers.image.base.name': 'scratch' } },
  ] };
  beforeEach(async () => { lsp = await LspClient.start({ textDocument: CAPS, requests: { 'layerwise/engineImages': () => engineImages } }); });
  afterEach(async () => { await lsp.stop(); });

  it('advertises the editor capabilities', () => {
    const caps = lsp.initializeResult.capabilities;
    for (const key of ['completionProvider', 'documentFormattingProvider', 'documentRangeFormattingProvider', 'documentOnTypeFormattingProvider',
      'documentSymbolProvider', 'documentHighlightProvider', 'renameProvider', 'definitionProvider', 'signatureHelpProvider',
      'documentLinkProvider', 'foldingRangeProvider', 'hoverProvider', 'codeActionProvider'] as const) {
      assert.ok(caps[key], key);
    }
    assert.deepStrictEqual(caps.renameProvider, { prepareProvider: true });
  });

  it('completes instructions, and COPY --from= with the earlier stage names (go-multistage)', async () => {
    const { uri, text } = example('go-multistage');
    const withNew = text + 'R';
    await lsp.open(uri, withNew);
    const last = withNew.split('\n').length - 1;
    const keywords = labels(await lsp.request('textDocument/completion', uri, at(last, 1)));
    assert.ok(keywords.some(l => l.startsWith('RUN')), keywords.join(' | '));
    // line 10: `COPY --from=build /out/server /server`, cursor right after `--from=`
    const stages = await lsp.request<CompletionItem[]>('textDocument/completion', uri, at(9, 12));
    assert.deepStrictEqual(labels(stages).filter(l => !l.includes('/')), ['build']);
    assert.match(stages[0].detail ?? '', /stage 0 \(line 1, from golang:1\.22-alpine\)/);
  });

  it('completes FROM with earlier stages, engine images and global ARGs; FROM repo: with local tags', async () => {
    const uri = 'file:///nowhere/from/Dockerfile';
    await lsp.open(uri, df('ARG BASE=local/busybox:1', 'FROM ${BASE} AS base', 'FROM ', 'FROM local/busybox:'));
    const items = await lsp.request<CompletionItem[]>('textDocument/completion', uri, at(2, 5));
    const got = labels(items);
    for (const want of ['base', 'local/busybox:2', 'local/busybox:1', '${BASE}']) assert.ok(got.includes(want), `${want} in ${got.join(' | ')}`);
    assert.ok(got.indexOf('local/busybox:2') < got.indexOf('local/busybox:1'), 'newest image first');
    assert.match(items.find(i => i.label === 'local/busybox:1')?.detail ?? '', /local image · 1\.9 MB · /);
    const tags = await lsp.request<CompletionItem[]>('textDocument/completion', uri, at(3, 19));
    assert.deepStrictEqual(labels(tags), ['2', '1']);
    assert.deepStrictEqual((tags[0].textEdit as TextEdit).range, { start: { line: 3, character: 19 }, end: { line: 3, character: 19 } });
  });

  it('completes --chown= with the accounts the Dockerfile creates and cache mount targets with the right sharing', async () => {
    const uri = 'file:///nowhere/accounts/Dockerfile';
    await lsp.open(uri, df(
      'FROM local/busybox:1', 'RUN addgroup -S app && adduser -S -G app -h /home/app app', 'COPY --chown= a b',
      'RUN --mount=type=cache,target= apt-get update && apt-get install -y curl',
      'RUN --mount=type=cache,target= npm ci', 'RUN --mount= pip install -r requirements.txt'));
    const chown = labels(await lsp.request('textDocument/completion', uri, at(2, 13)));
    assert.deepStrictEqual(chown.sort(), ['app', 'app:app', 'root', 'root:root']);
    const apt = await lsp.request<CompletionItem[]>('textDocument/completion', uri, at(3, 30));
    assert.deepStrictEqual(apt.map(i => (i.textEdit as TextEdit).newText), ['/var/cache/apt,sharing=locked', '/var/lib/apt,sharing=locked']);
    const npm = await lsp.request<CompletionItem[]>('textDocument/completion', uri, at(4, 30));
    assert.deepStrictEqual(npm.map(i => (i.textEdit as TextEdit).newText), ['/root/.npm']);
    const pip = labels(await lsp.request('textDocument/completion', uri, at(5, 12)));
    assert.ok(pip.includes('type=cache,target=/root/.cache/pip'), pip.join(' | '));
  });

  it('completes COPY sources from the build context minus .dockerignore, and says when a typed path is excluded', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-authoring-'));
    try {
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'src', 'app.js'), '');
      fs.writeFileSync(path.join(dir, 'package.json'), '{}');
      fs.writeFileSync(path.join(dir, 'secret.env'), 'X=1');
      fs.writeFileSync(path.join(dir, '.dockerignore'), '*.env\n');
      const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
      await lsp.open(uri, df('FROM local/busybox:1', 'COPY  /app/', 'COPY src/', 'COPY secret.env /x'));
      const top = labels(await lsp.request('textDocument/completion', uri, at(1, 5)));
      assert.ok(top.includes('src/') && top.includes('package.json') && top.includes('.dockerignore'), top.join(' | '));
      assert.ok(!top.includes('secret.env'), 'excluded files are not offered');
      const inSrc = await lsp.request<CompletionItem[]>('textDocument/completion', uri, at(2, 9));
      assert.deepStrictEqual(labels(inSrc).filter(l => !l.startsWith('--')), ['app.js']);
      const excluded = await lsp.request<CompletionItem[]>('textDocument/completion', uri, at(3, 15));
      assert.match(excluded[0].detail ?? '', /excluded by \.dockerignore \(\*\.env\)/);
      const hover = (await lsp.hover(uri, 3, 8))?.contents as MarkupContent;
      assert.match(hover.value, /`secret\.env` is excluded by \.dockerignore \(`\*\.env`\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the stages with their instructions as document symbols, and folds each stage', async () => {
    const { uri, text } = example('go-multistage');
    await lsp.open(uri, text);
    const symbols = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', uri);
    assert.deepStrictEqual(symbols.map(s => [s.name, s.detail]), [['build', 'FROM golang:1.22-alpine'], ['stage 1', 'FROM gcr.io/distroless/static-debian12:nonroot']]);
    assert.deepStrictEqual(symbols[0].children?.map(c => c.name), ['WORKDIR', 'COPY', 'RUN', 'COPY', 'RUN']);
    const folds = await lsp.request<FoldingRange[]>('textDocument/foldingRange', uri);
    assert.deepStrictEqual(folds.map(f => [f.startLine, f.endLine]), [[0, 5], [7, 11]]);
  });

  it('formats the document, a range, and on typing the escape character', async () => {
    const uri = 'file:///nowhere/format/Dockerfile';
    const text = df('FROM local/busybox:1', '   RUN echo a \\', 'echo b', '  CMD ["x"]');
    await lsp.open(uri, text);
    const options = { tabSize: 4, insertSpaces: true };
    const all = await lsp.request<TextEdit[]>('textDocument/formatting', uri, { options });
    assert.strictEqual(applyEdits(text, all), df('FROM local/busybox:1', 'RUN echo a \\', '    echo b', 'CMD ["x"]'));
    const range = await lsp.request<TextEdit[]>('textDocument/rangeFormatting', uri, { options, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } } });
    assert.strictEqual(applyEdits(text, range), df('FROM local/busybox:1', '   RUN echo a \\', 'echo b', 'CMD ["x"]'));
    const typed = df('FROM local/busybox:1', 'RUN echo a \\', 'echo b');
    await lsp.change(uri, 2, typed);
    const onType = await lsp.request<TextEdit[]>('textDocument/onTypeFormatting', uri, { options, ch: '\\', ...at(1, 12) });
    assert.strictEqual(applyEdits(typed, onType), df('FROM local/busybox:1', 'RUN echo a \\', '    echo b'));
  });

  it('renames a stage across FROM … AS x and COPY --from=x (with prepare-rename)', async () => {
    const { uri, text } = example('go-multistage');
    await lsp.open(uri, text, 3);
    const range = await lsp.request<Range>('textDocument/prepareRename', uri, at(9, 14));
    assert.deepStrictEqual(range, { start: { line: 9, character: 12 }, end: { line: 9, character: 17 } });
    const edit = await lsp.request<WorkspaceEdit>('textDocument/rename', uri, { ...at(0, 28), newName: 'compile' });
    const change = edit.documentChanges?.[0] as TextDocumentEdit;
    assert.deepStrictEqual(change.textDocument, { uri, version: 3 });
    const renamed = applyEdits(text, change.edits).split('\n');
    assert.strictEqual(renamed[0], 'FROM golang:1.22-alpine AS compile');
    assert.strictEqual(renamed[9], 'COPY --from=compile /out/server /server');
  });

  it('goes to the definition of an ARG used in FROM, highlights it, and links image names', async () => {
    const uri = 'file:///nowhere/definition/Dockerfile';
    await lsp.open(uri, df('ARG NODE_VERSION=20', 'FROM node:${NODE_VERSION}-slim', 'RUN echo $NODE_VERSION'));
    const def = await lsp.request<Location>('textDocument/definition', uri, at(1, 14));
    assert.deepStrictEqual(def, { uri, range: { start: { line: 0, character: 4 }, end: { line: 0, character: 16 } } });
    const highlights = await lsp.request<DocumentHighlight[]>('textDocument/documentHighlight', uri, at(1, 14));
    assert.deepStrictEqual(highlights.map(h => h.range.start.line), [0, 1]);
    const links = await lsp.request<DocumentLink[]>('textDocument/documentLink', uri);
    assert.strictEqual(links.length, 1);
    const resolved = await lsp.connection.sendRequest<DocumentLink>('documentLink/resolve', links[0]);
    assert.strictEqual(resolved.target, 'https://hub.docker.com/_/node/');
  });

  it('shows signature help for an instruction', async () => {
    const { uri, text } = example('go-multistage');
    await lsp.open(uri, text);
    const help = await lsp.request<SignatureHelp>('textDocument/signatureHelp', uri, at(2, 5));
    assert.strictEqual(help.signatures[help.activeSignature ?? 0].label, 'COPY [flags] source ... dest');
  });

  it('merges our findings, the library docs, the engine image and the stage users into one hover', async () => {
    const { uri, text } = example('node-app');
    await lsp.open(uri, text);
    await lsp.diagnostics(uri);
    const hover = (await lsp.hover(uri, 2, 1))?.contents as MarkupContent;
    assert.match(hover.value, /apt-update-separate: read more/);
    assert.match(hover.value, /Execute any commands on top of the current image/);
    const uri2 = 'file:///nowhere/hover/Dockerfile';
    await lsp.open(uri2, df('FROM local/busybox:1 AS base', 'FROM base', 'COPY --from=base /a /b'));
    const image = (await lsp.hover(uri2, 0, 10))?.contents as MarkupContent;
    assert.match(image.value, /\*\*local\/busybox:1\*\* \(local image `1111`\)/);
    assert.match(image.value, /1\.9 MB · created 2023-11-14/);
    assert.match(image.value, /A newer local tag exists: `local\/busybox:2`/);
    const stage = (await lsp.hover(uri2, 0, 25))?.contents as MarkupContent;
    assert.match(stage.value, /Stage `base`\*\*/);
    assert.match(stage.value, /line 2: stage 1 builds on it/);
    assert.match(stage.value, /line 3: stage 1 copies from it/);
  });

  it('offers the library quick fix for a syntax problem next to ours', async () => {
    const uri = 'file:///nowhere/fixes/Dockerfile';
    const text = df('FROM local/busybox:1 AS base', 'FROM local/busybox:1', 'COPY --form=base /a /b');
    await lsp.open(uri, text, 4);
    const d = (await lsp.diagnostics(uri)).diagnostics.find(x => x.code === 'syntax');
    assert.ok(d);
    const actions = await lsp.codeActions(uri, d.range, [d]);
    const convert = actions.find(a => a.title === 'Convert to --from');
    assert.ok(convert, actions.map(a => a.title).join(' | '));
    assert.ok(actions.some(a => a.title === 'Suppress syntax for this instruction'));
    const change = convert.edit?.documentChanges?.[0] as TextDocumentEdit;
    assert.strictEqual(applyEdits(text, change.edits).split('\n')[2], 'COPY --from=base /a /b');
  });

  it('without an engine answer, FROM still completes stages and the hover says why there is no image data', async () => {
    const bare = await LspClient.start({ textDocument: CAPS });
    try {
      const uri = 'file:///nowhere/noengine/Dockerfile';
      await bare.open(uri, df('FROM local/busybox:1 AS base', 'FROM '));
      assert.deepStrictEqual(labels(await bare.request('textDocument/completion', uri, at(1, 5))).filter(l => !l.startsWith('--')), ['base']);
      const hover = (await bare.hover(uri, 0, 8))?.contents as MarkupContent;
      assert.match(hover.value, /the Docker engine was not asked: the editor did not provide engine data/);
    } finally {
      await bare.stop();
    }
  });

  it('with dynamic registration, the providers are registered while editorFeatures is on and unregistered when it turns off', async () => {
    const dynamic = Object.fromEntries(['completion', 'formatting', 'rangeFormatting', 'onTypeFormatting', 'documentSymbol', 'foldingRange',
      'documentHighlight', 'rename', 'definition', 'signatureHelp', 'documentLink'].map(k => [k, { dynamicRegistration: true }]));
    const registered: string[][] = [];
    const unregistered: string[][] = [];
    const vs = await LspClient.start({
      textDocument: { ...dynamic, rename: { dynamicRegistration: true, prepareSupport: true } },
      requests: {
        'client/registerCapability': p => { registered.push((p as { registrations: Array<{ method: string }> }).registrations.map(r => r.method)); return null; },
        'client/unregisterCapability': p => { unregistered.push((p as { unregisterations: Array<{ method: string }> }).unregisterations.map(r => r.method)); return null; },
      },
    });
    try {
      assert.strictEqual(vs.initializeResult.capabilities.completionProvider, undefined, 'nothing static: it comes with the registration');
      const features = await vs.until(() => registered.find(r => r.includes('textDocument/completion')), 'the features to be registered');
      assert.deepStrictEqual([...features].sort(), ['textDocument/completion', 'textDocument/definition', 'textDocument/documentHighlight',
        'textDocument/documentLink', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/formatting',
        'textDocument/onTypeFormatting', 'textDocument/rangeFormatting', 'textDocument/rename', 'textDocument/signatureHelp']);
      await vs.changeSettings({ editorFeatures: 'off' });
      const gone = await vs.until(() => unregistered[0], 'the features to be unregistered');
      assert.deepStrictEqual([...gone].sort(), [...features].sort());
      await vs.changeSettings({ editorFeatures: 'on' });
      await vs.until(() => (registered.filter(r => r.includes('textDocument/completion')).length === 2 ? true : undefined), 'registered again');
    } finally {
      await vs.stop();
    }
  });

  it('layerwise.editorFeatures off: no completion, symbols or formatting; findings hover and fixes stay', async () => {
    const { uri, text } = example('node-app');
    await lsp.changeSettings({ editorFeatures: 'off' });
    await lsp.open(uri, text);
    await lsp.diagnostics(uri);
    assert.deepStrictEqual(await lsp.request('textDocument/completion', uri, at(2, 1)), []);
    assert.deepStrictEqual(await lsp.request('textDocument/documentSymbol', uri), []);
    assert.deepStrictEqual(await lsp.request('textDocument/formatting', uri, { options: { tabSize: 4, insertSpaces: true } }), []);
    const hover = (await lsp.hover(uri, 2, 1))?.contents as MarkupContent;
    assert.match(hover.value, /apt-update-separate: read more/);
    assert.doesNotMatch(hover.value, /Execute any commands/);
  });
});
