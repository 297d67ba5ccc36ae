// Serves the language server's engine-data request from the client's engine connection, so the
// server's completions and hovers can name local images without ever talking to an engine itself.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ENGINE_IMAGES_REQUEST, EngineImagesResult } from '../../../server/src/features/protocol';
import type { EngineService } from '../state/engineService';
import { imageCatalog } from './imageCatalog';

export function registerAuthoring(client: LanguageClient, service: EngineService): vscode.Disposable {
  return client.onRequest(ENGINE_IMAGES_REQUEST, (): Promise<EngineImagesResult> => {
    // An untrusted workspace may lint, but nothing it contains reaches the engine; listing images sends nothing from it.
    return imageCatalog(service.engine);
  });
}
