// `Inspect` output as read-only JSON editors (a content provider's documents cannot be edited or saved over).
import * as vscode from 'vscode';

export const INSPECT_SCHEME = 'layerwise-inspect';

export class InspectDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string { return this.contents.get(uri.path) ?? '{}'; }

  /** Shows `data` as `<kind>/<name>.json`; re-inspecting the same thing refreshes the open editor. */
  async show(kind: string, name: string, data: unknown): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${kind}/${name.replace(/[^\w.-]+/g, '_')}.json` });
    this.contents.set(uri.path, JSON.stringify(data, null, 2) + '\n');
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
    return uri;
  }

  dispose(): void { this.changed.dispose(); this.contents.clear(); }
}
