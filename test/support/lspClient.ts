// A small LSP client for tests: starts the built server (dist/server.js --stdio) and speaks real JSON-RPC to it.
import { spawn, ChildProcess } from 'child_process';
import * as path from 'path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type {
  CodeAction, ConfigurationParams, Diagnostic, Hover, InitializeResult, PublishDiagnosticsParams, Range,
} from 'vscode-languageserver/node';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');

export type LayerwiseSettings = Record<string, unknown>;

export interface StartOptions {
  /** Extra textDocument client capabilities (merged over the defaults). */
  textDocument?: Record<string, unknown>;
  workspaceFolders?: Array<{ uri: string; name: string }>;
  /** Sent as `initializationOptions` in `initialize`. */
  initializationOptions?: Record<string, unknown>;
  /** Answers to server→client requests by method, e.g. `layerwise/engineImages`. */
  requests?: Record<string, (params: unknown) => unknown>;
  /** Extra environment variables for the server process (test hooks such as LAYERWISE_TEST_ANALYSIS_GATE). */
  env?: Record<string, string>;
}

export class LspClient {
  /** Every publishDiagnostics notification, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Settings answered to workspace/configuration: by scopeUri prefix (longest wins), '' for the default. */
  readonly settings = new Map<string, LayerwiseSettings>([['', {}]]);
  /** While set, workspace/configuration answers wait for it (to hold the server mid-lint). */
  configurationGate?: Promise<void>;
  configurationRequests = 0;
  stderr = '';
  initializeResult!: InitializeResult;
  private readonly waiters: Array<() => void> = [];

  private constructor(private readonly child: ChildProcess, readonly connection: MessageConnection) {}

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ? { ...process.env, ...options.env } : undefined });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection);
    child.stderr!.on('data', chunk => { client.stderr += String(chunk); });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.published.push(p);
      for (const w of client.waiters.splice(0)) w();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => { client.stderr += p.message + '\n'; });
    connection.onRequest('workspace/configuration', async (params: ConfigurationParams) => {
      client.configurationRequests++;
      for (const w of client.waiters.splice(0)) w();
      if (client.configurationGate) await client.configurationGate;
      return params.items.map(item => (item.section === 'layerwise' ? client.settingsFor(item.scopeUri ?? '') : null));
    });
    connection.onRequest('client/registerCapability', () => null);
    for (const [method, answer] of Object.entries(options.requests ?? {})) connection.onRequest(method, answer);
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid, rootUri: null, workspaceFolders: options.workspaceFolders ?? null, initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: {}, hover: { contentFormat: ['markdown'] }, ...options.textDocument },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private settingsFor(scopeUri: string): LayerwiseSettings {
    let best = '';
    for (const prefix of this.settings.keys()) if (scopeUri.startsWith(prefix) && prefix.length > best.length) best = prefix;
    return this.settings.get(best) ?? {};
  }

  /** Replaces the settings and tells the server, as VS Code does on a settings edit. */
  async changeSettings(settings: LayerwiseSettings, scopePrefix = ''): Promise<void> {
    this.settings.set(scopePrefix, settings);
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } });
  }

  async change(uri: string, version: number, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves once something arrives that satisfies the check (already-received messages count). */
  async until<T>(check: () => T | undefined, what: string, timeoutMs = 10000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr:\n${this.stderr}`);
      await new Promise<void>(resolve => {
        const t = setTimeout(resolve, 200);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  /** The first diagnostics for uri published after index `from` that satisfy the check. */
  diagnostics(uri: string, check: (p: PublishDiagnosticsParams) => boolean = () => true, from = 0): Promise<PublishDiagnosticsParams> {
    return this.until(() => this.published.slice(from).find(p => p.uri === uri && check(p)), `diagnostics for ${uri}`);
  }

  /** The next diagnostics for uri published from now on. */
  nextDiagnostics(uri: string, check?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    return this.diagnostics(uri, check, this.published.length);
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  /** Any textDocument request with `{ textDocument: { uri } }` plus `extra` params. */
  request<T>(method: string, uri: string, extra: Record<string, unknown> = {}): Promise<T> {
    return this.connection.sendRequest(method, { textDocument: { uri }, ...extra });
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>(resolve => this.child.once('exit', () => resolve()));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    await exited;
    this.connection.dispose();
  }
}
