// One cancellable progress notification for a push, pull, save or load (thin: the engine does the work).
import * as vscode from 'vscode';

export interface ProgressSink {
  signal: AbortSignal;
  /** Message and, when known, the fraction done (0..1). */
  report(message: string, fraction?: number): void;
}

export async function withCancellableProgress<T>(title: string, task: (sink: ProgressSink) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    let reported = 0;
    let lastMessage = '';
    try {
      return await task({
        signal: controller.signal,
        report(message, fraction) {
          // VS Code adds increments up: send only the growth, and nothing when nothing changed.
          const pct = fraction === undefined ? reported : Math.max(reported, Math.min(100, Math.floor(fraction * 100)));
          if (message === lastMessage && pct === reported) return;
          progress.report({ message, increment: pct - reported });
          reported = pct;
          lastMessage = message;
        },
      });
    } finally {
      cancel.dispose();
    }
  });
}
