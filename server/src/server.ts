// LSP wiring only: documents, settings, diagnostics, code actions, hover. All analysis is in analysis/.
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity,
  Diagnostic, DiagnosticTag, CodeAction, CodeActionKind, InitializeResult, Hover, MarkupKind,
  DidChangeConfigurationNotification,
} from 'vscode-languageserver/node';
import { fileURLToPath } from 'url';
import * as path from 'path';
import { promises as fsp } from 'fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, Analysis } from './analysis/analyze';
import { DockerfileModel } from './analysis/model';
import { AnalysisOptions, Finding, Severity, SeveritySetting } from './analysis/types';
import { RULES_BY_ID } from './rules';
import { docUrl } from './rules/rule';
import { instructionAt } from './analysis/suppressions';
import { readInside } from './contextReader';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_INSTRUCTION_BYTES, TOO_LARGE_ID } from './analysis/limits';

const connection = createConnection(ProposedFeatures.all);

// Test-only: LAYERWISE_TEST_THROWING_RULE=<rule id> makes that rule throw on every document, so
// the LSP tests can prove a failing rule is logged once and the others still publish
// (test/fuzz/lspRobustness.test.ts). Read once at start-up; never set it otherwise.
const throwingRule = process.env.LAYERWISE_TEST_THROWING_RULE && RULES_BY_ID.get(process.env.LAYERWISE_TEST_THROWING_RULE);
if (throwingRule) throwingRule.check = () => { throw new Error('injected failure (LAYERWISE_TEST_THROWING_RULE)'); };
const documents = new TextDocuments(TextDocument);

interface Settings {
  rules: Record<string, SeveritySetting>;
  baseImageLabelKeys: string[];
  /** The client resolves `auto` to on/off before it reaches us. */
  syntaxChecks: 'on' | 'off' | 'auto';
  maxFileSize: number;
  maxInstructionSize: number;
}
const DEFAULTS: Settings = {
  rules: {}, baseImageLabelKeys: [], syntaxChecks: 'on', maxFileSize: DEFAULT_MAX_BYTES, maxInstructionSize: DEFAULT_MAX_INSTRUCTION_BYTES,
};

let hasConfiguration = false;
const settingsCache = new Map<string, Promise<Settings>>();
const results = new Map<string, { version: number; analysis: Analysis }>();
const pending = new Map<string, ReturnType<typeof setImmediate>>();
const reportedRuleErrors = new Set<string>();

connection.onInitialize((params): InitializeResult => {
  hasConfiguration = !!params.capabilities.workspace?.configuration;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
    },
    serverInfo: { name: 'layerwise' },
  };
});

connection.onInitialized(() => {
  if (hasConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'layerwise' }).catch(() => undefined);
  }
});

/** Settings pushed with didChangeConfiguration, for clients that cannot answer workspace/configuration. */
let pushedSettings: Settings = DEFAULTS;

function getSettings(uri: string): Promise<Settings> {
  if (!hasConfiguration) return Promise.resolve(pushedSettings);
  let s = settingsCache.get(uri);
  if (!s) {
    s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'layerwise' })
      .then(normalizeSettings, () => DEFAULTS);
    settingsCache.set(uri, s);
  }
  return s;
}

/** Hand-edited settings.json can hold anything: keep the well-formed parts, default the rest. */
function normalizeSettings(value: unknown): Settings {
  if (!value || typeof value !== 'object') return DEFAULTS;
  const v = value as Partial<Record<keyof Settings, unknown>>;
  const rules: Settings['rules'] = {};
  if (v.rules && typeof v.rules === 'object') {
    for (const [id, level] of Object.entries(v.rules as Record<string, unknown>)) {
      if (['off', 'hint', 'info', 'warning', 'error'].includes(level as string)) rules[id] = level as SeveritySetting;
    }
  }
  return {
    rules,
    baseImageLabelKeys: Array.isArray(v.baseImageLabelKeys) ? v.baseImageLabelKeys.filter((k): k is string => typeof k === 'string' && k !== '') : DEFAULTS.baseImageLabelKeys,
    syntaxChecks: v.syntaxChecks === 'off' || v.syntaxChecks === false ? 'off' : 'on',
    maxFileSize: typeof v.maxFileSize === 'number' && v.maxFileSize > 0 ? v.maxFileSize : DEFAULTS.maxFileSize,
    maxInstructionSize: typeof v.maxInstructionSize === 'number' && v.maxInstructionSize > 0 ? v.maxInstructionSize : DEFAULTS.maxInstructionSize,
  };
}

connection.onDidChangeConfiguration(change => {
  settingsCache.clear();
  if (!hasConfiguration) pushedSettings = normalizeSettings((change.settings as { layerwise?: unknown } | null)?.layerwise);
  for (const doc of documents.all()) schedule(doc);
});

/** Directory listings are shared by the lints of one burst of edits, then re-read so new manifests show up. */
const CONTEXT_TTL_MS = 2000;
const contextCache = new Map<string, { at: number; files: Promise<string[] | undefined> }>();

/** Names in the Dockerfile's folder (its usual build context); undefined when not a file or unreadable. */
function contextFilesFor(uri: string): Promise<string[] | undefined> {
  if (!uri.startsWith('file:')) return Promise.resolve(undefined);
  let dir: string;
  try {
    dir = path.dirname(fileURLToPath(uri));
  } catch {
    return Promise.resolve(undefined);
  }
  const now = Date.now();
  const hit = contextCache.get(dir);
  if (hit && now - hit.at < CONTEXT_TTL_MS) return hit.files;
  const files = fsp.readdir(dir).then(names => names, () => undefined);
  contextCache.set(dir, { at: now, files });
  if (contextCache.size > 64) contextCache.delete(contextCache.keys().next().value as string);
  return files;
}

/** Reads small files of the Dockerfile's folder on demand (a rule checking a copied nginx.conf); none for unsaved documents. */
function contextReaderFor(uri: string): ((rel: string) => string | undefined) | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const dir = path.dirname(fileURLToPath(uri));
    return rel => readInside(dir, rel);
  } catch {
    return undefined;
  }
}

documents.onDidOpen(e => schedule(e.document));
documents.onDidChangeContent(e => schedule(e.document));
documents.onDidClose(e => {
  const uri = e.document.uri;
  const p = pending.get(uri);
  if (p) clearImmediate(p);
  pending.delete(uri); results.delete(uri); settingsCache.delete(uri); lintGeneration.delete(uri); latestModel.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
});

/** Coalesces bursts of edits: only the newest version of a document is ever linted and published. */
function schedule(doc: TextDocument): void {
  const prev = pending.get(doc.uri);
  if (prev) clearImmediate(prev);
  pending.set(doc.uri, setImmediate(() => { pending.delete(doc.uri); void lint(doc.uri); }));
}

/** The newest model per document: the next lint re-uses its unchanged chunks (parse and syntax checks). */
const latestModel = new Map<string, DockerfileModel>();

/** Bumped per lint start: only the most recently started lint of a document may publish. */
const lintGeneration = new Map<string, number>();

async function lint(uri: string): Promise<void> {
  const generation = (lintGeneration.get(uri) ?? 0) + 1;
  lintGeneration.set(uri, generation);
  // An older lint can finish after a newer one (e.g. settings changed mid-way); it must not publish over it.
  const superseded = () => lintGeneration.get(uri) !== generation;
  const [settings, contextFiles] = await Promise.all([getSettings(uri), contextFilesFor(uri)]);
  const doc = documents.get(uri);
  if (!doc || superseded()) return;
  const version = doc.version;
  const text = doc.getText();
  // analyze() checks the size limits before parsing and returns one file-too-large notice past them.
  const options: AnalysisOptions = {
    rules: settings.rules, baseImageLabelKeys: settings.baseImageLabelKeys,
    syntaxChecks: settings.syntaxChecks !== 'off', contextFiles, readContextFile: contextReaderFor(uri),
    maxBytes: settings.maxFileSize, maxInstructionBytes: settings.maxInstructionSize,
    limitSettingNames: { maxBytes: 'layerwise.maxFileSize', maxInstructionBytes: 'layerwise.maxInstructionSize' },
    onRuleError: (ruleId, error) => {
      if (reportedRuleErrors.has(ruleId)) return;
      reportedRuleErrors.add(ruleId);
      connection.console.error(`Rule ${ruleId} failed and was skipped: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    },
  };
  let analysis: Analysis;
  try {
    analysis = analyze(text, { ...options, previous: latestModel.get(uri) });
    latestModel.set(uri, analysis.model);
  } catch (error) {
    connection.console.error(`Layerwise could not analyse ${uri}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  // A newer version arrived while we waited for settings: its own lint will publish.
  if (documents.get(uri)?.version !== version) return;
  results.set(uri, { version, analysis });
  const diagnostics = analysis.findings.map(toDiagnostic);
  if (documents.get(uri)?.version !== version || superseded()) return;
  void connection.sendDiagnostics({ uri, version, diagnostics });
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

function toDiagnostic(f: Finding): Diagnostic {
  const d: Diagnostic = { range: f.range, severity: SEVERITY[f.severity], source: 'layerwise', code: f.ruleId, message: f.message };
  if (f.ruleId !== 'syntax' && f.ruleId !== TOO_LARGE_ID) d.codeDescription = { href: docUrl(f.ruleId) };
  if (f.tags) d.tags = f.tags.map(t => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  return d;
}

function sameRange(a: Finding['range'], b: Finding['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

connection.onCodeAction(params => {
  const entry = results.get(params.textDocument.uri);
  if (!entry) return [];
  const actions: CodeAction[] = [];
  const { start, end } = params.range;
  for (const f of entry.analysis.findings) {
    if (f.range.end.line < start.line || f.range.start.line > end.line) continue;
    const diagnostic = toDiagnostic(f);
    const matches = params.context.diagnostics.filter(d => d.code === f.ruleId && sameRange(d.range, f.range));
    for (const fix of f.fixes ?? []) {
      actions.push({
        title: fix.title, kind: CodeActionKind.QuickFix, isPreferred: fix.isPreferred,
        diagnostics: matches.length ? matches : [diagnostic],
        edit: { documentChanges: [{ textDocument: { uri: params.textDocument.uri, version: entry.version }, edits: fix.edits }] },
      });
    }
  }
  return actions;
});

connection.onHover(params => {
  const entry = results.get(params.textDocument.uri);
  if (!entry) return null;
  const line = params.position.line;
  const instr = instructionAt(entry.analysis.model, line);
  if (!instr) return null;
  const here = entry.analysis.findings.filter(f => f.ruleId !== 'syntax' && f.range.start.line <= line && f.range.end.line >= line);
  if (here.length === 0) return null;
  const parts = here.map(f => {
    const rule = RULES_BY_ID.get(f.ruleId);
    const why = rule?.explanation ? `\n\n*Why:* ${rule.explanation}` : '';
    return `**${rule?.title ?? f.ruleId}**\n\n${f.message}${why}\n\n[${f.ruleId}: read more](${docUrl(f.ruleId)})`;
  });
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } };
  return hover;
});

documents.listen(connection);
connection.listen();
