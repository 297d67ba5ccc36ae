// A minimal real LSP client over stdio (vscode-jsonrpc), enough to drive both language servers
// the way an editor does: initialize, answer workspace/configuration, open/change documents and
// wait for publishDiagnostics.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Where our server keeps its V8 code cache between starts, as the extension gives it its global
 * storage (client/src/extension.ts; server/src/codeCache.ts): kept from one bench run to the next.
 * `primeCodeCache()` makes sure it holds the current build's cache before anything is timed.
 */
export const CODE_CACHE_DIR = process.env.LAYERWISE_BENCH_CODE_CACHE_DIR || join(homedir(), '.cache', 'layerwise-bench', 'code-cache');

/** How to start each server; both over stdio, both as plain `node` children. */
export const SERVERS = {
  // With the Node flag the extension starts it with (client/src/extension.ts, SERVER_NODE_FLAGS).
  // …and its environment (SERVER_ENV there, plus the code cache directory).
  layerwise: { label: 'Layerwise (dist/server.js)', args: ['--max-semi-space-size=2', ROOT + 'dist/server.js', '--stdio'], env: { MALLOC_TRIM_THRESHOLD_: '131072', LAYERWISE_CODE_CACHE_DIR: CODE_CACHE_DIR } },
  // The very first start after an install or upgrade: no code cache yet.
  'layerwise-uncached': { label: 'Layerwise, first start (no code cache)', args: ['--max-semi-space-size=2', ROOT + 'dist/server.js', '--stdio'], env: { MALLOC_TRIM_THRESHOLD_: '131072', LAYERWISE_CODE_CACHE_DIR: '' } },
  peer: {
    label: 'dockerfile-language-server-nodejs',
    args: [ROOT + 'node_modules/dockerfile-language-server-nodejs/bin/docker-langserver', '--stdio'],
  },
};

/** Answers workspace/configuration like VS Code would with our bench settings. */
function configFor(section) {
  if (section === 'layerwise') return { syntaxChecks: 'on', rules: {}, baseImageLabelKeys: ['org.opencontainers.image.base.name', 'base_image'], maxFileSize: 4194304 };
  return null; // the peer's own sections: its defaults
}

const primed = new Set();

/**
 * One session of our server with these Node flags, as a user's first session after an install: it
 * opens the repository's example Dockerfiles (examples/) and exits, writing the code cache every
 * later start has (the cache is keyed by the flags). The timed sessions then start as a user's do.
 */
export async function primeCodeCache(nodeArgs = []) {
  const key = nodeArgs.join(' ');
  if (primed.has(key)) return;
  primed.add(key);
  const s = new LspSession('layerwise', { nodeArgs });
  try {
    await s.initialize();
    for (const dir of readdirSync(ROOT + 'examples', { withFileTypes: true })) {
      if (!dir.isDirectory() || !existsSync(`${ROOT}examples/${dir.name}/Dockerfile`)) continue;
      await s.open(`file://${ROOT}examples/${dir.name}/Dockerfile`, readFileSync(`${ROOT}examples/${dir.name}/Dockerfile`, 'utf8'));
    }
  } finally {
    await s.close();
  }
}

export class LspSession {
  /** @param {'layerwise'|'peer'} which @param {{nodeArgs?: string[], pull?: boolean}} [opts] pull: announce LSP pull diagnostics (as VS Code does) */
  constructor(which, opts = {}) {
    this.which = which;
    this.pull = !!opts.pull;
    this.resultIds = new Map();
    this.t0 = performance.now();
    this.child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...SERVERS[which].args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...SERVERS[which].env } });
    this.stderr = '';
    this.child.stderr.on('data', (d) => { this.stderr += d; if (this.stderr.length > 1e6) this.stderr = this.stderr.slice(-1e5); });
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.child.stdout), new rpc.StreamMessageWriter(this.child.stdin));
    this.docs = new Map();
    this.waiters = new Map(); // uri → [{version, resolve}]
    this.publishCount = 0;
    this.conn.onRequest('workspace/configuration', (p) => p.items.map((i) => configFor(i.section)));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    // Our server asks the editor for the engine's images (FROM completion); the extension answers
    // from its engine connection, here an engine with no images.
    this.conn.onRequest('layerwise/engineImages', () => ({ images: [] }));
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => this.onPublish(p));
    this.conn.listen();
  }

  get pid() { return this.child.pid; }

  async initialize() {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid, rootUri: 'file:///bench', workspaceFolders: [{ uri: 'file:///bench', name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          ...(this.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
        },
      },
    });
    this.initializedAt = performance.now();
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  onPublish(p) {
    this.publishCount++;
    const list = this.waiters.get(p.uri);
    if (!list || list.length === 0) return;
    // Our server sends the version; the peer does not: then the next publish after the change is the answer.
    const idx = p.version === undefined ? 0 : list.findIndex((w) => w.version === p.version);
    if (idx < 0) return;
    const [w] = list.splice(idx, 1);
    w.resolve({ at: performance.now(), count: p.diagnostics.length });
  }

  waitFor(uri, version, timeoutMs = 60000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.which}: no diagnostics for ${uri} v${version} after ${timeoutMs} ms\n${this.stderr.slice(-2000)}`)), timeoutMs);
      const list = this.waiters.get(uri) ?? [];
      list.push({ version, resolve: (v) => { clearTimeout(timer); resolve(v); } });
      this.waiters.set(uri, list);
    });
  }

  /** Opens a document and resolves with {ms, count} when its first diagnostics arrive. */
  async open(uri, text) {
    const doc = TextDocument.create(uri, 'dockerfile', 1, text);
    this.docs.set(uri, doc);
    const wait = this.waitFor(uri, 1);
    const t = performance.now();
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    const r = await wait;
    return { ms: r.at - t, count: r.count };
  }

  /** Applies one incremental change and resolves with the didChange → publishDiagnostics time. */
  change(uri, range, newText) { return this.#edit(uri, range, newText, false); }

  /**
   * The same edit sent as the whole new text (TextDocumentSyncKind.Full, as several editors do);
   * resolves with the didChange → publishDiagnostics time.
   */
  changeFull(uri, range, newText) { return this.#edit(uri, range, newText, true); }

  async #edit(uri, range, newText, full) {
    const doc = this.docs.get(uri);
    const version = doc.version + 1;
    const before = doc.getText();
    TextDocument.update(doc, [{ range, text: newText }], version);
    // The peer publishes nothing for a change that leaves the text as it was; nor does an editor send one.
    if (doc.getText() === before) return null;
    const wait = this.waitFor(uri, version);
    const t = performance.now();
    const contentChanges = full ? [{ text: doc.getText() }] : [{ range, text: newText }];
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    const r = await wait;
    return { ms: r.at - t, count: r.count };
  }

  /**
   * Pull diagnostics (the client announced them): the change, then textDocument/diagnostic with the
   * last result id, as VS Code asks after an edit; resolves with the change → report time.
   */
  async changeAndPull(uri, range, newText, full = false) {
    const doc = this.docs.get(uri);
    const version = doc.version + 1;
    const before = doc.getText();
    TextDocument.update(doc, [{ range, text: newText }], version);
    if (doc.getText() === before) return null;
    const t = performance.now();
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [full ? { text: doc.getText() } : { range, text: newText }] });
    const report = await this.pullDiagnostics(uri);
    return { ms: performance.now() - t, kind: report.kind };
  }

  async pullDiagnostics(uri) {
    const previousResultId = this.resultIds.get(uri);
    const report = await this.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) });
    if (report.resultId) this.resultIds.set(uri, report.resultId);
    return report;
  }

  /**
   * `count` changes, each made by `next(text)` from the text the ones before it leave, sent in one
   * didChange: resolves with the time to that version's diagnostics (one analysis of a version that
   * many edits away from the last one analysed), or null when the text came back unchanged.
   */
  async changeBatch(uri, count, next) {
    const doc = this.docs.get(uri);
    const version = doc.version + 1;
    const before = doc.getText();
    const changes = [];
    for (let i = 0; i < count; i++) {
      const e = next(doc.getText());
      changes.push({ range: e.range, text: e.text });
      TextDocument.update(doc, [changes[i]], version);
    }
    if (doc.getText() === before) return null;
    const wait = this.waitFor(uri, version);
    const t = performance.now();
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    const r = await wait;
    return { ms: r.at - t, count: r.count };
  }

  /** Sends a change without waiting for its diagnostics (bursts); returns the write's promise. */
  sendChange(uri, range, newText) {
    const doc = this.docs.get(uri);
    const version = doc.version + 1;
    TextDocument.update(doc, [{ range, text: newText }], version);
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
  }

  hover(uri, line, character) {
    return this.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  closeDocument(uri) {
    this.docs.delete(uri);
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri) { return this.docs.get(uri).getText(); }

  /** VmRSS of the server process in bytes, from /proc. */
  rss() {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  }

  async close() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch { /* already gone */ }
    await new Promise((r) => { if (this.child.exitCode !== null) r(); else { this.child.once('exit', r); setTimeout(() => { this.child.kill('SIGKILL'); r(); }, 2000); } });
    this.conn.dispose();
  }
}

/** Ours and the peer, initialised, with `text` open at `uri` in both (both closed again if that fails). */
export async function openPair(uri, text) {
  const ours = new LspSession('layerwise');
  const theirs = new LspSession('peer');
  try {
    await Promise.all([ours.initialize(), theirs.initialize()]);
    await ours.open(uri, text);
    await theirs.open(uri, text);
  } catch (err) {
    await Promise.allSettled([ours.close(), theirs.close()]);
    throw err;
  }
  return { ours, theirs };
}
