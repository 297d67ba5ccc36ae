// Rule pages, offline: the server links every finding to `layerwise-docs:/rules/<id>.md` (see
// server/src/rules/rule.ts); this module opens the copy inside the extension as a Markdown preview,
// and rewrites those links in diagnostics and hovers into a command VS Code can run. No network.
import * as vscode from 'vscode';
import { Middleware } from 'vscode-languageclient/node';

export const OPEN_RULE_DOC = 'layerwise.openRuleDoc';
const DOCS_SCHEME = 'layerwise-docs';
const RULE_PAGE = /^\/rules\/([a-z0-9][a-z0-9-]*)\.md$/;
/** Hovers may run only this command from their links. */
const TRUSTED: vscode.MarkdownString['isTrusted'] = { enabledCommands: [OPEN_RULE_DOC] };

/** The rule id in a `layerwise-docs:` URI, or undefined for any other URI. */
export function ruleIdOf(uri: vscode.Uri): string | undefined {
  return uri.scheme === DOCS_SCHEME ? RULE_PAGE.exec(uri.path)?.[1] : undefined;
}

export function openRuleDocUri(ruleId: string): vscode.Uri {
  return vscode.Uri.parse(`command:${OPEN_RULE_DOC}?${encodeURIComponent(JSON.stringify([ruleId]))}`);
}

export function registerRuleDocs(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(OPEN_RULE_DOC, (ruleId: unknown) => openRuleDoc(context, ruleId)));
}

async function openRuleDoc(context: vscode.ExtensionContext, ruleId: unknown): Promise<void> {
  const id = typeof ruleId === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(ruleId) ? ruleId : undefined;
  const page = id && vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${id}.md`);
  try {
    if (!page) throw new Error('no rule id');
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showWarningMessage(`Layerwise has no page for the rule "${String(ruleId)}".`);
    return;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch {
    // The built-in Markdown extension can be disabled: the page as text is still readable.
    await vscode.window.showTextDocument(page, { preview: true });
  }
}

function rewriteMarkdown(content: vscode.MarkdownString): vscode.MarkdownString {
  let changed = false;
  const value = content.value.replace(/\]\((layerwise-docs:[^)\s]+)\)/g, (whole, target: string) => {
    const id = ruleIdOf(vscode.Uri.parse(target));
    if (!id) return whole;
    changed = true;
    return `](${openRuleDocUri(id).toString()})`;
  });
  if (!changed) return content;
  const out = new vscode.MarkdownString(value, content.supportThemeIcons);
  out.supportHtml = content.supportHtml;
  out.isTrusted = TRUSTED;
  return out;
}

/** Language-client middleware: rule links in diagnostics (Problems, marker hovers) and in hovers open the local page. */
export const ruleDocsMiddleware: Pick<Middleware, 'handleDiagnostics' | 'provideHover'> = {
  handleDiagnostics(uri, diagnostics, next) {
    for (const d of diagnostics) {
      const id = typeof d.code === 'object' && d.code !== null ? ruleIdOf(d.code.target) : undefined;
      if (id && typeof d.code === 'object') d.code = { value: d.code.value, target: openRuleDocUri(id) };
    }
    next(uri, diagnostics);
  },
  async provideHover(document, position, token, next) {
    const hover = await next(document, position, token);
    if (!hover) return hover;
    const contents = hover.contents.map(c => (c instanceof vscode.MarkdownString ? rewriteMarkdown(c) : c));
    return new vscode.Hover(contents, hover.range);
  },
};
