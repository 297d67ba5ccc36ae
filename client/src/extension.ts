// Activation: start the language server, then the engine features (commands and views).
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { resolveEditorFeatures, resolveSyntaxChecks } from './config';
import { registerAuthoring } from './authoring';
import { registerBaseImageFacts } from './authoring/baseImageFacts';
import { registerEngineFeatures, EngineFeatures } from './commands';
import { MeasuredDiagnostics } from './state/measuredDiagnostics';
import { registerRuleDocs, ruleDocsMiddleware } from './ruleDocs';
import { registerWalkthrough, walkthroughMiddleware } from './walkthrough';
import { registerCacheLens } from './cachelens';

let client: LanguageClient | undefined;

export interface LayerwiseApi {
  /** For tests and other extensions: the running language client. */
  languageClient: LanguageClient;
  /** Engine-side services (set by registerEngineFeatures). */
  engine?: unknown;
}

/**
 * A small young generation: each lint allocates quickly and V8 grows it to 3 × 16 MB, which it keeps
 * (about 30 MB of the server's memory with 200 documents open, docs/performance.md); 2 MB costs no
 * measurable lint time.
 */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=2'];
/**
 * glibc raises its trim threshold after large frees and then keeps freed memory: after a burst of
 * edits on a 10,000-line file, ~8 MB more stayed resident once the document closed (#18). A fixed
 * threshold (glibc's default value) gives it back; other C libraries ignore the variable.
 */
const SERVER_ENV = { MALLOC_TRIM_THRESHOLD_: '131072' };

export async function activate(context: vscode.ExtensionContext): Promise<LayerwiseApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server keeps its compiled code between starts in our own storage (server/src/codeCache.ts).
  const env = { ...SERVER_ENV, LAYERWISE_CODE_CACHE_DIR: path.join(context.globalStorageUri.fsPath, 'code-cache') };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_FLAGS, env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'], env } },
  };
  const output = vscode.window.createOutputChannel('Layerwise Language Server');
  const measured = new MeasuredDiagnostics();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'dockerfile' }],
    outputChannel: output,
    synchronize: { configurationSection: 'layerwise' },
    // Pushed diagnostics, not pulled: the middleware below rewrites rule links and adds measured bytes to what the server publishes.
    initializationOptions: { pullDiagnostics: false },
    middleware: {
      ...ruleDocsMiddleware,
      ...walkthroughMiddleware,
      // Rule-doc links first, then the bytes measured in an image built from the Dockerfile (state/measuredDiagnostics.ts).
      handleDiagnostics: (uri, diagnostics, next) =>
        ruleDocsMiddleware.handleDiagnostics!(uri, diagnostics, (u, d) => measured.handle(u, d, next)),
      workspace: {
        // The server cannot see which extensions are installed: resolve `auto` here.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, i) => params.items[i]?.section === 'layerwise' && value && typeof value === 'object'
            ? {
              ...value, syntaxChecks: resolveSyntaxChecks((value as { syntaxChecks?: string }).syntaxChecks),
              editorFeatures: resolveEditorFeatures((value as { editorFeatures?: string }).editorFeatures),
            }
            : value);
        },
      },
    },
  };
  registerWalkthrough(context, output);
  registerRuleDocs(context);
  client = new LanguageClient('layerwise', 'Layerwise', serverOptions, clientOptions);
  await client.start();
  const api: LayerwiseApi = { languageClient: client };
  context.subscriptions.push(vscode.extensions.onDidChange(() => {
    // Installing or removing the Docker extensions changes what `auto` means.
    void client?.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }));
  const features: EngineFeatures = await registerEngineFeatures(context);
  api.engine = features;
  context.subscriptions.push(registerAuthoring(client, features.service));
  context.subscriptions.push(registerBaseImageFacts(client, features.service));
  measured.attach(features.records, () => features.history.contents);
  context.subscriptions.push(features.history.onDidChangeTreeData(() => measured.refresh()));
  if (features.records) features.cacheLens = registerCacheLens(context, features.service, features.records);
  return api;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
