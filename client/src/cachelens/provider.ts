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
    const top = new vscode.Range(0, 0, 0, 0);
    if (state.kind === 'hint') return [new vscode.CodeLens(top, { title: `$(info) ${state.message}`, command: 'layerwise.images.build', arguments: [doc.uri] })];
    if (state.kind === 'error') return [new vscode.CodeLens(top, { title: `$(warning) ${state.message}`, command: '' })];
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
