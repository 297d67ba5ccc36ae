// The packaged extension's first run, clicked through in code-server: the walkthrough and its steps,
// its sample Dockerfile, a rule page opened offline from the Problems panel, and the version line in
// the output channel (the same version `layerwise --version` prints).
// Env (set by scripts/e2e.sh): LAYERWISE_CS_URL, LAYERWISE_WS_DIR.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Browser } from '../support/browser';
import { Workbench, openWorkbench, screenshotIfFailed } from './workbench';

const baseUrl = process.env.LAYERWISE_CS_URL;
const folder = process.env.LAYERWISE_WS_DIR;
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const STEPS = ['Open a Dockerfile and read a finding', 'Apply a quick fix', 'Connect to a Docker Engine',
  'Build an image and open its layer history', 'Tune the rules and settings'];

describe('Layerwise first run in the VS Code workbench (code-server)', function () {
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

  it('opens the walkthrough from "Welcome: Open Walkthrough…" and shows its steps', async () => {
    await wb.runCommand('Welcome: Open Walkthrough');
    const pick = wb.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with Layerwise' }).first();
    await pick.click();
    const page = browser.page.locator('.gettingStartedContainer');
    await page.locator('.getting-started-category .category-title, h2', { hasText: 'Get Started with Layerwise' }).first().waitFor();
    for (const title of STEPS) await page.locator('.getting-started-step', { hasText: title }).first().waitFor();
    await wb.screenshot('ui-walkthrough');
  });

  it('the first step\'s button opens a sample Dockerfile with findings', async () => {
    const page = browser.page.locator('.gettingStartedContainer');
    await page.locator('.getting-started-step', { hasText: STEPS[0] }).first().click();
    await page.locator('a, .button-link', { hasText: 'Open a Sample Dockerfile' }).first().click();
    await browser.page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).waitFor();
    await browser.page.locator('.editor-group-container.active .squiggly-warning').first().waitFor();
  });

  it('clicking a rule id in the Problems panel opens its page in a Markdown preview', async () => {
    const rows = await wb.problems();
    const row = rows.filter({ hasText: 'copy-before-install' }).first();
    await row.waitFor();
    await row.locator('a.monaco-link', { hasText: 'copy-before-install' }).click();
    await browser.page.locator('.tabs-container .tab', { hasText: 'Preview copy-before-install.md' }).waitFor();
    const frame = browser.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await frame.locator('h1').first().waitFor();
    assert.match(await frame.locator('body').innerText(), /copy-before-install/);
    await wb.screenshot('ui-rule-page');
  });

  it('the hover\'s "read more" link opens the rule page too (a trusted command link, no network)', async () => {
    await wb.openFile('nginx-static/Dockerfile');
    await wb.hoverOver(browser.page.locator('.editor-group-container.active .squiggly-error').first());
    const hover = browser.page.locator('.monaco-hover:visible').filter({ hasText: 'cmd-exits-immediately' }).first();
    await hover.waitFor();
    await hover.locator('a', { hasText: 'cmd-exits-immediately: read more' }).first().click();
    await browser.page.locator('.tabs-container .tab', { hasText: 'Preview cmd-exits-immediately.md' }).waitFor();
  });

  it('the output channel names the same version as `layerwise --version`', async () => {
    const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), '--version'], { encoding: 'utf8' }).stdout.trim();
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.strictEqual(cli, manifest.version);
    await wb.runCommand('Output: Show Output Channels');
    await wb.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'Layerwise Language Server' }).first().click();
    await browser.page.locator('.output-view .view-lines', { hasText: `Layerwise ${cli} ` }).first().waitFor();
  });

  it('doing a step ticks it off: the sample ticks the first, a quick fix applied from Ctrl+. the second', async () => {
    const step = (title: string) => browser.page.locator('.gettingStartedContainer .getting-started-step', { hasText: title }).first();
    const ticked = (title: string) => step(title).locator('.codicon-getting-started-step-checked');
    // Back in the sample: apply the preferred fix for `COPY . .` (line 4) from the menu.
    await browser.page.locator('.tabs-container .tab', { hasText: 'Untitled' }).first().click();
    await wb.goToLine(4);
    await browser.page.keyboard.press('Control+.');
    const fix = browser.page.locator('.action-widget .monaco-list-row', { hasText: 'Copy the npm manifests first' }).first();
    await fix.waitFor();
    await wb.clickOn(fix);
    await browser.page.locator('.editor-group-container.active .view-lines', { hasText: 'package*.json' }).first().waitFor();
    await browser.page.locator('.tabs-container .tab', { hasText: 'Walkthrough' }).first().click();
    await ticked(STEPS[0]).waitFor();
    await ticked(STEPS[1]).waitFor();
    await wb.screenshot('ui-walkthrough-ticked');
  });
});
