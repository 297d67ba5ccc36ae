// Tag and push from the Images view, clicked as a person would: a registry started here on loopback,
// right-click the image → Tag Image… → type the registry name → right-click the new tag → Push Image…,
// the progress notification, then the "Pushed … sha256:…" notification; the registry has the tag.
// Env (set by scripts/e2e.sh): LAYERWISE_CS_URL, LAYERWISE_WS_DIR; DOCKER_HOST for the engine.
import * as assert from 'assert';
import Docker from 'dockerode';
import { RegistryClient } from '../../../client/src/engine/registry';
import { RegistryServer } from '../../engine/servers/registry';
import { Browser } from '../support/browser';
import { Workbench, openWorkbench, screenshotIfFailed } from './workbench';

const baseUrl = process.env.LAYERWISE_CS_URL;
const folder = process.env.LAYERWISE_WS_DIR;

describe('Registries in the workbench: tag and push from the Images view', function () {
  this.timeout(90_000);
  const registry = new RegistryServer();
  let browser: Browser;
  let wb: Workbench;
  let target = '';

  before(async function () {
    assert.ok(baseUrl && folder, 'LAYERWISE_CS_URL and LAYERWISE_WS_DIR must be set (run scripts/e2e.sh ui)');
    await registry.start();
    target = `${registry.address}/layerwise-ui/pushed:ui-${process.pid}`;
    ({ browser, wb } = await openWorkbench(baseUrl!, folder!));
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, wb);
  });
  after(async () => {
    await browser?.close();
    if (target) await new Docker().getImage(target).remove().catch(() => undefined);
    await registry.destroy();
  });

  /** Right-clicks a row and picks a context menu entry by its title. */
  async function contextMenu(row: ReturnType<Workbench['viewRows']>, entry: string): Promise<void> {
    await row.click({ button: 'right' });
    const menu = browser.page.locator('.context-view .monaco-menu');
    // A menu item takes mouse-ups only once the menu has been open ~100 ms (so the right-click's own
    // mouse-up picks nothing); under load a click can land before that and is silently dropped. The
    // keyboard is served at once: hover to focus the entry, wait until it is focused, then press Enter.
    await wb.hoverOver(menu.locator('.action-item', { hasText: entry }).first());
    await menu.locator('.action-item.focused', { hasText: entry }).first().waitFor();
    await browser.page.keyboard.press('Enter');
  }

  it('tags local/busybox:1 for the registry from its context menu', async () => {
    await wb.showSideBar('Layerwise', 'Images');
    const images = wb.viewRows('Images');
    const repo = images.filter({ hasText: 'local/busybox' }).first();
    await repo.waitFor();
    const tagRow = images.filter({ has: browser.page.locator('.label-name', { hasText: /^1$/ }) }).first();
    if (!(await tagRow.isVisible())) await repo.click();
    await contextMenu(tagRow, 'Tag Image…');
    const input = wb.quickInput().locator('input');
    assert.strictEqual(await wb.quickInputValue('local/busybox:1'), 'local/busybox:1', 'the prompt starts from the image name');
    await input.fill(target);
    await browser.page.keyboard.press('Enter');
    await images.filter({ hasText: `${registry.address}/layerwise-ui/pushed` }).first().waitFor();
  });

  it('pushes the new tag from its context menu: progress, then the digest', async () => {
    const images = wb.viewRows('Images');
    const repo = images.filter({ hasText: `${registry.address}/layerwise-ui/pushed` }).first();
    const tagRow = images.filter({ hasText: `ui-${process.pid}` }).first();
    if (!(await tagRow.isVisible())) await repo.click();
    await tagRow.waitFor();
    await contextMenu(tagRow, 'Push Image…');
    const done = wb.notification(/Pushed .* — sha256:[0-9a-f]{64}/);
    await done.waitFor({ timeout: 60_000 });
    await wb.screenshot('ui-pushed-digest');
    const text = await done.innerText();
    const digest = /sha256:[0-9a-f]{64}/.exec(text)![0];
    assert.match(text, /Copy Digest/, 'the digest can be copied from the notification');
    assert.strictEqual(await new RegistryClient(registry.address).digest('layerwise-ui/pushed', `ui-${process.pid}`), digest, 'the registry serves the pushed digest');
    assert.strictEqual(await wb.notification(/Cannot push|failed/i).count(), 0, 'no failure notification');
  });
});
