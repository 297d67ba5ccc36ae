// One way to turn failures into a single actionable notification; nothing escapes as an unhandled rejection.
import * as vscode from 'vscode';
import { EngineError } from '../engine';

/** The sentence to show for an error: engine errors as written, Docker API errors without the HTTP wrapping. */
export function errorText(err: unknown): string {
  if (err instanceof EngineError) return err.message;
  const e = err as { json?: { message?: string }; reason?: string; statusCode?: number; message?: string };
  const apiMessage = e?.json?.message;
  if (apiMessage) return apiMessage.charAt(0).toUpperCase() + apiMessage.slice(1);
  const message = e?.message ?? String(err);
  // docker-modem: "(HTTP code 409) conflict - unable to remove …" → the part after the dash.
  return message.replace(/^\(HTTP code \d+\)\s*[\w ]*-\s*/, '').trim() || 'Unknown error.';
}

/** Shows `prefix: reason`; engine connection errors get a Retry button. Never throws. */
export async function showError(prefix: string, err: unknown): Promise<void> {
  const text = errorText(err);
  const message = prefix ? `${prefix}: ${text}` : text;
  try {
    if (err instanceof EngineError) {
      const choice = await vscode.window.showErrorMessage(message, 'Retry');
      if (choice === 'Retry') await vscode.commands.executeCommand('layerwise.engine.retry');
    } else {
      await vscode.window.showErrorMessage(message);
    }
  } catch {
    // Notifications can fail while the window closes; there is nobody left to tell.
  }
}

/**
 * Build, run, remove and prune execute or delete things: refuse them in an untrusted workspace with an
 * explanation (the commands also carry `enablement: isWorkspaceTrusted`; this covers direct calls).
 */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    `${action} is disabled in Restricted Mode: a Dockerfile or image can run arbitrary commands. Trust this workspace to enable it.`,
    'Manage Workspace Trust',
  ).then(choice => { if (choice === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage'); }, () => undefined);
  return false;
}

/** Wraps a command handler so a failure becomes one notification, never an unhandled rejection. */
export function guarded<A extends unknown[], R>(what: string, handler: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      void showError(what, err);
      return undefined;
    }
  };
}
