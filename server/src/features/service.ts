// The authoring façade: every editor feature in one place, without a connection, so it is tested and
// reused without the LSP. The standard features come from dockerfile-language-service (the library
// behind dockerfile-language-server, on the same dockerfile-ast); ours add the project and the engine.
import { DockerfileLanguageServiceFactory, Capabilities, DockerfileLanguageService, FormatterSettings } from 'dockerfile-language-service';
import type {
  CodeAction, Diagnostic, DocumentHighlight, DocumentLink, DocumentSymbol, FoldingRange, Location, MarkupContent,
  MarkedString, Range, SignatureHelp, SymbolInformation, TextEdit, WorkspaceEdit, CompletionItem, Position,
} from './types';
import type { AuthoringDocument } from './document';
import { completionItems } from './completion';
import { EngineImages } from './engineImages';
import { excludedSourceHover, fromImageAt, imageHover, stageAt, stageHover } from './hovers';
import { libraryFixes } from './libraryFixes';
import { textForHighlights, textForHover, textForLinks } from './libraryText';
import { stageFolds, stageSymbols } from './outline';
import type { EngineImagesResult } from './protocol';

export interface AuthoringDeps {
  /** Asks the client for the engine's images; may reject (no engine, no client handler). */
  engineImages: () => Promise<EngineImagesResult>;
  log?: (message: string) => void;
  now?: () => number;
}

export interface ClientSupport {
  hierarchicalSymbols: boolean;
}

export class AuthoringService {
  private readonly library: DockerfileLanguageService = DockerfileLanguageServiceFactory.createLanguageService();
  readonly images: EngineImages;
  private support: ClientSupport = { hierarchicalSymbols: true };
  private readonly now: () => number;

  constructor(deps: AuthoringDeps) {
    this.images = new EngineImages(deps.engineImages);
    this.now = deps.now ?? Date.now;
    if (deps.log) this.library.setLogger({ log: deps.log });
  }

  setCapabilities(capabilities: Capabilities, support: ClientSupport): void {
    this.library.setCapabilities(capabilities);
    this.support = support;
  }

  completion(doc: AuthoringDocument, position: Position): Promise<CompletionItem[]> {
    return completionItems(this.library, doc, position, this.images, this.now());
  }

  resolveCompletion(item: CompletionItem): CompletionItem {
    // Only the library's items carry `data` for it to resolve; ours are complete.
    return item.data !== undefined ? this.library.resolveCompletionItem(item) : item;
  }

  /** Markdown sections for the hover: the library's instruction/flag docs, then the engine and stage views. */
  async hover(doc: AuthoringDocument, position: Position): Promise<string[]> {
    const parts: string[] = [];
    const model = doc.model();
    const lib = this.library.computeHover(textForHover(doc.text, model, position), position);
    if (lib) parts.push(markdownOf(lib.contents));
    const stage = stageAt(model, position);
    if (stage) parts.push(stageHover(model, stage));
    const fromStage = fromImageAt(model, position);
    if (fromStage) {
      const text = await imageHover(fromStage, this.images, doc.labelKeys, this.now());
      if (text) parts.push(text);
    }
    const excluded = await excludedSourceHover(model, position, await doc.contextDir());
    if (excluded) parts.push(excluded);
    return parts;
  }

  symbols(doc: AuthoringDocument): DocumentSymbol[] | SymbolInformation[] {
    return this.support.hierarchicalSymbols ? stageSymbols(doc.model()) : this.library.computeSymbols({ uri: doc.uri }, doc.text);
  }

  folding(doc: AuthoringDocument): FoldingRange[] {
    const lib = this.library.computeFoldingRanges(doc.text);
    const seen = new Set(lib.map(f => `${f.startLine}:${f.endLine}`));
    return [...lib, ...stageFolds(doc.model()).filter(f => !seen.has(`${f.startLine}:${f.endLine}`))];
  }

  format(doc: AuthoringDocument, options: FormatterSettings): TextEdit[] { return this.library.format(doc.text, options); }
  formatRange(doc: AuthoringDocument, range: Range, options: FormatterSettings): TextEdit[] { return this.library.formatRange(doc.text, range, options); }
  formatOnType(doc: AuthoringDocument, position: Position, ch: string, options: FormatterSettings): TextEdit[] {
    return this.library.formatOnType(doc.text, position, ch, options);
  }

  highlight(doc: AuthoringDocument, position: Position): DocumentHighlight[] {
    return this.library.computeHighlightRanges(textForHighlights(doc.text, doc.model(), position), position);
  }

  // Rename is the highlights turned into edits; it, prepareRename and the definition read what the
  // highlights read (stage names, `COPY --from`, the cursor stage's variables and heredocs).
  prepareRename(doc: AuthoringDocument, position: Position): Range | null {
    return this.library.prepareRename(textForHighlights(doc.text, doc.model(), position), position);
  }

  rename(doc: AuthoringDocument, position: Position, newName: string): WorkspaceEdit | null {
    const edits = this.library.computeRename({ uri: doc.uri }, textForHighlights(doc.text, doc.model(), position), position, newName);
    return edits.length ? { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] } : null;
  }

  definition(doc: AuthoringDocument, position: Position): Location | null {
    return this.library.computeDefinition({ uri: doc.uri }, textForHighlights(doc.text, doc.model(), position), position) ?? null;
  }

  /** Asked for as one types (a space is a trigger): the library reads the instruction at the cursor, as for the hover. */
  signatureHelp(doc: AuthoringDocument, position: Position): SignatureHelp | null {
    return this.library.computeSignatureHelp(textForHover(doc.text, doc.model(), position), position) ?? null;
  }

  links(doc: AuthoringDocument): DocumentLink[] { return this.library.computeLinks(textForLinks(doc.text, doc.model())); }
  resolveLink(link: DocumentLink): DocumentLink { return this.library.resolveLink(link); }

  /** Quick fixes for the syntax diagnostics in `diagnostics` (ours come from the same validator). */
  syntaxFixes(doc: AuthoringDocument, diagnostics: Diagnostic[]): CodeAction[] {
    return libraryFixes(this.library, doc.uri, doc.version, doc.text, diagnostics.filter(d => d.code === 'syntax'));
  }
}

function markdownOf(contents: MarkupContent | MarkedString | MarkedString[]): string {
  if (Array.isArray(contents)) return contents.map(c => markdownOf(c)).join('\n\n');
  if (typeof contents === 'string') return contents;
  if ('kind' in contents) return contents.value;
  return '```' + contents.language + '\n' + contents.value + '\n```';
}
