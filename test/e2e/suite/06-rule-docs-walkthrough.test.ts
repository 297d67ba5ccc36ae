// Rule pages open offline inside VS Code (from a diagnostic's code link and from the hover), and the
// walkthrough's commands and completion events work: the sample Dockerfile, the quick-fix event.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateLayerwise, closeAllEditors, codeActionsAt, codeOf, eventually, examplePath, hasCode, openDockerfile, waitForDiagnostics } from './helpers';

/** `command:layerwise.openRuleDoc?["<id>"]` → the command and its arguments. */
function commandOf(target: vscode.Uri): { command: string; args: unknown[] } {
  assert.strictEqual(target.scheme, 'command', `a rule link should run a command, not open ${target.toString()}`);
  return { command: target.path, args: JSON.parse(target.query) as unknown[] };
}

function previewTab(page: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => t.input instanceof vscode.TabInputWebview
    && t.input.viewType.includes('markdown.preview') && t.label.includes(page));
}

describe('rule pages and the walkthrough', () => {
  before(activateLayerwise);
  afterEach(closeAllEditors);

  it('a diagnostic\'s rule link opens the page shipped with the extension as a Markdown preview', async () => {
    const editor = await openDockerfile(examplePath('nginx-static'));
    const diags = await waitForDiagnostics(editor.document.uri, hasCode('cmd-exits-immediately'), 'cmd-exits-immediately');
    const d = diags.find(x => codeOf(x) === 'cmd-exits-immediately')!;
    assert.ok(typeof d.code === 'object');
    const { command, args } = commandOf(d.code.target);
    assert.deepStrictEqual({ command, args }, { command: 'layerwise.openRuleDoc', args: ['cmd-exits-immediately'] });
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(fs.existsSync(path.join(ext.extensionPath, 'docs', 'rules', 'cmd-exits-immediately.md')), 'the page is inside the extension');
    await vscode.commands.executeCommand(command, ...args);
    await eventually(() => previewTab('cmd-exits-immediately.md'), 'a Markdown preview of cmd-exits-immediately.md');
  });

  it('the hover\'s "read more" link runs the same command, with no network link', async () => {
    const editor = await openDockerfile(examplePath('nginx-static'));
    const diags = await waitForDiagnostics(editor.document.uri, hasCode('cmd-exits-immediately'), 'cmd-exits-immediately');
    const d = diags.find(x => codeOf(x) === 'cmd-exits-immediately')!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, d.range.start);
    const markdown = hovers.flatMap(h => h.contents).filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString)
      .find(c => c.value.includes('read more'));
    assert.ok(markdown, 'a Layerwise hover with a "read more" link');
    assert.match(markdown.value, /\(command:layerwise\.openRuleDoc\?[^)]*cmd-exits-immediately[^)]*\)/);
    assert.doesNotMatch(markdown.value, /layerwise-docs:|https?:\/\//, 'no unresolved or network link');
    // The hover API hands back a copy: the trust settings cannot be read here, the UI suite clicks the link.
  });

  it('"Open a Sample Dockerfile" shows findings, and applying a quick fix fires the walkthrough\'s event', async () => {
    await vscode.commands.executeCommand('layerwise.walkthrough.openSample');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.isUntitled && editor.document.languageId === 'dockerfile', 'an untitled Dockerfile is open');
    const diags = await waitForDiagnostics(editor.document.uri, hasCode('copy-before-install'), 'copy-before-install');
    const d = diags.find(x => codeOf(x) === 'copy-before-install')!;
    const actions = await codeActionsAt(editor.document.uri, d.range);
    const fix = actions.find(a => a.isPreferred && a.edit);
    assert.ok(fix, `a preferred fix: ${actions.map(a => a.title).join(', ')}`);
    assert.deepStrictEqual(fix.command && { command: fix.command.command }, { command: 'layerwise.walkthrough.fixApplied' });
    await vscode.workspace.applyEdit(fix.edit!);
    await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? []));
    await waitForDiagnostics(editor.document.uri, diagnostics => !hasCode('copy-before-install')(diagnostics), 'the fix to clear copy-before-install');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('the walkthrough has its five steps, each with a page inside the extension and a completion event', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const [walkthrough] = ext.packageJSON.contributes.walkthroughs as Array<{ id: string; steps: Array<{ id: string; title: string; media: { markdown?: string }; completionEvents: string[] }> }>;
    assert.deepStrictEqual(walkthrough.steps.map(s => s.id), ['finding', 'quickFix', 'engine', 'build', 'settings']);
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.length > 0, step.id);
      assert.ok(step.media.markdown && fs.existsSync(path.join(ext.extensionPath, step.media.markdown)), `${step.id}: ${step.media.markdown}`);
    }
  });
});
