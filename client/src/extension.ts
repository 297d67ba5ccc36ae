// Activation: start the language server, then the engine features (commands and views).
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { resolveSyntaxChecks } from './config';
import { registerEngineFeatures } from './commands';
import { registerCacheLens } from './cachelens';

let client: LanguageClient | undefined;

export interface LayerwiseApi {
  /** For tests and other extensions: the running language client. */
  languageClient: LanguageClient;
  /** Engine-side services (set by registerEngineFeatures). */
  engine?: unknown;
}

export async function activate(context: vscode.ExtensionContext): Promise<LayerwiseApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const output = vscode.window.createOutputChannel('Layerwise Language Server');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'dockerfile' }],
    outputChannel: output,
    synchronize: { configurationSection: 'layerwise' },
    middleware: {
      workspace: {
        // The server cannot see which extensions are installed: resolve `auto` here.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, i) => params.items[i]?.section === 'layerwise' && value && typeof value === 'object'
            ? { ...value, syntaxChecks: resolveSyntaxChecks((value as { syntaxChecks?: string }).syntaxChecks) }
            : value);
        },
      },
    },
  };
  client = new LanguageClient('layerwise', 'Layerwise', serverOptions, clientOptions);
  await client.start();
  const api: LayerwiseApi = { languageClient: client };
  context.subscriptions.push(vscode.extensions.onDidChange(() => {
    // Installing or removing the Docker extensions changes what `auto` means.
    void client?.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }));
  const engine = await registerEngineFeatures(context);
  if (engine.records) engine.cacheLens = registerCacheLens(context, engine.service, engine.records);
  api.engine = engine;
  return api;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
