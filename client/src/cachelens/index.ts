// Registers the cache prediction lens (setting layerwise.cachePrediction.enabled).
import * as vscode from 'vscode';
import { BuildRecordStore } from '../engine';
import { EngineService } from '../state/engineService';
import { CacheLensController } from './controller';
import { CacheLensProvider, EXPLAIN_COMMAND, explainStep, HintDecorations } from './provider';

export { CacheLensController } from './controller';

export function registerCacheLens(context: vscode.ExtensionContext, service: EngineService, records: BuildRecordStore): CacheLensController {
  const controller = new CacheLensController(service, records);
  const provider = new CacheLensProvider(controller);
  const selector: vscode.DocumentSelector = { language: 'dockerfile', scheme: 'file' };
  context.subscriptions.push(controller, new HintDecorations(controller),
    vscode.languages.registerCodeLensProvider(selector, provider),
    vscode.languages.registerHoverProvider(selector, provider),
    vscode.commands.registerCommand(EXPLAIN_COMMAND, (uri: vscode.Uri, line: number) => explainStep(controller, uri, line)));
  return controller;
}
