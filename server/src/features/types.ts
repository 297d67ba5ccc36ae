// LSP-shaped data types: the features answer in the protocol's terms (as the library does), but hold
// no connection. Taken from the server package so they match what the connection expects.
export type {
  Position, Range, CompletionItem, Hover, TextEdit, MarkupContent, MarkedString, DocumentSymbol, FoldingRange,
  CodeAction, Diagnostic, DocumentHighlight, DocumentLink, Location, SignatureHelp, SymbolInformation, WorkspaceEdit,
} from 'vscode-languageserver';
export { CompletionItemKind, MarkupKind, SymbolKind, FoldingRangeKind } from 'vscode-languageserver';
