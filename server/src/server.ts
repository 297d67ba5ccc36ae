// LSP wiring only: documents, settings, diagnostics, code actions, hover. All analysis is in analysis/.
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  CodeAction, CodeActionKind, InitializeResult, Hover, MarkupKind,
  DidChangeConfigurationNotification, MessageReader, DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { fileURLToPath } from 'url';
import * as path from 'path';
import { readdir } from 'fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analysisSteps } from './analysis/analyze';
import { DockerfileModel, releaseSharedCaches } from './analysis/model';
import { AnalysisOptions, Finding, LabelSchema, SeveritySetting, readLabelSchema } from './analysis/types';
import { RULES_BY_ID } from './rules';
import { docUrl } from './rules/rule';
import { DEFAULT_PROFILE, Profile, isProfile } from './rules/profiles';
import { BaseImageFacts, baseReferences } from './baseImageFacts';
import { BASE_IMAGE_FACTS_REQUEST, BaseImageFactsAnswer } from './features/protocol';
import { instructionAt, suppressionFixes } from './analysis/suppressions';
import { isLabelKey } from './analysis/labelKey';
import { readInside } from './contextReader';
import { HadolintConfigCache, HadolintSettings } from './hadolintConfig';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_INSTRUCTION_BYTES, TOO_LARGE_ID } from './analysis/limits';
import { AuthoringLsp } from './authoringLsp';
import { forgetWritten, markReport, releaseWireCache, stdioWriter } from './diagnosticsWire';
import { DiagnosticSet, diagnosticSet, releaseDiagnosticCaches, toDiagnostic } from './diagnostics';
import { incrementalDocuments } from './incrementalDocument';
import { noteInput, runInSlices, SliceOptions, SUPERSEDED } from './slices';
import { WARM_EVENT } from './warmEvent';
import { scavengeWhenIdle } from './idleScavenge';

// Over stdio, diagnostics are written with their JSON kept between publishes (diagnosticsWire.ts).
const stdio = process.argv.includes('--stdio');
// stdin stays a stream (not a reader), so the library still exits when the client closes it; its types allow streams or reader/writer, not one of each.
const connection = stdio
  ? createConnection(ProposedFeatures.all, process.stdin as unknown as MessageReader, stdioWriter())
  : createConnection(ProposedFeatures.all);
// stdout carries the protocol: console output goes to stderr (the library does this itself only for its own stdio setup).
if (stdio) for (const m of ['log', 'info', 'debug', 'warn', 'trace', 'dir'] as const) console[m] = console.error;
// An analysis in slices lets a message that just arrived go first (slices.ts).
if (stdio) process.stdin.on('data', noteInput);
else if (process.send) process.on('message', noteInput);

// Test-only: LAYERWISE_TEST_THROWING_RULE=<rule id> makes that rule throw on every document, so
// the LSP tests can prove a failing rule is logged once and the others still publish
// (test/fuzz/lspRobustness.test.ts). Read once at start-up; never set it otherwise.
const throwingRule = process.env.LAYERWISE_TEST_THROWING_RULE && RULES_BY_ID.get(process.env.LAYERWISE_TEST_THROWING_RULE);
if (throwingRule) {
  const fail = () => { throw new Error('injected failure (LAYERWISE_TEST_THROWING_RULE)'); };
  if (throwingRule.scope === 'stage') throwingRule.checkStage = fail; else throwingRule.check = fail;
}
// Test-only: LAYERWISE_TEST_ANALYSIS_GATE=1 runs analyses one step per slice and holds each at its
// first pause until the client sends `layerwise/test/resumeAnalysis` (after `layerwise/test/analysisPaused`),
// and says `layerwise/test/analysisDropped` when one is superseded, so the LSP tests can send an
// edit while an analysis is in flight without timing (test/lsp/supersede.test.ts). Never set it otherwise.
const analysisGate = process.env.LAYERWISE_TEST_ANALYSIS_GATE === '1';
const heldAnalyses = new Map<string, () => void>();
if (analysisGate) {
  connection.onNotification('layerwise/test/resumeAnalysis', (p: { uri: string; version: number }) => {
    const key = p.uri + '#' + p.version;
    heldAnalyses.get(key)?.();
    heldAnalyses.delete(key);
  });
}
function sliceOptions(uri: string, version: number): SliceOptions {
  if (!analysisGate) return {};
  return {
    sliceMs: 0,
    between: slice => {
      if (slice !== 1) return new Promise(resolve => setImmediate(resolve));
      const held = new Promise<void>(resolve => heldAnalyses.set(uri + '#' + version, resolve));
      void connection.sendNotification('layerwise/test/analysisPaused', { uri, version });
      return held;
    },
  };
}

// Changes are queued and applied when the text is read (incrementalDocument.ts), so a burst costs O(edits), not O(file) each.
const documents = new TextDocuments(incrementalDocuments);

interface Settings {
  rules: Record<string, SeveritySetting>;
  baseImageLabelKeys: string[];
  /** `layerwise.labelSchema` (undefined when empty: `.hadolint.yaml`'s applies) and `layerwise.strictLabels` (null: the file's). */
  labelSchema?: LabelSchema;
  strictLabels?: boolean;
  /** `layerwise.trustedRegistries`; empty: `.hadolint.yaml`'s, else any registry. */
  trustedRegistries: string[];
  /** The client resolves `auto` to on/off before it reaches us. */
  syntaxChecks: 'on' | 'off' | 'auto';
  maxFileSize: number;
  maxInstructionSize: number;
  /** Completion, outline, formatting, … (authoringLsp.ts); the client resolves `auto`. */
  editorFeatures: 'on' | 'off';
  /** `layerwise.build.context`, relative to the workspace folder ('' = the Dockerfile's folder). */
  buildContext: string;
  /** `layerwise.profile` (rules/profiles.ts). */
  profile: Profile;
}
const DEFAULTS: Settings = {
  rules: {}, baseImageLabelKeys: [], trustedRegistries: [], syntaxChecks: 'on', maxFileSize: DEFAULT_MAX_BYTES, maxInstructionSize: DEFAULT_MAX_INSTRUCTION_BYTES,
  editorFeatures: 'on', buildContext: '', profile: DEFAULT_PROFILE,
};

let hasConfiguration = false;
const settingsCache = new Map<string, Promise<Settings>>();
const reportedRuleErrors = new Set<string>();

// Completion, outline, formatting, … (authoringLsp.ts); hover and code actions merge below.
const authoring = new AuthoringLsp(connection, documents, {
  settings: getSettings,
  latestModel: uri => { const r = results.get(uri); return r?.model && { version: r.version, model: r.model }; },
  settled: uri => settled(uri),
});

/** The client asks for diagnostics (LSP pull, textDocument/diagnostic) instead of being sent them. */
let pullDiagnostics = false;

connection.onInitialize((params): InitializeResult => {
  hasConfiguration = !!params.capabilities.workspace?.configuration;
  // A client can keep push (ours does: its middleware rewrites and enriches published diagnostics).
  const optedOut = (params.initializationOptions as { pullDiagnostics?: unknown } | undefined)?.pullDiagnostics === false;
  pullDiagnostics = !!params.capabilities.textDocument?.diagnostic && !optedOut;
  return {
    capabilities: {
      ...authoring.capabilities(params),
      textDocumentSync: TextDocumentSyncKind.Incremental,
      ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
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
  void authoring.syncRegistration();
});

/** Settings pushed with didChangeConfiguration, for clients that cannot answer workspace/configuration. */
let pushedSettings: Settings = DEFAULTS;

/**
 * A client that never answers workspace/configuration must not leave documents unlinted: after
 * this long they are linted with the defaults, and linted again if the answer does come.
 */
const CONFIGURATION_TIMEOUT_MS = 1500;

function getSettings(uri: string): Promise<Settings> {
  if (!hasConfiguration) return Promise.resolve(pushedSettings);
  let s = settingsCache.get(uri);
  if (!s) {
    const answer = connection.workspace.getConfiguration({ scopeUri: uri, section: 'layerwise' }).then(normalizeSettings, () => DEFAULTS);
    let timedOut = false;
    const entry: Promise<Settings> = Promise.race([answer, new Promise<Settings>(resolve => {
      const t = setTimeout(() => { timedOut = true; resolve(DEFAULTS); }, CONFIGURATION_TIMEOUT_MS);
      void answer.then(() => clearTimeout(t));
    })]);
    void answer.then(settings => {
      if (!timedOut || settingsCache.get(uri) !== entry) return;
      // The late answer replaces the defaults; the document is linted again with it.
      settingsCache.set(uri, Promise.resolve(settings));
      settingsEpoch++;
      const doc = documents.get(uri);
      if (doc) schedule(doc);
      refreshPulls();
    });
    settingsCache.set(uri, (s = entry));
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
    // Keys end up in inserted text (the base-label quick fix): only what a label key may hold.
    baseImageLabelKeys: Array.isArray(v.baseImageLabelKeys) ? v.baseImageLabelKeys.filter(isLabelKey) : DEFAULTS.baseImageLabelKeys,
    // Entries of an unknown type are dropped (VS Code already flags them in settings.json).
    labelSchema: nonEmpty(readLabelSchema(v.labelSchema).schema),
    strictLabels: typeof v.strictLabels === 'boolean' ? v.strictLabels : undefined,
    trustedRegistries: Array.isArray(v.trustedRegistries) ? v.trustedRegistries.filter((r): r is string => typeof r === 'string' && /^\S+$/.test(r)) : [],
    syntaxChecks: v.syntaxChecks === 'off' || v.syntaxChecks === false ? 'off' : 'on',
    maxFileSize: typeof v.maxFileSize === 'number' && v.maxFileSize > 0 ? v.maxFileSize : DEFAULTS.maxFileSize,
    maxInstructionSize: typeof v.maxInstructionSize === 'number' && v.maxInstructionSize > 0 ? v.maxInstructionSize : DEFAULTS.maxInstructionSize,
    editorFeatures: v.editorFeatures === 'off' ? 'off' : 'on',
    buildContext: typeof (v as { build?: { context?: unknown } }).build?.context === 'string' ? (v as { build: { context: string } }).build.context : '',
    profile: isProfile(v.profile) ? v.profile : DEFAULT_PROFILE,
  };
}

connection.onDidChangeConfiguration(change => {
  settingsCache.clear();
  settingsEpoch++;
  if (!hasConfiguration) pushedSettings = normalizeSettings((change.settings as { layerwise?: unknown } | null)?.layerwise);
  for (const doc of documents.all()) schedule(doc);
  refreshPulls();
  void authoring.syncRegistration();
});

/** Pulling clients ask again (settings changed what every document's diagnostics are). */
function refreshPulls(): void {
  if (pullDiagnostics) connection.languages.diagnostics.refresh();
}

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
  // The callback form: fs.promises is a module of its own that Node loads on first use (~5 ms on a first open).
  const files = new Promise<string[] | undefined>(resolve => readdir(dir, (error, names) => resolve(error ? undefined : names)));
  contextCache.set(dir, { at: now, files });
  if (contextCache.size > 64) contextCache.delete(contextCache.keys().next().value as string);
  return files;
}

const hadolintConfigs = new HadolintConfigCache();
const shownHadolintProblems = new Set<string>();

function nonEmpty(schema: LabelSchema | undefined): LabelSchema | undefined {
  return schema && Object.keys(schema).length > 0 ? schema : undefined;
}

/** `.hadolint.yaml`'s label-schema and strict-labels for the document, beneath the settings of our own. */
function labelOptionsFor(uri: string, settings: Settings): Pick<AnalysisOptions, 'labelSchema' | 'strictLabels'> {
  const found = settings.labelSchema && settings.strictLabels !== undefined ? undefined : hadolintSettingsFor(uri);
  return { labelSchema: settings.labelSchema ?? found?.labelSchema, strictLabels: settings.strictLabels ?? found?.strictLabels };
}

/** `.hadolint.yaml`'s rule settings for the document (beneath `layerwise.rules`); a broken file is reported once and skipped. */
function hadolintRulesFor(uri: string): Record<string, SeveritySetting> {
  return hadolintSettingsFor(uri)?.rules ?? {};
}

function hadolintSettingsFor(uri: string): HadolintSettings | undefined {
  if (!uri.startsWith('file:')) return undefined;
  let dir: string;
  try {
    dir = path.dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
  const found = hadolintConfigs.forDirectory(dir);
  if (found?.problem) {
    if (!shownHadolintProblems.has(found.problem)) {
      shownHadolintProblems.add(found.problem);
      void connection.window.showWarningMessage(`Layerwise: ${found.problem}`);
    }
    return undefined;
  }
  return found;
}

/** `.hadolint.yaml`'s trustedRegistries for the document, beneath `layerwise.trustedRegistries` (problems are reported by hadolintRulesFor). */
function trustedRegistriesFor(uri: string, own: string[]): string[] | undefined {
  if (own.length > 0) return own;
  if (!uri.startsWith('file:')) return undefined;
  try {
    const found = hadolintConfigs.forDirectory(path.dirname(fileURLToPath(uri)));
    return found?.problem ? undefined : found?.trustedRegistries;
  } catch {
    return undefined;
  }
}

/** The document's file name (`api.Dockerfile`), for `<name>.dockerignore`; none for unsaved documents. */
function dockerfileNameOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.basename(fileURLToPath(uri));
  } catch {
    return undefined;
  }
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

documents.onDidOpen(e => {
  // Ask for the settings now, not after the debounce: the answer travels while the lint waits its turn.
  void getSettings(e.document.uri);
  schedule(e.document);
});
documents.onDidChangeContent(e => schedule(e.document));
documents.onDidClose(e => {
  const uri = e.document.uri;
  pending.get(uri)?.();
  pending.delete(uri); results.delete(uri); settingsCache.delete(uri); running.delete(uri); published.delete(uri); bursting.delete(uri);
  forgetWritten(uri);
  releaseSettled(uri);
  const w = warm.indexOf(uri);
  if (w >= 0) warm.splice(w, 1);
  // Memory goes back to what the open documents need.
  releaseSharedCaches();
  if (documents.all().length === 0) releaseWhenNoneOpen();
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
});

/** With no document open, nothing of the closed ones stays reachable (#18: RSS after a burst and close). */
function releaseWhenNoneOpen(): void {
  releaseDiagnosticCaches();
  releaseWireCache();
  // RegExp's legacy statics (RegExp.lastMatch, $1…) keep the last matched text, a document's chunk or whole text.
  /^/.exec('');
}

/** The analysis of one document version, under one generation of settings. */
interface Entry {
  version: number; settingsEpoch: number; findings: Finding[]; ms: number;
  /** Kept for the documents edited last (see `warm`); the next analysis re-uses its chunks, syntax and stage results. */
  model?: DockerfileModel;
  diagnostics: DiagnosticSet;
}

/** The newest analysis per document. */
const results = new Map<string, Entry>();
/**
 * Documents whose model is kept, most recent first. A model holds ~50× its text; with many
 * documents open, the others keep only their findings and are parsed again when edited or asked
 * about (hover, code actions), which is what a document opened and left alone needs.
 */
const warm: string[] = [];
const WARM_DOCUMENTS = 4;

function keepWarm(uri: string): void {
  const i = warm.indexOf(uri);
  if (i >= 0) warm.splice(i, 1);
  warm.unshift(uri);
  for (const cold of warm.splice(WARM_DOCUMENTS)) {
    const entry = results.get(cold);
    if (entry) entry.model = undefined;
  }
}
/** Bumped whenever settings may have changed: every entry made before is out of date. */
let settingsEpoch = 0;
/** Cancels the lint scheduled for a document. */
const pending = new Map<string, () => void>();
/**
 * Documents whose last lint was out of date by the time it finished (edits arrive faster than
 * lints, e.g. a client sending whole documents in a burst): their next lint waits until the
 * edits pause this long (twice the last analysis, 20–250 ms) instead of linting every version.
 */
const bursting = new Map<string, number>();
/** The analysis in progress per document (waiting for settings, or in slices): requests and the publisher share it. */
interface Job { version: number; settingsEpoch: number; done: Promise<Entry | undefined | 'stale'> }
const running = new Map<string, Job>();
/** The version and settings generation last published per document. */
const published = new Map<string, string>();

/**
 * Publishes once a burst of edits is over: the connection handles one message per event-loop
 * turn, so a lint deferred by two turns runs only when no further change to the document is
 * waiting (each change cancels it). Only the newest version is analysed; nothing is queued.
 */
function schedule(doc: TextDocument): void {
  const uri = doc.uri;
  pending.get(uri)?.();
  const pause = bursting.get(uri);
  if (pause !== undefined) {
    const t = setTimeout(() => { pending.delete(uri); void publish(uri); }, pause);
    pending.set(uri, () => clearTimeout(t));
    return;
  }
  let handle = setImmediate(() => {
    handle = setImmediate(() => { pending.delete(uri); void publish(uri); });
  });
  pending.set(uri, () => clearImmediate(handle));
}

async function publish(uri: string): Promise<void> {
  publishing.set(uri, (publishing.get(uri) ?? 0) + 1);
  try {
    await publishLatest(uri);
  } finally {
    const left = (publishing.get(uri) ?? 1) - 1;
    if (left > 0) publishing.set(uri, left); else publishing.delete(uri);
    releaseSettled(uri);
  }
}

async function publishLatest(uri: string): Promise<void> {
  // One attempt: when a newer version supersedes this analysis, that version's own schedule publishes.
  const entry = await analysisFor(uri, false, 1);
  // Let the connection read what arrived during the analysis: a change already waiting means a burst.
  await new Promise<void>(resolve => setImmediate(() => setImmediate(resolve)));
  const doc = documents.get(uri);
  const ms = entry?.ms ?? results.get(uri)?.ms;
  if (doc && (!entry || doc.version !== entry.version)) bursting.set(uri, Math.min(250, Math.max(20, 2 * (ms ?? 0))));
  else bursting.delete(uri);
  // A newer version (or newer settings) arrived meanwhile: its own lint publishes.
  if (!entry || !doc || doc.version !== entry.version || entry.settingsEpoch !== settingsEpoch) return;
  if (pullDiagnostics) return;
  const stamp = entry.version + ':' + entry.settingsEpoch;
  if (published.get(uri) === stamp) return;
  published.set(uri, stamp);
  const sent = connection.sendDiagnostics({ uri, version: entry.version, diagnostics: entry.diagnostics.diagnostics });
  scavengeWhenIdle(nothingWaiting);
  // Written to the pipe, not only queued: a large publish goes out in pieces while the event loop
  // turns, and the requests waiting for it (settled()) would hold those turns with their work.
  await sent.catch(() => undefined);
}

/** No analysis running or scheduled: the server is waiting for the editor. */
const nothingWaiting = () => pending.size === 0 && running.size === 0;

/**
 * Requests waiting for a document's diagnostics to go out (see settled()), resolved once no analysis
 * of it is scheduled or running: after its publish, or when it closes.
 */
const settledWaiters = new Map<string, Array<() => void>>();
/** Past this, a request goes ahead anyway: a feature never waits on a stuck analysis. */
const SETTLED_WAIT_MS = 2000;

/**
 * Resolves when the document's latest version has been analysed and its diagnostics sent (at once
 * when nothing is scheduled). The editor asks for folding, links, highlights and symbols right
 * after each keystroke; on a large file the library behind them parses the whole text for each
 * (at 10,000 lines a highlight takes ~400 ms and the links ~600 ms, in the peer as well), and
 * answered first they held the diagnostics back by as much. Diagnostics go first; a request the
 * editor has cancelled meanwhile (the next keystroke) is then not computed at all.
 */
function settled(uri: string): Promise<void> {
  if (!busy(uri)) return Promise.resolve();
  return new Promise<void>(resolve => {
    const timer = setTimeout(done, SETTLED_WAIT_MS);
    function done(): void { clearTimeout(timer); resolve(); }
    const list = settledWaiters.get(uri);
    if (list) list.push(done); else settledWaiters.set(uri, [done]);
  });
}

/** Publishes under way per document (a newer version's can start while an older one's waits). */
const publishing = new Map<string, number>();

/** An analysis of the document is scheduled or running, or its diagnostics are on their way. */
function busy(uri: string): boolean {
  return pending.has(uri) || running.has(uri) || (publishing.get(uri) ?? 0) > 0;
}

/** Lets the requests waiting for the document go, once nothing of it is scheduled, running or being published (or it closed). */
function releaseSettled(uri: string): void {
  if (documents.get(uri) && busy(uri)) return;
  const list = settledWaiters.get(uri);
  if (!list) return;
  settledWaiters.delete(uri);
  for (const done of list) done();
}

/**
 * The analysis of the latest version the client sent (requests use it too, so a hover sent
 * right after an edit answers for that edit). Analysed now if the newest result is older.
 */
async function analysisFor(uri: string, needModel = false, attempts = 5): Promise<Entry | undefined> {
  for (let attempt = 0; attempt < attempts;) {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const current = results.get(uri);
    if (current && current.version === doc.version && current.settingsEpoch === settingsEpoch && (current.model || !needModel)) return current;
    let job = running.get(uri);
    if (job && (job.version !== doc.version || job.settingsEpoch !== settingsEpoch)) {
      // An analysis of an older version: it drops itself at its next pause; then ours starts.
      await job.done;
      continue;
    }
    if (!job) {
      const started: Job = {
        version: doc.version, settingsEpoch,
        done: analyseLatest(uri).finally(() => { if (running.get(uri) === started) running.delete(uri); releaseSettled(uri); }),
      };
      running.set(uri, (job = started));
    }
    attempt++;
    const entry = await job.done;
    if (entry === 'stale') continue;
    const now = documents.get(uri);
    if (!entry || !now) return entry;
    if (entry.version === now.version && entry.settingsEpoch === settingsEpoch && (entry.model || !needModel)) return entry;
  }
  return results.get(uri);
}

/** What the client's engine says about base images (invalid-base-image-platform, undefined-var); see baseImageFacts.ts. */
const baseImageFacts = new BaseImageFacts(references => connection.sendRequest<BaseImageFactsAnswer>(BASE_IMAGE_FACTS_REQUEST, { references }));

/** Asks the client about the images the document starts from; a changed answer re-lints it. */
function askAboutBaseImages(uri: string, model: DockerfileModel): void {
  const refs = baseReferences(model);
  if (refs.length === 0) return;
  void baseImageFacts.refresh(refs).then(changed => {
    const doc = documents.get(uri);
    if (!changed || !doc) return;
    // New facts are new inputs, like new settings: the current result is out of date.
    settingsEpoch++;
    schedule(doc);
  });
}

let warmedUp = false;

async function analyseLatest(uri: string): Promise<Entry | undefined | 'stale'> {
  const epoch = settingsEpoch;
  const [settings, contextFiles] = await Promise.all([getSettings(uri), contextFilesFor(uri)]);
  const doc = documents.get(uri);
  if (!doc) return undefined;
  // Settings changed while we waited: these are stale; the caller asks again.
  if (epoch !== settingsEpoch) return 'stale';
  const version = doc.version;
  // analyze() checks the size limits before parsing and returns one file-too-large notice past them.
  const options: AnalysisOptions = {
    rules: { ...hadolintRulesFor(uri), ...settings.rules }, baseImageLabelKeys: settings.baseImageLabelKeys, profile: settings.profile, ...labelOptionsFor(uri, settings),
    trustedRegistries: trustedRegistriesFor(uri, settings.trustedRegistries),
    dockerfileName: dockerfileNameOf(uri),
    syntaxChecks: settings.syntaxChecks !== 'off', contextFiles, readContextFile: contextReaderFor(uri),
    maxBytes: settings.maxFileSize, maxInstructionBytes: settings.maxInstructionSize,
    limitSettingNames: { maxBytes: 'layerwise.maxFileSize', maxInstructionBytes: 'layerwise.maxInstructionSize' },
    // Suppress actions are built when code actions are asked for, not on every keystroke.
    suppressionFixes: false,
    onRuleError: (ruleId, error) => {
      if (reportedRuleErrors.has(ruleId)) return;
      reportedRuleErrors.add(ruleId);
      connection.console.error(`Rule ${ruleId} failed and was skipped: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    },
  };
  try {
    const started = Date.now();
    const previous = results.get(uri);
    // The engine's facts about the base images the last version named (the first lint has none yet).
    const steps = analysisSteps(doc.getText(), { ...options, ...baseImageFacts.optionsFor(baseReferences(previous?.model)), previous: previous?.model });
    // In slices: a newer version, newer settings or a close drops it at the next pause.
    const analysis = await runInSlices(steps, () => documents.get(uri)?.version === version && settingsEpoch === epoch, sliceOptions(uri, version));
    if (analysis === SUPERSEDED) {
      if (analysisGate) void connection.sendNotification('layerwise/test/analysisDropped', { uri, version });
      return 'stale';
    }
    const entry: Entry = {
      version, settingsEpoch: epoch, findings: analysis.findings, model: analysis.model, ms: Date.now() - started,
      diagnostics: diagnosticSet(analysis.findings, previous?.diagnostics),
    };
    results.set(uri, entry);
    keepWarm(uri);
    // The code the first analysis ran is what a later start should find compiled (codeCache.ts).
    if (!warmedUp) { warmedUp = true; (process as NodeJS.EventEmitter).emit(WARM_EVENT); }
    askAboutBaseImages(uri, analysis.model);
    return entry;
  } catch (error) {
    connection.console.error(`Layerwise could not analyse ${uri}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function sameRange(a: Finding['range'], b: Finding['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

connection.onCodeAction(async params => {
  const entry = await analysisFor(params.textDocument.uri, true);
  if (!entry?.model) return [];
  const model = entry.model;
  const fromLibrary = authoring.codeActions(params);
  const actions: CodeAction[] = [];
  const { start, end } = params.range;
  for (const f of entry.findings) {
    if (f.range.end.line < start.line || f.range.start.line > end.line) continue;
    const diagnostic = toDiagnostic(f);
    const matches = params.context.diagnostics.filter(d => d.code === f.ruleId && sameRange(d.range, f.range));
    for (const fix of [...(f.fixes ?? []), ...(f.ruleId === TOO_LARGE_ID ? [] : suppressionFixes(f, model))]) {
      actions.push({
        title: fix.title, kind: CodeActionKind.QuickFix, isPreferred: fix.isPreferred,
        diagnostics: matches.length ? matches : [diagnostic],
        edit: { documentChanges: [{ textDocument: { uri: params.textDocument.uri, version: entry.version }, edits: fix.edits }] },
      });
    }
  }
  return [...actions, ...await fromLibrary];
});

connection.onHover(async params => {
  const entry = await analysisFor(params.textDocument.uri, true);
  if (!entry?.model) return null;
  const line = params.position.line;
  const instr = instructionAt(entry.model, line);
  const here = instr ? entry.findings.filter(f => f.ruleId !== 'syntax' && f.range.start.line <= line && f.range.end.line >= line) : [];
  const parts = here.map(f => {
    const rule = RULES_BY_ID.get(f.ruleId);
    const why = rule?.explanation ? `\n\n*Why:* ${rule.explanation}` : '';
    return `**${rule?.title ?? f.ruleId}**\n\n${f.message}${why}\n\n[${f.ruleId}: read more](${docUrl(f.ruleId)})`;
  });
  // One hover: our findings' explanations first, then the authoring features' (keyword docs, image, stage).
  parts.push(...await authoring.hoverParts(params));
  if (parts.length === 0) return null;
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } };
  return hover;
});

// Pull diagnostics: the latest version's, or "unchanged" when the client already has them.
connection.languages.diagnostics.on(async (params): Promise<DocumentDiagnosticReport> => {
  const entry = await analysisFor(params.textDocument.uri);
  if (!entry) return { kind: 'full', items: [] };
  const { resultId, diagnostics } = entry.diagnostics;
  scavengeWhenIdle(nothingWaiting);
  if (params.previousResultId === resultId) return { kind: 'unchanged', resultId };
  return markReport({ kind: 'full', resultId, items: diagnostics }, params.textDocument.uri);
});

authoring.listen();
documents.listen(connection);
connection.listen();
