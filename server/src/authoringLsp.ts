// LSP wiring of the authoring features (features/): capabilities, one handler per request, and the
// parts server.ts merges into its own hover and code-action answers. No feature logic here.
import {
  Connection, TextDocuments, InitializeParams, ServerCapabilities, HoverParams, CodeActionParams, CodeAction,
  BulkRegistration, BulkUnregistration, CompletionRequest, DocumentFormattingRequest, DocumentRangeFormattingRequest,
  DocumentOnTypeFormattingRequest, DocumentSymbolRequest, FoldingRangeRequest, DocumentHighlightRequest, RenameRequest,
  DefinitionRequest, SignatureHelpRequest, DocumentLinkRequest, CancellationToken,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'url';
import * as path from 'path';
import { parseDockerfile, DockerfileModel } from './analysis/model';
import { DEFAULT_BASE_IMAGE_LABEL_KEYS } from './analysis/types';
import { AuthoringService } from './features/service';
import { AuthoringDocument } from './features/document';
import { ENGINE_IMAGES_REQUEST, EngineImagesResult } from './features/protocol';

export interface AuthoringHost {
  /** `layerwise.editorFeatures` resolved by the client (`auto` never arrives), the label keys and build context. */
  settings(uri: string): Promise<{ editorFeatures: 'on' | 'off'; baseImageLabelKeys: string[]; buildContext: string }>;
  /** The server's latest analysis model of a document and the version it is of. */
  latestModel(uri: string): { version: number; model: DockerfileModel } | undefined;
  /** Resolves once the document's latest diagnostics have been sent (or at once when none are due). */
  settled(uri: string): Promise<void>;
}

/** A slow engine must not hold completion: past this the answer is "no images". */
const ENGINE_ANSWER_MS = 2000;

/** Client capabilities that must allow dynamic registration for the features to come and go with the setting. */
const DYNAMIC = ['completion', 'formatting', 'rangeFormatting', 'onTypeFormatting', 'documentSymbol', 'foldingRange',
  'documentHighlight', 'rename', 'definition', 'signatureHelp', 'documentLink'] as const;
const SELECTOR = [{ language: 'dockerfile' }];

export class AuthoringLsp {
  readonly service: AuthoringService;
  private workspaceFolders: string[] = [];
  /**
   * With a client that registers providers dynamically (VS Code), the providers exist only while
   * `layerwise.editorFeatures` is on for the workspace: with Container Tools installed, VS Code then
   * sees one formatter and one symbol provider, not an empty second one (it would ask which to use).
   */
  private dynamic = false;
  private registration?: BulkUnregistration;
  private syncing: Promise<void> = Promise.resolve();
  private prepareRename = false;

  constructor(private readonly connection: Connection, private readonly documents: TextDocuments<TextDocument>, private readonly host: AuthoringHost) {
    this.service = new AuthoringService({
      engineImages: () => this.askEngineImages(),
      log: message => connection.console.log(message),
    });
  }

  private askEngineImages(): Promise<EngineImagesResult> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<EngineImagesResult>(resolve => {
      timer = setTimeout(() => resolve({ unavailable: `the Docker engine did not answer within ${ENGINE_ANSWER_MS / 1000} s` }), ENGINE_ANSWER_MS);
    });
    const asked = this.connection.sendRequest<EngineImagesResult>(ENGINE_IMAGES_REQUEST).then(
      r => r,
      (err: unknown) => ({ unavailable: `the editor did not provide engine data (${err instanceof Error ? err.message : String(err)})` }),
    );
    return Promise.race([asked, timeout]).finally(() => clearTimeout(timer));
  }

  /** Capabilities to merge into the server's InitializeResult. */
  capabilities(params: InitializeParams): ServerCapabilities {
    const text = params.capabilities.textDocument;
    this.service.setCapabilities({
      completion: { completionItem: text?.completion?.completionItem as never },
      hover: { contentFormat: text?.hover?.contentFormat as never },
      foldingRange: { lineFoldingOnly: text?.foldingRange?.lineFoldingOnly, rangeLimit: text?.foldingRange?.rangeLimit },
    }, { hierarchicalSymbols: text?.documentSymbol?.hierarchicalDocumentSymbolSupport === true });
    this.workspaceFolders = (params.workspaceFolders ?? []).map(f => f.uri);
    this.prepareRename = text?.rename?.prepareSupport === true;
    this.dynamic = params.capabilities.workspace?.configuration === true
      && DYNAMIC.every(k => (text?.[k] as { dynamicRegistration?: boolean } | undefined)?.dynamicRegistration === true);
    if (this.dynamic) return {};
    return {
      completionProvider: { resolveProvider: true, triggerCharacters: ['=', ' ', '$', '-', ':', '/', ','] },
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      documentOnTypeFormattingProvider: { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] },
      documentSymbolProvider: { label: 'Dockerfile stages' },
      documentHighlightProvider: true,
      renameProvider: text?.rename?.prepareSupport ? { prepareProvider: true } : true,
      definitionProvider: true,
      signatureHelpProvider: { triggerCharacters: ['-', '[', ',', ' ', '='] },
      documentLinkProvider: { resolveProvider: true },
      foldingRangeProvider: true,
    };
  }

  /** After `initialized` and on every settings change: register or unregister the providers. */
  syncRegistration(): Promise<void> {
    if (!this.dynamic) return Promise.resolve();
    this.syncing = this.syncing.then(async () => {
      const on = await this.connection.workspace.getConfiguration({ section: 'layerwise' })
        .then((v: { editorFeatures?: unknown } | null) => v?.editorFeatures !== 'off', () => true);
      if (on && !this.registration) this.registration = await this.connection.client.register(this.registrations());
      else if (!on && this.registration) {
        this.registration.dispose();
        this.registration = undefined;
      }
    }).catch(error => this.connection.console.error(`Layerwise could not (un)register its editor features: ${error instanceof Error ? error.message : String(error)}`));
    return this.syncing;
  }

  private registrations(): BulkRegistration {
    const bulk = BulkRegistration.create();
    const documentSelector = SELECTOR;
    bulk.add(CompletionRequest.type, { documentSelector, resolveProvider: true, triggerCharacters: ['=', ' ', '$', '-', ':', '/', ','] });
    bulk.add(DocumentFormattingRequest.type, { documentSelector });
    bulk.add(DocumentRangeFormattingRequest.type, { documentSelector });
    bulk.add(DocumentOnTypeFormattingRequest.type, { documentSelector, firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] });
    bulk.add(DocumentSymbolRequest.type, { documentSelector, label: 'Dockerfile stages' });
    bulk.add(FoldingRangeRequest.type, { documentSelector });
    bulk.add(DocumentHighlightRequest.type, { documentSelector });
    bulk.add(RenameRequest.type, { documentSelector, prepareProvider: this.prepareRename });
    bulk.add(DefinitionRequest.type, { documentSelector });
    bulk.add(SignatureHelpRequest.type, { documentSelector, triggerCharacters: ['-', '[', ',', ' ', '='] });
    bulk.add(DocumentLinkRequest.type, { documentSelector, resolveProvider: true });
    return bulk;
  }

  /** The document as the features see it, or undefined when the features are off for it. */
  private async doc(uri: string): Promise<AuthoringDocument | undefined> {
    const settings = await this.host.settings(uri);
    const td = this.documents.get(uri);
    if (!td || settings.editorFeatures === 'off') return undefined;
    const text = td.getText();
    const version = td.version;
    let model: DockerfileModel | undefined;
    return {
      uri, version, text, labelKeys: settings.baseImageLabelKeys.length ? settings.baseImageLabelKeys : DEFAULT_BASE_IMAGE_LABEL_KEYS,
      model: () => {
        if (!model) {
          const latest = this.host.latestModel(uri);
          // Current: share the lint's model; else parse, re-using its unchanged chunks.
          model = latest && latest.version === version && latest.model.text === text ? latest.model : parseDockerfile(text, { previous: latest?.model });
        }
        return model;
      },
      currentModel: () => {
        if (model) return model;
        const latest = this.host.latestModel(uri);
        return latest && latest.version === version && latest.model.text === text ? latest.model : undefined;
      },
      contextDir: () => this.contextDir(uri, settings.buildContext),
    };
  }

  private async contextDir(uri: string, setting: string): Promise<string | undefined> {
    if (!uri.startsWith('file:')) return undefined;
    let file: string;
    try { file = fileURLToPath(uri); } catch { return undefined; }
    if (!setting) return path.dirname(file);
    const folder = this.workspaceFolders.map(f => { try { return fileURLToPath(f); } catch { return ''; } })
      .filter(f => f && (file + path.sep).startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
    return folder ? path.resolve(folder, setting) : path.dirname(file);
  }

  /** Registers the request handlers (hover and code actions stay with server.ts, which merges ours). */
  listen(): void {
    const c = this.connection;
    const guard = <P extends { textDocument: { uri: string } }, R>(what: string, empty: R, run: (doc: AuthoringDocument, p: P) => R | Promise<R>, background = false) =>
      async (p: P, token?: CancellationToken): Promise<R> => {
        try {
          // What the editor asks for by itself after each keystroke waits for that keystroke's
          // diagnostics (server.ts settled()), and is dropped if the editor cancelled it meanwhile.
          if (background) {
            await this.host.settled(p.textDocument.uri);
            if (token?.isCancellationRequested) return empty;
          }
          const doc = await this.doc(p.textDocument.uri);
          return doc ? await run(doc, p) : empty;
        } catch (error) {
          c.console.error(`Layerwise ${what} failed on ${p.textDocument.uri}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
          return empty;
        }
      };
    c.onCompletion(guard('completion', [], (d, p) => this.service.completion(d, p.position)));
    c.onCompletionResolve(item => { try { return this.service.resolveCompletion(item); } catch { return item; } });
    c.onDocumentFormatting(guard('formatting', [], (d, p) => this.service.format(d, p.options)));
    c.onDocumentRangeFormatting(guard('range formatting', [], (d, p) => this.service.formatRange(d, p.range, p.options)));
    c.onDocumentOnTypeFormatting(guard('on-type formatting', [], (d, p) => this.service.formatOnType(d, p.position, p.ch, p.options)));
    c.onDocumentSymbol(guard('document symbols', [], d => this.service.symbols(d), true));
    c.onFoldingRanges(guard('folding', [], d => this.service.folding(d), true));
    c.onDocumentHighlight(guard('highlight', [], (d, p) => this.service.highlight(d, p.position), true));
    c.onPrepareRename(guard('prepare rename', null, (d, p) => this.service.prepareRename(d, p.position)));
    c.onRenameRequest(guard('rename', null, (d, p) => this.service.rename(d, p.position, p.newName)));
    c.onDefinition(guard('definition', null, (d, p) => this.service.definition(d, p.position)));
    c.onSignatureHelp(guard('signature help', null, (d, p) => this.service.signatureHelp(d, p.position)));
    c.onDocumentLinks(guard('document links', [], d => this.service.links(d), true));
    c.onDocumentLinkResolve(link => { try { return this.service.resolveLink(link); } catch { return link; } });
  }

  /** Our hover sections, for server.ts to append to the findings' explanation. */
  hoverParts = async (p: HoverParams): Promise<string[]> => {
    try {
      const doc = await this.doc(p.textDocument.uri);
      return doc ? await this.service.hover(doc, p.position) : [];
    } catch (error) {
      this.connection.console.error(`Layerwise hover failed: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  };

  /** The library's quick fixes for syntax diagnostics, for server.ts to append to the rules' fixes. */
  codeActions = async (p: CodeActionParams): Promise<CodeAction[]> => {
    try {
      const doc = await this.doc(p.textDocument.uri);
      return doc ? this.service.syntaxFixes(doc, p.context.diagnostics) : [];
    } catch {
      return [];
    }
  };
}
