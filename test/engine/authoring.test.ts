// Engine-aware completion end to end: the language server over stdio asks for the engine's images
// (layerwise/engineImages) and this test answers the way the extension does, from a real dockerode
// connection (client/src/authoring/imageCatalog). Images built here must appear in FROM completion.
import * as assert from 'assert';
import * as path from 'path';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver/node';
import { build, Engine } from '../../client/src/engine';
import { imageCatalog } from '../../client/src/authoring/imageCatalog';
import { LspClient } from '../support/lspClient';
import { BASE, removeImages, tempDir, testEngine, uniqueTag } from './support';

describe('engine: authoring completions and hovers from the connected engine', function () {
  this.timeout(120000);
  let engine: Engine;
  let lsp: LspClient;
  const built: string[] = [];
  before(async () => {
    engine = await testEngine();
    lsp = await LspClient.start({ requests: { 'layerwise/engineImages': () => imageCatalog(engine) } });
  });
  after(async () => {
    await lsp?.stop();
    if (engine) await removeImages(engine, built);
    engine?.dispose();
  });

  it('offers images built in this test in FROM completion, their tags after FROM repo:, and describes them on hover', async () => {
    const dir = tempDir({ Dockerfile: `FROM ${BASE}\nLABEL org.opencontainers.image.base.name="${BASE}"\nRUN echo one > /one\n` });
    const first = uniqueTag('authoring');
    const r1 = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: first, builder: 'classic' });
    assert.ok(r1.ok, r1.error?.message);
    built.push(first);
    const [repository, firstTag] = [first.slice(0, first.lastIndexOf(':')), first.slice(first.lastIndexOf(':') + 1)];

    const uri = 'file:///nowhere/engine-authoring/Dockerfile';
    await lsp.open(uri, `FROM \nFROM ${repository}:\nFROM ${first}\n`);
    const items = await lsp.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 5 } });
    const mine = items.find(i => i.label === first);
    assert.ok(mine, `${first} in ${items.map(i => i.label).join(' | ')}`);
    assert.match(mine.detail ?? '', /^local image · [\d.]+ (KB|MB) · (just now|\d+ (minute|second)s? ago)$/);
    assert.ok(items.some(i => i.label === BASE), 'the base image is offered too');

    const tags = await lsp.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 6 + repository.length } });
    assert.deepStrictEqual(tags.map(i => i.label), [firstTag]);

    const hover = (await lsp.hover(uri, 2, 8))?.contents as MarkupContent;
    assert.match(hover.value, new RegExp(`\\*\\*${repository.replace(/[/.]/g, '\\$&')}:${firstTag}\\*\\* \\(local image \`[0-9a-f]{12}\`\\)`));
    assert.match(hover.value, /Base image \(label `org\.opencontainers\.image\.base\.name`\): `local\/busybox:1`/);
  });
});
