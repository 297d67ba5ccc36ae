// `auto` for layerwise.editorFeatures / syntaxChecks: off exactly when a Dockerfile language server extension is installed.
import * as assert from 'assert';
import { DOCKERFILE_SERVER_EXTENSIONS, resolveAuto } from '../../client/src/authoring/coexistence';

describe('client: auto settings step aside for other Dockerfile language servers', () => {
  const only = (ids: string[]) => (id: string) => ids.includes(id);

  it('auto is on with no peer installed, off with any one of them', () => {
    assert.strictEqual(resolveAuto('auto', only([])), 'on');
    assert.strictEqual(resolveAuto('auto', only(['redhat.vscode-yaml'])), 'on');
    for (const peer of ['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker', 'docker.docker']) {
      assert.strictEqual(resolveAuto('auto', only([peer])), 'off', peer);
    }
    assert.deepStrictEqual(DOCKERFILE_SERVER_EXTENSIONS.length, 3);
  });

  it('on and off are kept whatever is installed; anything else reads as auto', () => {
    const all = only(DOCKERFILE_SERVER_EXTENSIONS);
    assert.strictEqual(resolveAuto('on', all), 'on');
    assert.strictEqual(resolveAuto('off', only([])), 'off');
    assert.strictEqual(resolveAuto(undefined, all), 'off');
    assert.strictEqual(resolveAuto(42, only([])), 'on');
  });
});
