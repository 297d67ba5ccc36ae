// The packaged extension in code-server: "Layerwise: Run Image" from F1, the container in the Containers
// view, its logs in a terminal from the row's inline action, and Stop from the row.
// Env (set by scripts/e2e.sh): LAYERWISE_CS_URL, LAYERWISE_WS_DIR; DOCKER_HOST for the engine.
import * as assert from 'assert';
import * as path from 'path';
import Docker from 'dockerode';
import { build, Engine } from '../../../client/src/engine';
import { Browser } from '../support/browser';
import { Workbench, openWorkbench, screenshotIfFailed } from './workbench';

const baseUrl = process.env.LAYERWISE_CS_URL;
const folder = process.env.LAYERWISE_WS_DIR;
const TAG = `layerwise-ui/containers:ui-${process.pid}`;
const NAME = `lw-ui-web-${process.pid}`;

describe('Containers in the VS Code workbench (code-server)', function () {
  this.timeout(90_000);
  let browser: Browser;
  let wb: Workbench;

  before(async function () {
    assert.ok(baseUrl && folder, 'LAYERWISE_CS_URL and LAYERWISE_WS_DIR must be set (run scripts/e2e.sh ui)');
    // The image to run, built straight through the engine module (the build UI has its own test).
    const engine = new Engine({ recovery: false });
    try {
      const dir = path.join(folder, 'busybox-web');
      const built = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: TAG, builder: 'classic' });
      assert.ok(built.ok, built.error?.message);
    } finally { engine.dispose(); }
    ({ browser, wb } = await openWorkbench(baseUrl!, folder!));
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, wb);
  });
  after(async () => {
    await browser?.close();
    const docker = new Docker();
    await docker.getContainer(NAME).remove({ force: true }).catch(() => undefined);
    await docker.getImage(TAG).remove().catch(() => undefined);
  });

  /** The container's row in the Containers view. */
  const row = () => wb.viewRows('Containers').filter({ hasText: NAME }).first();

  /** Clicks one of the row's inline actions (shown on hover), found by the command's title. */
  async function inlineAction(title: string): Promise<void> {
    const action = row().locator(`.action-label[aria-label="${title}"]`);
    // The action shows while the row is hovered; a row drawn again (its status changed) needs the hover again.
    const until = Date.now() + 15_000;
    for (;;) {
      await wb.hoverOver(row());
      if (await action.isVisible()) break;
      if (Date.now() >= until) throw new Error(`the row's inline action "${title}" did not show on hover`);
      await browser.page.waitForTimeout(100);
    }
    await wb.clickOn(action);
  }

  it('runs an image from F1 "Layerwise: Run Image" and shows the container in the Containers view', async () => {
    // The command palette lists what is registered when it opens: wait until the extension's contributions are in.
    await browser.page.locator('.activitybar .action-item a[aria-label^="Layerwise"]').waitFor();
    await wb.runCommand('Layerwise: Run Image');
    const input = wb.quickInput().locator('input');
    const pick = async (text: string) => {
      await input.waitFor({ state: 'visible' });
      await wb.quickInput().locator('.monaco-list-row', { hasText: text }).first().waitFor();
      await input.fill(text);
      await browser.page.keyboard.press('Enter');
    };
    await pick(TAG);
    await pick('Detached');
    // Ports (prefilled from EXPOSE 8080) and environment: as proposed.
    for (const title of ['ports', 'environment']) {
      await wb.quickInput().locator('.quick-input-title', { hasText: title }).waitFor();
      await browser.page.keyboard.press('Enter');
    }
    await wb.quickInput().locator('.quick-input-title', { hasText: 'container name' }).waitFor();
    await input.fill(NAME);
    await browser.page.keyboard.press('Enter');
    await wb.quickInput().locator('.quick-input-title', { hasText: 'options' }).waitFor();
    await pick('Run');
    await wb.showSideBar('Layerwise', 'Containers');
    // The view starts collapsed (the side bar is shared with Images and Layer History); Run reveals the
    // container, which expands it; open it by hand only if that has not happened yet.
    const header = browser.page.locator('.sidebar .pane-header', { hasText: 'Containers' });
    await row().waitFor({ timeout: 5_000 }).catch(async () => {
      if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    });
    await row().waitFor();
    // The row follows the engine's events: "Created", then "Up …" once it started.
    await wb.viewRows('Containers').filter({ hasText: NAME }).filter({ hasText: /Up / }).first().waitFor();
    const text = await row().innerText();
    assert.match(text, /→8080\/tcp/, `the row shows the published port: ${text}`);
    await wb.screenshot('ui-containers-view');
  });

  it('opens the container\'s logs in a terminal from the row', async () => {
    await inlineAction('View Container Logs');
    await browser.page.locator('.part.panel').getByText(`Logs: ${NAME}`).first().waitFor();
  });

  it('stops the container from the row; it goes (it was run with --rm)', async () => {
    await inlineAction('Stop Container');
    await row().waitFor({ state: 'detached', timeout: 30_000 });
    const left = await new Docker().listContainers({ all: true, filters: { name: [NAME] } });
    assert.deepStrictEqual(left, [], 'the engine no longer has the container');
  });
});
