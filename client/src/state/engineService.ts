// Owns the current Engine: recreates it when `layerwise.docker.host` changes, mirrors its state into
// context keys (for viewsWelcome and menus) and tells views when to reload.
import * as vscode from 'vscode';
import { Engine, EngineState, describeEndpoint } from '../engine';
import { readConfig } from '../config';

export class EngineService implements vscode.Disposable {
  private current: Engine;
  private stateSub: { dispose(): void };
  private readonly changed = new vscode.EventEmitter<EngineState>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fires when the engine's reachability changes or the engine is replaced (new endpoint). */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.current = this.create();
    this.stateSub = this.follow(this.current);
    this.subscriptions.push(this.changed, vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('layerwise.docker.host') || e.affectsConfiguration('layerwise.docker.context')) this.replace();
    }));
    void this.setContext('unknown');
  }

  get engine(): Engine { return this.current; }

  /** "unix:///var/run/docker.sock (from DOCKER_HOST)". */
  get endpointText(): string { return describeEndpoint(this.current.endpoint); }

  /** What the views show while the engine is unreachable: the endpoint, where it came from, and why. */
  get unreachableMessage(): string {
    return this.current.lastError ?? `Cannot reach the Docker Engine at ${this.endpointText}.`;
  }

  /** Checks now (the Retry button); views follow through onDidChange. */
  async retry(): Promise<EngineState> {
    const state = await this.current.check();
    // A retry that finds the same state fires nothing, but the views should still reload.
    this.changed.fire(state);
    return state;
  }

  dispose(): void {
    this.stateSub.dispose();
    this.current.dispose();
    for (const d of this.subscriptions) d.dispose();
  }

  private create(): Engine {
    const config = readConfig();
    const engine = new Engine({ host: config.dockerHost, context: config.dockerContext });
    void engine.check();
    return engine;
  }

  private follow(engine: Engine): { dispose(): void } {
    return engine.onDidChangeState(state => {
      void this.setContext(state);
      this.changed.fire(state);
    });
  }

  private replace(): void {
    this.stateSub.dispose();
    this.current.dispose();
    this.current = this.create();
    this.stateSub = this.follow(this.current);
    void this.setContext('unknown');
    this.changed.fire('unknown');
  }

  private async setContext(state: EngineState): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'layerwise.engine.unreachable', state === 'unreachable');
    await vscode.commands.executeCommand('setContext', 'layerwise.engine.reachable', state === 'reachable');
  }
}
