// The first-run walkthrough (contributes.walkthroughs in package.json): the commands its steps run,
// the event that marks "apply a quick fix" done, and the version line in the output channel.
import * as vscode from 'vscode';
import { Middleware } from 'vscode-languageclient/node';

export const OPEN_SAMPLE = 'layerwise.walkthrough.openSample';
/** Run after a Layerwise quick fix is applied; the walkthrough's quick-fix step completes on it. */
export const FIX_APPLIED = 'layerwise.walkthrough.fixApplied';

/** An untitled Dockerfile with a few typical findings: nothing is written to the user's files. */
const SAMPLE = [
  'FROM node:20',
  'WORKDIR /app',
  '# Every source edit now reinstalls the dependencies: hover the squiggle, then press Ctrl+.',
  'COPY . .',
  'RUN npm ci',
  'CMD npm start',
  '',
].join('\n');

export function registerWalkthrough(context: vscode.ExtensionContext, output: vscode.OutputChannel): void {
  const version = String(context.extension.packageJSON.version);
  // The same version `layerwise --version` prints: both come from the one package.json.
  output.appendLine(`Layerwise ${version} (VS Code ${vscode.version}, extension at ${context.extensionUri.fsPath})`);
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_SAMPLE, async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: SAMPLE });
      await vscode.window.showTextDocument(doc, { preview: false });
    }),
    vscode.commands.registerCommand(FIX_APPLIED, () => undefined),
  );
}

/** Language-client middleware: every Layerwise quick fix without a command of its own reports that it was applied. */
export const walkthroughMiddleware: Pick<Middleware, 'provideCodeActions'> = {
  async provideCodeActions(document, range, context, token, next) {
    const actions = await next(document, range, context, token);
    for (const action of actions ?? []) {
      if (action instanceof vscode.CodeAction && action.edit && !action.command) action.command = { command: FIX_APPLIED, title: '' };
    }
    return actions;
  },
};
