// Driving the code-server workbench the way a person does: keyboard, quick input, clicks.
// Selectors are VS Code's own class names (stable across 1.9x; pinned to code-server 4.100.3).
import * as fs from 'fs';
import * as path from 'path';
import { Locator, Page } from 'playwright-core';
import { Browser, launchBrowser } from '../support/browser';

export const SCREENSHOTS = process.env.LAYERWISE_SCREENSHOTS ?? path.resolve(__dirname, '../../../../test-results');

export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench on `folder` and waits until the explorer shows it. */
  async open(baseUrl: string, folder: string): Promise<void> {
    await this.page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`, { timeout: 60_000 });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /** Quick Open (Ctrl+P): opens the file whose relative path is `relPath`. */
  async openFile(relPath: string): Promise<Locator> {
    await this.focusEditorArea();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relPath);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relPath) })
      .filter({ hasText: path.dirname(relPath) }).first().waitFor();
    await this.page.keyboard.press('Enter');
    const tab = this.page.locator('.tabs-container .tab.active', { hasText: path.basename(relPath) });
    await tab.waitFor();
    const editor = this.page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.locator('.view-lines').waitFor();
    return editor;
  }

  /** F1, type the command's title, run it. */
  async runCommand(title: string): Promise<void> {
    // In a window that has just opened, the palette is filled before the extension's commands and the
    // workspace-trust precondition they carry are known: a palette opened then never lists them. Ask
    // again (close and reopen) until the command is listed, within the usual 30 s.
    const deadline = Date.now() + 30_000;
    for (;;) {
      await this.page.keyboard.press('F1');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        await row.waitFor({ timeout: Math.max(1_000, Math.min(5_000, deadline - Date.now())) });
        break;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
        await this.page.keyboard.press('Escape');
      }
    }
    await this.page.keyboard.press('Enter');
  }

  /** The visible quick input (an input box or a pick). */
  quickInput(): Locator { return this.page.locator('.quick-input-widget'); }

  /**
   * The quick input's value once it is `expected`, or what it is after `timeoutMs`. The widget is
   * drawn before VS Code puts the prompt's value in it; under load a read can come in between.
   */
  async quickInputValue(expected: string, timeoutMs = 10_000): Promise<string> {
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible' });
    const deadline = Date.now() + timeoutMs;
    let value = await input.inputValue();
    while (value !== expected && Date.now() < deadline) {
      await this.page.waitForTimeout(100);
      value = await input.inputValue();
    }
    return value;
  }

  /** Moves the editor cursor to a 1-based line (Go to Line, Ctrl+G). */
  async goToLine(line: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** "Ln 8, Col 1" from the status bar. */
  async cursorLine(): Promise<number> {
    const text = await this.page.locator('[id="status.editor.selection"]').innerText();
    const m = /Ln (\d+)/.exec(text);
    if (!m) throw new Error(`no cursor position in the status bar ("${text}")`);
    return Number(m[1]);
  }

  /** Rows of the Problems panel (opens it). */
  async problems(): Promise<Locator> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor();
    return panel.locator('.monaco-list-row');
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** The rows of a view in the side bar, found by the view's title. */
  viewRows(viewTitle: string): Locator {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: viewTitle }) }).locator('.monaco-list-row');
  }

  async focusEditorArea(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** Puts the keyboard focus in the active editor (View: Focus Active Editor Group). */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+1');
  }

  /** Clicks the middle of an element with the mouse (menus whose rows re-render under the pointer). */
  async clickOn(target: Locator): Promise<void> {
    await this.hoverOver(target);
    await this.page.mouse.down();
    await this.page.mouse.up();
  }

  /** Shows a view container from the activity bar (a click on a container already shown would hide it). */
  async showSideBar(title: string, viewTitle: string): Promise<void> {
    const header = this.page.locator('.sidebar .pane-header', { hasText: viewTitle });
    if (await header.isVisible()) return;
    await this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).click();
    await header.waitFor();
  }

  /** Collapses a side-bar view by its title if it is open (gives the other views of the container room). */
  async collapseView(viewTitle: string): Promise<void> {
    const header = this.page.locator('.sidebar .pane-header', { hasText: viewTitle }).first();
    if (await header.count() === 0) return;
    if (await header.getAttribute('aria-expanded') === 'true') await header.click();
  }

  /** Moves the mouse over the middle of an element (for hovers on decorations that lie under the text layer). */
  async hoverOver(target: Locator): Promise<void> {
    // A tree row is drawn again when its item changes (a container's "Up 2 seconds"), and an inline
    // action is shown only while its row is hovered: between waitFor() and boundingBox() the element
    // can be replaced or hidden again. Wait for a box the way Playwright's own actions wait for a
    // stable element, for up to 10 s; the page's state is what is awaited, not a retried assertion.
    const until = Date.now() + 10_000;
    for (;;) {
      await target.waitFor({ timeout: Math.max(1, until - Date.now()) });
      const box = await target.boundingBox();
      if (box) { await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 }); return; }
      if (Date.now() >= until) throw new Error('the element to hover has no box on screen');
      await this.page.waitForTimeout(100);
    }
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

/** The start every UI suite shares: a fresh browser with the workbench open on the test folder. */
export async function openWorkbench(baseUrl: string, folder: string): Promise<{ browser: Browser; wb: Workbench }> {
  const browser = await launchBrowser();
  browser.page.setDefaultTimeout(30_000);
  const wb = new Workbench(browser.page);
  await wb.open(baseUrl, folder);
  return { browser, wb };
}

/** In an afterEach: a screenshot named after the test when it failed. */
export async function screenshotIfFailed(test: Mocha.Test | undefined, wb: Workbench | undefined): Promise<void> {
  if (test?.state === 'failed' && wb) await wb.screenshot(`ui-failed-${test.title.replace(/\W+/g, '-')}`).catch(() => undefined);
}
