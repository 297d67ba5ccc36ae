// The cache prediction in the editor: a CodeLens per step (cached / reruns: reason), a summary on the
// first line, a hover that follows a rerun back to its first cause.
import * as vscode from 'vscode';
import { explainChain, summaryLine } from '../engine';
import { CacheLensController } from './controller';

export const EXPLAIN_COMMAND = 'layerwise.cachePrediction.explain';

export class CacheLensProvider implements vscode.CodeLensProvider, vscode.HoverProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly controller: CacheLensController) {
    this.onDidChangeCodeLenses = (listener, thisArg, disposables) => controller.onDidChange(() => listener.call(thisArg, undefined), undefined, disposables);
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const state = this.controller.state(doc.uri);
    if (!state) return [];
    // The hint and errors are end-of-line decorations (HintDecorations): a lens would push every line down
    // the moment a Dockerfile opens. Lenses appear once there is a prediction.
    if (state.kind !== 'plan') return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const plan = state.plan;
    const problems = plan.problems.length ? ` — ${plan.problems.length} context problem${plan.problems.length === 1 ? '' : 's'}` : '';
    const lenses = [new vscode.CodeLens(top, { title: `$(history) ${summaryLine(plan)}${problems}`, command: '', tooltip: [plan.notice, ...plan.problems].filter(Boolean).join('\n') })];
    for (const step of plan.steps) {
      if (step.line >= doc.lineCount) continue;
      const range = new vscode.Range(step.line, 0, step.line, 0);
      const title = step.cached ? `$(check) ${step.reason}` : `$(debug-restart) reruns: ${step.reason}`;
      lenses.push(new vscode.CodeLens(range, { title, command: step.cached ? '' : EXPLAIN_COMMAND, arguments: [doc.uri, step.line], tooltip: explainChain(plan, step.line).join('\n') }));
    }
    return lenses;
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const state = this.controller.state(doc.uri);
    if (state?.kind !== 'plan') return undefined;
    const step = state.plan.steps.find(s => s.line === position.line);
    if (!step || step.cached) return undefined;
    const md = new vscode.MarkdownString(`**Next build reruns this step.**\n\n${explainChain(state.plan, step.line).map(l => `- ${l}`).join('\n')}`);
    return new vscode.Hover(md, new vscode.Range(step.line, 0, step.line, doc.lineAt(step.line).text.length));
  }
}

/** Shows the chain of a rerun step (the lens's click). */
export async function explainStep(controller: CacheLensController, uri: vscode.Uri, line: number): Promise<string[] | undefined> {
  const state = controller.state(uri);
  if (state?.kind !== 'plan') return undefined;
  const chain = explainChain(state.plan, line);
  if (chain.length) void vscode.window.showInformationMessage(`Next build reruns line ${line + 1}: ${chain.join(' ← ')}`);
  return chain;
}

/** "Build once to see cache predictions" (or why there is no prediction) at the end of the first FROM line. */
export class HintDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
  });
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly controller: CacheLensController) {
    this.subscriptions = [this.type,
      controller.onDidChange(() => this.applyAll()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.applyAll())];
  }

  private applyAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.apply(editor);
  }

  private apply(editor: vscode.TextEditor): void {
    const state = this.controller.state(editor.document.uri);
    if (!state || state.kind === 'plan') { editor.setDecorations(this.type, []); return; }
    const lines = editor.document.getText().split(/\r?\n/);
    const from = Math.max(0, lines.findIndex(l => /^\s*FROM\s/i.test(l)));
    const end = editor.document.lineAt(Math.min(from, editor.document.lineCount - 1)).range.end;
    editor.setDecorations(this.type, [{
      range: new vscode.Range(end, end),
      renderOptions: { after: { contentText: `Layerwise: ${state.message}` } },
      hoverMessage: state.kind === 'hint' ? 'Cache predictions compare with the last build of this Dockerfile (Layerwise: Build Image…).' : undefined,
    }]);
  }

  dispose(): void { for (const d of this.subscriptions) d.dispose(); }
}
