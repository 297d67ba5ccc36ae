// The server asks the client (layerwise/baseImageFacts) about the base images a document starts
// from, and re-lints with the answer: over a real stdio connection to dist/server.js.
import * as assert from 'assert';
import { LspClient } from '../support/lspClient';
import { df } from '../support/ruleSpec';
import { BASE_IMAGE_FACTS_REQUEST, BaseImageFactsAnswer, BaseImageFactsParams } from '../../server/src/features/protocol';

describe('LSP: base image facts from the client\'s engine', function () {
  this.timeout(20000);
  let lsp: LspClient;
  afterEach(async () => { await lsp?.stop(); });

  it('asks once about the images a document starts from and re-lints with the answer', async () => {
    const asked: string[][] = [];
    lsp = await LspClient.start({
      requests: {
        [BASE_IMAGE_FACTS_REQUEST]: (params: unknown): BaseImageFactsAnswer => {
          asked.push((params as BaseImageFactsParams).references);
          return { images: { 'app/base:arm': { os: 'linux', architecture: 'arm64', env: ['APP_HOME=/srv'] } }, platform: { os: 'linux', architecture: 'amd64' } };
        },
      },
    });
    const uri = 'file:///nowhere/facts/Dockerfile';
    await lsp.open(uri, df('FROM app/base:arm AS app', 'WORKDIR $APP_HOM', 'FROM scratch', 'COPY --from=app /srv /srv'));
    const codes = (p: { diagnostics: Array<{ code?: unknown }> }) => p.diagnostics.map(d => String(d.code));
    const withFacts = await lsp.diagnostics(uri, p => codes(p).includes('invalid-base-image-platform'));
    assert.ok(codes(withFacts).includes('undefined-var'), 'the image ENV makes $APP_HOM a near-miss of APP_HOME: ' + codes(withFacts).join());
    assert.deepStrictEqual(asked, [['app/base:arm']], 'scratch and stage names are not asked about');
  });

  it('a client that cannot answer leaves the rules silent, and is not asked again', async () => {
    lsp = await LspClient.start();
    const uri = 'file:///nowhere/nofacts/Dockerfile';
    await lsp.open(uri, df('FROM app/base:arm', 'CMD ["a"]'));
    const first = await lsp.diagnostics(uri);
    assert.ok(first.diagnostics.every(d => d.code !== 'invalid-base-image-platform'));
  });
});
