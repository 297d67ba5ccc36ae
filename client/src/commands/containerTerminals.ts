// Terminals for a container: followed logs (stderr in red) and an interactive shell through the exec API.
// Each ends with a line saying why (exit code, removed, engine gone) and never hangs on a dead engine.
import * as vscode from 'vscode';
import { LogSession, SessionEnd, ShellSession } from '../engine';

const RED = '\x1b[31m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

/** Buffers writes until VS Code opens the terminal. */
abstract class BufferedPty implements vscode.Pseudoterminal {
  protected readonly writer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  protected readonly closer = new vscode.EventEmitter<number | void>();
  readonly onDidClose = this.closer.event;
  private opened = false;
  private pending: string[] = [];
  /** Everything written, for tests and for "why did it end". */
  transcript = '';

  open(_initial?: vscode.TerminalDimensions): void {
    this.opened = true;
    for (const text of this.pending) this.writer.fire(text);
    this.pending = [];
  }

  abstract close(): void;

  protected emit(text: string, raw = false): void {
    const out = raw ? text : text.replace(/\r?\n/g, '\r\n');
    this.transcript += out;
    if (this.opened) this.writer.fire(out);
    else this.pending.push(out);
  }

  protected endLine(end: SessionEnd): void {
    this.emit(`\r\n${BOLD}${end.message}${RESET} Close this terminal when done.\r\n`, true);
  }
}

export class LogsTerminal extends BufferedPty {
  readonly ended: Promise<SessionEnd>;

  constructor(private readonly session: LogSession, name: string) {
    super();
    this.emit(`${BOLD}Logs of ${name}${RESET} (following; stderr in red)\n`);
    session.stdout.on('data', c => this.emit(c.toString()));
    session.stderr.on('data', c => this.emit(RED + c.toString().replace(/\n(?!$)/g, `\n${RED}`) + RESET));
    this.ended = session.ended.then(end => { this.endLine(end); return end; });
  }

  handleInput(data: string): void {
    // Ctrl+C stops following, as with `docker logs -f`.
    if (data === '\x03') this.session.stop();
  }

  close(): void { this.session.stop(); }
}

export class ShellTerminal extends BufferedPty {
  readonly ended: Promise<SessionEnd>;

  constructor(private readonly session: ShellSession, name: string) {
    super();
    this.emit(`${BOLD}${session.shell} in ${name}${RESET}\r\n`, true);
    // A TTY already sends \r\n.
    session.output.on('data', c => this.emit(c.toString(), true));
    this.ended = session.ended.then(end => { this.endLine(end); return end; });
  }

  open(initial: vscode.TerminalDimensions | undefined): void {
    super.open(initial);
    if (initial) void this.session.resize(initial.columns, initial.rows);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    void this.session.resize(dimensions.columns, dimensions.rows);
  }

  handleInput(data: string): void { this.session.write(data); }

  close(): void { this.session.close(); }
}
