// A terminal for a detached container: its URLs, its logs as they come, and its exit code.
// Closing the terminal while the container runs offers to stop it.
import * as vscode from 'vscode';
import { RunningContainer } from '../engine';
import { portUrls } from './input';
import { shortId } from '../views/format';

export class ContainerLogTerminal implements vscode.Pseudoterminal {
  private readonly write = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.write.event;
  private running = true;
  private opened = false;
  private pending: string[] = [];
  /** Resolves with the exit code once the container has stopped. */
  readonly exited: Promise<number>;

  constructor(
    private readonly container: RunningContainer,
    private readonly image: string,
    private readonly stop: (id: string) => Promise<void>,
  ) {
    const onData = (chunk: Buffer | string) => this.emit(chunk.toString());
    container.logs.on('data', onData);
    container.logs.on('error', err => this.emit(`\n[log stream ended: ${(err as Error).message}]\n`));
    this.exited = container.wait().then(
      ({ exitCode }) => ({ code: exitCode, why: undefined as string | undefined }),
      (err: Error) => ({ code: -1, why: err.message }),
    ).then(({ code, why }) => {
      this.running = false;
      container.logs.off('data', onData);
      // why: the engine went away under the container, so no exit code exists.
      this.emit(`\n\x1b[1m${why ?? `Container ${container.name} exited with code ${code < 0 ? 'unknown' : code}.`}\x1b[0m Close this terminal when done.\n`);
      return code;
    });
  }

  open(): void {
    this.opened = true;
    const lines = [
      `\x1b[1mContainer ${this.container.name} (${shortId(this.container.id)}) from ${this.image}\x1b[0m`,
      ...portUrls(this.container.ports).map(u => `  ${u}`),
      '',
    ];
    this.write.fire(lines.join('\r\n') + '\r\n');
    for (const text of this.pending) this.write.fire(text);
    this.pending = [];
  }

  close(): void {
    if (!this.running) return;
    void vscode.window.showWarningMessage(
      `Container ${this.container.name} is still running. Stop it?`,
      { modal: true, detail: 'Closing the terminal only stops showing its logs.' },
      'Stop Container',
    ).then(async choice => {
      if (choice !== 'Stop Container') return;
      try {
        await this.stop(this.container.id);
      } catch (err) {
        void vscode.window.showErrorMessage(`Could not stop container ${this.container.name}: ${(err as Error).message}`);
      }
    }, () => undefined);
  }

  handleInput(data: string): void {
    // Ctrl+C in a log view means "stop following", as with `docker logs -f`: offer to stop instead.
    if (data === '\x03' && this.running) this.close();
  }

  private emit(text: string): void {
    const normalised = text.replace(/\r?\n/g, '\r\n');
    if (this.opened) this.write.fire(normalised);
    else this.pending.push(normalised);
  }
}
