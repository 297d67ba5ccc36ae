// Authoring in the workbench, as a person does it: the Outline view lists the stages, and
// Ctrl+Space after `COPY --from=` lists the stage names. Env as for workbench.test.ts (scripts/e2e.sh ui).
import * as assert from 'assert';
import { Browser } from '../support/browser';
import { Workbench, openWorkbench, screenshotIfFailed } from './workbench';

const baseUrl = process.env.LAYERWISE_CS_URL;
const folder = process.env.LAYERWISE_WS_DIR;

describe('Layerwise authoring in the VS Code workbench (code-server)', function () {
  this.timeout(90_000);
  let browser: Browser;
  let wb: Workbench;

  before(async function () {
    assert.ok(baseUrl && folder, 'LAYERWISE_CS_URL and LAYERWISE_WS_DIR must be set (run scripts/e2e.sh ui)');
    ({ browser, wb } = await openWorkbench(baseUrl!, folder!));
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, wb);
  });
  after(async () => { await browser?.close(); });

  it('the Outline view lists the stages', async () => {
    // First: the Outline filling in also shows the language server is up for the next test.
    await wb.openFile('go-multistage/Dockerfile');
    await wb.runCommand('Explorer: Focus on Outline View');
    const rows = wb.viewRows('Outline');
    await rows.filter({ hasText: 'build' }).first().waitFor();
    // The pane is short and the first stage opens expanded: collapse so both stages are on screen.
    const header = browser.page.locator('.pane-header', { hasText: 'Outline' });
    await header.hover();
    await header.locator('[aria-label^="Collapse All"]').click();
    await rows.filter({ hasText: 'stage 1' }).first().waitFor();
    assert.match(await rows.first().innerText(), /build\s*FROM golang:1\.22-alpine/);
    await wb.screenshot('ui-outline-stages');
  });

  it('Ctrl+Space after COPY --from= shows the stage names', async () => {
    await wb.openFile('go-multistage/Dockerfile');
    await wb.goToLine(12);
    const page = browser.page;
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('COPY --from=');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.editor-widget.suggest-widget');
    const row = suggest.locator('.monaco-list-row', { hasText: 'build' }).first();
    await row.waitFor();
    await wb.screenshot('ui-copy-from-completion');
    await page.keyboard.press('Escape');
    await wb.runCommand('File: Revert File');
  });
});
