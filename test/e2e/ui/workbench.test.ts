// The packaged extension in code-server, clicked through as a person would: squiggles and the
// Problems panel, a hover, the quick fix menu, "Layerwise: Build Image" from F1 with its progress
// notification, the image in the Layerwise side bar, and a layer that jumps to its instruction.
// Env (set by scripts/e2e.sh): LAYERWISE_CS_URL, LAYERWISE_WS_DIR; DOCKER_HOST for the engine.
import * as assert from 'assert';
import Docker from 'dockerode';
import { Browser } from '../support/browser';
import { Workbench, openWorkbench, screenshotIfFailed } from './workbench';

const baseUrl = process.env.LAYERWISE_CS_URL;
const folder = process.env.LAYERWISE_WS_DIR;
const TAG_NAME = 'layerwise-ui/busybox-web';
const TAG_VERSION = `ui-${process.pid}`;
const TAG = `${TAG_NAME}:${TAG_VERSION}`;

describe('Layerwise in the VS Code workbench (code-server)', function () {
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
  after(async () => {
    await browser?.close();
    // The engine is shared: remove the image this suite built.
    await new Docker().getImage(TAG).remove().catch(() => undefined);
  });

  it('shows squiggles and Problems entries on a Dockerfile', async () => {
    const editor = await wb.openFile('nginx-static/Dockerfile');
    await editor.locator('.squiggly-error').first().waitFor();
    await editor.locator('.squiggly-warning').first().waitFor();
    const rows = await wb.problems();
    await rows.filter({ hasText: 'cmd-exits-immediately' }).first().waitFor();
    await rows.filter({ hasText: 'missing-base-image-label' }).first().waitFor();
  });

  it('explains a finding on hover', async () => {
    await wb.openFile('nginx-static/Dockerfile');
    await wb.hoverOver(browser.page.locator('.editor-group-container.active .squiggly-error').first());
    const hover = browser.page.locator('.monaco-hover:visible').filter({ hasText: 'cmd-exits-immediately' }).first();
    await hover.waitFor();
    const text = await hover.innerText();
    assert.match(text, /daemon off/, `the hover should explain the fix: ${text}`);
    await browser.page.mouse.move(5, 5);
  });

  it('offers the quick fix on Ctrl+. and applying it clears the finding', async () => {
    await wb.openFile('nginx-static/Dockerfile');
    await wb.goToLine(5);
    await browser.page.keyboard.press('Control+.');
    const menu = browser.page.locator('.action-widget');
    const fix = menu.locator('.monaco-list-row', { hasText: 'daemon off' }).first();
    await fix.waitFor();
    assert.ok(await menu.locator('.monaco-list-row', { hasText: 'Suppress cmd-exits-immediately' }).count() > 0, 'the suppress fixes should be offered too');
    await wb.screenshot('ui-quick-fix-menu');
    await wb.clickOn(fix);
    const rows = await wb.problems();
    await rows.filter({ hasText: 'cmd-exits-immediately' }).first().waitFor({ state: 'detached' });
    await rows.filter({ hasText: 'missing-base-image-label' }).first().waitFor();
    // Leave the example as it was for the next steps.
    await wb.runCommand('File: Revert File');
  });

  it('builds busybox-web from F1 "Layerwise: Build Image", with a progress notification', async () => {
    await wb.openFile('busybox-web/Dockerfile');
    await wb.runCommand('Layerwise: Build Image');
    const input = wb.quickInput().locator('input');
    assert.strictEqual(await wb.quickInputValue('busybox-web:latest'), 'busybox-web:latest', 'the tag prompt should propose a tag from the folder name');
    await input.fill(TAG);
    await browser.page.keyboard.press('Enter');
    const progress = wb.notification(`Building ${TAG}`);
    await progress.waitFor();
    // Let the toast finish sliding in for the screenshot; a fast build may already have ended it.
    await progress.click({ trial: true, timeout: 3_000 }).catch(() => undefined);
    await wb.screenshot('ui-build-in-progress');
    await wb.notification(`Built ${TAG}`).waitFor({ timeout: 60_000 });
    assert.strictEqual(await wb.notification(/failed/i).count(), 0, 'no failure notification');
  });

  it('lists the image in the Layerwise side bar and its layer history', async () => {
    await wb.showSideBar('Layerwise', 'Images');
    // The container also holds Containers, Volumes, Networks and Registries: fold them so the
    // Layer History has room for its rows (the tree renders only rows that fit).
    for (const view of ['Containers', 'Volumes', 'Networks', 'Registries']) await wb.collapseView(view);
    const images = wb.viewRows('Images');
    const repo = images.filter({ hasText: TAG_NAME }).first();
    await repo.waitFor();
    const tagRow = images.filter({ hasText: TAG_VERSION }).first();
    if (!(await tagRow.isVisible())) await repo.click();
    await tagRow.click();
    // Folding Images too hands its room to the Layer History (collapsed views keep no space).
    await wb.collapseView('Images');
    const layers = wb.viewRows('Layer History');
    await layers.filter({ hasText: 'COPY site/' }).first().waitFor();
    await layers.filter({ hasText: 'RUN chmod' }).first().waitFor();
    await layers.filter({ hasText: 'local/busybox:1' }).first().waitFor();
  });

  it('clicking a layer jumps to the Dockerfile instruction that made it', async () => {
    await wb.openFile('busybox-web/Dockerfile');
    await wb.goToLine(1);
    await wb.viewRows('Layer History').filter({ hasText: 'RUN chmod' }).first().click();
    await browser.page.locator('.tabs-container .tab.active', { hasText: 'Dockerfile' }).waitFor();
    const deadline = Date.now() + 10_000;
    let line = await wb.cursorLine();
    while (line !== 9 && Date.now() < deadline) {
      await browser.page.waitForTimeout(200);
      line = await wb.cursorLine();
    }
    assert.strictEqual(line, 9, 'the RUN layer was made by line 9 of busybox-web/Dockerfile');
    await wb.screenshot('ui-sidebar-history');
  });

  it('a layer expands into its files, and a wasted path opens the line that added its bytes', async () => {
    const rows = wb.viewRows('Layer History');
    // The image node shows the efficiency once the layers have been read.
    await rows.filter({ hasText: 'efficiency' }).first().waitFor({ timeout: 60_000 });
    // `RUN chmod -R` copies every file it touches into its own layer: expand it to see them.
    await rows.filter({ hasText: 'RUN chmod' }).first().locator('.monaco-tl-twistie').click();
    await rows.filter({ hasText: 'index.html' }).filter({ hasText: 'copied again' }).first().waitFor();
    await rows.filter({ hasText: 'Wasted space' }).first().locator('.monaco-tl-twistie').click();
    await wb.openFile('busybox-web/Dockerfile');
    await wb.goToLine(1);
    await rows.filter({ hasText: '/srv/www/index.html' }).first().click();
    await browser.page.locator('.tabs-container .tab.active', { hasText: 'Dockerfile' }).waitFor();
    const deadline = Date.now() + 10_000;
    let line = await wb.cursorLine();
    while (line !== 8 && Date.now() < deadline) {
      await browser.page.waitForTimeout(200);
      line = await wb.cursorLine();
    }
    assert.strictEqual(line, 8, 'index.html was added by line 8 (COPY site/ ./) of busybox-web/Dockerfile');
    await wb.screenshot('ui-layer-contents');
  });
});
