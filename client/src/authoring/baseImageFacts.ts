// Answers the language server's base-image question (platform and ENV of the images a Dockerfile
// starts from) from the client's engine connection, so invalid-base-image-platform and undefined-var
// know what BuildKit would know. Image names come from the workspace's Dockerfiles: only a trusted
// workspace sends them to the engine (as API path parameters, never a shell string).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BASE_IMAGE_FACTS_REQUEST, BaseImageFactsAnswer, BaseImageFactsParams } from '../../../server/src/features/protocol';
import { baseImageFacts } from '../engine/baseImages';
import type { EngineService } from '../state/engineService';

export function registerBaseImageFacts(client: LanguageClient, service: EngineService): vscode.Disposable {
  return client.onRequest(BASE_IMAGE_FACTS_REQUEST, async (params: BaseImageFactsParams): Promise<BaseImageFactsAnswer> => {
    if (!vscode.workspace.isTrusted || service.engine.state !== 'reachable') return null;
    const references = (Array.isArray(params?.references) ? params.references : []).filter(r => typeof r === 'string' && r.length <= 512).slice(0, 20);
    try {
      return await baseImageFacts(service.engine, references);
    } catch {
      return null; // the engine went away mid-question: the rules stay silent, as without an engine
    }
  });
}
