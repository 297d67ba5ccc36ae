// Engine features: build/run commands, image explorer and layer history views.
import * as vscode from 'vscode';

export async function registerEngineFeatures(_context: vscode.ExtensionContext): Promise<unknown> {
  return undefined;
}
