// Cache prediction in the editor: after a build every step's CodeLens says "cached"; editing a file
// in the build context (on disk, as another tool would) turns the COPY's lens into "reruns: <file> changed".
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateLayerwise, closeAllEditors, openDockerfile, scratchCopy } from './helpers';

interface BuildResult { ok: boolean; error?: { message: string } }
const TAG = `layerwise-e2e/cache-lens:host-${process.pid}`;

async function lensTitles(uri: vscode.Uri): Promise<Array<{ line: number; title: string }>> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return (lenses ?? []).filter(l => l.command?.title).map(l => ({ line: l.range.start.line, title: l.command!.title }));
}

/** Asks VS Code for the lenses until `test` accepts them (the file watcher reports asynchronously). */
async function lensesUntil(uri: vscode.Uri, what: string, test: (titles: Array<{ line: number; title: string }>) => boolean, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  let titles = await lensTitles(uri);
  while (!test(titles)) {
    if (Date.now() > end) assert.fail(`${what}; the lenses were:\n${titles.map(t => `${t.line + 1}: ${t.title}`).join('\n')}`);
    await new Promise(r => setTimeout(r, 250));
    titles = await lensTitles(uri);
  }
  return titles;
}

describe('cache prediction lens', function () {
  this.timeout(120_000);
  let dockerfile: string;
  let built = false;
  before(async () => {
    await activateLayerwise();
    dockerfile = scratchCopy('busybox-web');
  });
  after(async () => {
    await vscode.workspace.getConfiguration('layerwise').update('cachePrediction.enabled', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
    if (built) await vscode.commands.executeCommand('layerwise.images.remove', TAG, { confirm: true });
  });

  it('shows only a hint before the first build, then every step cached after it', async () => {
    const editor = await openDockerfile(dockerfile);
    const uri = editor.document.uri;
    // Before a first build: no lens (it would shift every line), only the hint decoration on the FROM line.
    const api = await activateLayerwise() as unknown as { engine: { cacheLens: { refresh(uri: vscode.Uri): Promise<{ kind: string; message?: string } | undefined> } } };
    const state = await api.engine.cacheLens.refresh(uri);
    assert.deepStrictEqual(state, { kind: 'hint', message: 'Build once to see cache predictions' });
    assert.deepStrictEqual(await lensTitles(uri), []);

    const result = await vscode.commands.executeCommand<BuildResult | undefined>('layerwise.images.build', uri, { tag: TAG, noPrompt: true });
    assert.ok(result?.ok, `the build failed: ${result?.error?.message}`);
    built = true;
    const titles = await lensesUntil(uri, 'no "0 of N steps rerun" summary after the build', t => t.some(x => /Next build .*: 0 of \d+ steps? rerun/.test(x.title)));
    const copyLine = editor.document.getText().split(/\r?\n/).findIndex(l => l.startsWith('COPY site/'));
    assert.ok(titles.some(t => t.line === copyLine && /cached/.test(t.title)), 'the COPY is cached');
  });

  it('editing a file in the build context changes the lens of the COPY that takes it', async () => {
    const editor = await openDockerfile(dockerfile);
    const uri = editor.document.uri;
    const copyLine = editor.document.getText().split(/\r?\n/).findIndex(l => l.startsWith('COPY site/'));
    // VS Code starts a new folder watcher asynchronously and reports nothing before it runs: the
    // context's watcher was created by the build just before, so an edit made in its first moments can
    // go unseen until the controller walks the context once more (3 s after its first walk). Edit again
    // while no change has been reported (each wait 5 s, 30 s in all).
    const changed = (t: Array<{ line: number; title: string }>) => t.some(x => x.line === copyLine && /reruns: site\/index\.html changed/.test(x.title));
    let titles: Array<{ line: number; title: string }> = [];
    for (let attempt = 1; ; attempt++) {
      fs.appendFileSync(path.join(path.dirname(dockerfile), 'site', 'index.html'), `\n<!-- edited by the e2e suite ${Date.now()} -->\n`);
      try {
        titles = await lensesUntil(uri, 'the COPY lens did not change after site/index.html was edited', changed, 5_000);
        break;
      } catch (err) {
        if (attempt >= 6) throw err;
      }
    }
    assert.ok(titles.some(t => /Next build .*: [1-9]\d* of \d+ steps? rerun/.test(t.title)), 'the summary counts the rerun');
    // The hover on a step after it follows the chain back to the edited file.
    const runLine = editor.document.getText().split(/\r?\n/).findIndex(l => l.startsWith('RUN '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(runLine, 1));
    const text = (hovers ?? []).flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Next build reruns this step/);
    assert.match(text, /site\/index\.html changed/);
  });

  it('the setting turns it off', async () => {
    const editor = await openDockerfile(dockerfile);
    await vscode.workspace.getConfiguration('layerwise').update('cachePrediction.enabled', false, vscode.ConfigurationTarget.Global);
    await lensesUntil(editor.document.uri, 'lenses still shown with layerwise.cachePrediction.enabled = false', t => t.length === 0);
  });
});
