// A build secret the settings do not name, asked once in the workbench: F1 "Layerwise: Build Image" on
// a Dockerfile with RUN --mount=type=secret, the question "where does it come from?", the value typed
// into a password box; the builder receives it, the next build does not ask again, and the value is in
// neither the output channel, the workspace settings, the build records nor the image history.
// Env (set by scripts/e2e.sh): LAYERWISE_CS_URL, LAYERWISE_WS_DIR, LAYERWISE_RECORDS; DOCKER_HOST for the engine.
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Docker from 'dockerode';
import { Browser } from '../support/browser';
import { Workbench, openWorkbench, screenshotIfFailed } from './workbench';

const baseUrl = process.env.LAYERWISE_CS_URL;
const folder = process.env.LAYERWISE_WS_DIR;
const TAGS = [`layerwise-ui/secret:first-${process.pid}`, `layerwise-ui/secret:again-${process.pid}`];
const VALUE = `ui-secret-${crypto.randomBytes(8).toString('hex')}`;
// BuildKit's cache key of a step leaves out its secrets' values: a step text of this run's own keeps an
// earlier run's layer (built with another value) from being reused.
const RUN_ID = crypto.randomBytes(4).toString('hex');

describe('Build secrets in the workbench: asked once per workspace, never shown', function () {
  this.timeout(90_000);
  let browser: Browser;
  let wb: Workbench;

  before(async function () {
    assert.ok(baseUrl && folder, 'LAYERWISE_CS_URL and LAYERWISE_WS_DIR must be set (run scripts/e2e.sh ui)');
    fs.mkdirSync(path.join(folder!, 'secret-build'), { recursive: true });
    // The step prints the secret (masked in the output) and keeps only its digest in the image.
    fs.writeFileSync(path.join(folder!, 'secret-build', 'Dockerfile'),
      `FROM local/busybox:1\nRUN --mount=type=secret,id=uitoken sha256sum /run/secrets/uitoken | cut -d" " -f1 > /tok.sha && cat /run/secrets/uitoken && echo run-${RUN_ID}\n`);
    ({ browser, wb } = await openWorkbench(baseUrl!, folder!));
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, wb);
  });
  after(async () => {
    await browser?.close();
    for (const t of TAGS) await new Docker().getImage(t).remove().catch(() => undefined);
  });

  async function startBuild(tag: string): Promise<void> {
    await wb.openFile('secret-build/Dockerfile');
    await wb.runCommand('Layerwise: Build Image');
    const input = wb.quickInput().locator('input');
    await input.waitFor({ state: 'visible' });
    await input.fill(tag);
    await browser.page.keyboard.press('Enter');
  }

  it('asks where the secret comes from, takes a typed value, and the builder receives it', async () => {
    await startBuild(TAGS[0]);
    const pick = wb.quickInput();
    await pick.locator('.quick-input-title', { hasText: 'Build secret "uitoken" (line 2)' }).waitFor();
    await pick.locator('.quick-input-list .monaco-list-row', { hasText: 'Enter the value…' }).first().click();
    const password = pick.locator('input[type="password"]');
    await password.waitFor({ state: 'visible' });
    await password.fill(VALUE);
    await browser.page.keyboard.press('Enter');
    await wb.notification(`Built ${TAGS[0]}`).waitFor({ timeout: 60_000 });
    const sha = await runIn(TAGS[0], ['cat', '/tok.sha']);
    assert.strictEqual(sha.trim(), crypto.createHash('sha256').update(VALUE).digest('hex'));
  });

  it('the next build in this workspace does not ask again', async () => {
    // A changed step, so the builder runs it (and asks the session for the secret) instead of using its cache.
    fs.writeFileSync(path.join(folder!, 'secret-build', 'Dockerfile'),
      `FROM local/busybox:1\nRUN --mount=type=secret,id=uitoken sha256sum /run/secrets/uitoken | cut -d" " -f1 > /tok.sha && cat /run/secrets/uitoken && echo second-build-${RUN_ID}\n`);
    await startBuild(TAGS[1]);
    // A question would hold the build: the notification proves none was asked.
    await wb.notification(`Built ${TAGS[1]}`).waitFor({ timeout: 60_000 });
    assert.strictEqual(await wb.quickInput().isVisible(), false, 'a question is still open');
    const sha = await runIn(TAGS[1], ['cat', '/tok.sha']);
    assert.strictEqual(sha.trim(), crypto.createHash('sha256').update(VALUE).digest('hex'));
  });

  it('the value is in neither the output channel, the settings, the build records nor the image history', async () => {
    await wb.runCommand('Output: Show Output Channels');
    await wb.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'Layerwise Build' }).first().click();
    const output = browser.page.locator('.output-view .view-lines');
    // The step's `cat` is in the channel, masked.
    await output.filter({ hasText: `Built ${TAGS[1]}` }).first().waitFor();
    assert.ok(!(await output.innerText()).includes(VALUE), 'the output channel shows the secret');
    await output.filter({ hasText: '***' }).first().waitFor();
    for (const file of [path.join(folder!, '.vscode', 'settings.json')]) {
      if (fs.existsSync(file)) assert.ok(!fs.readFileSync(file, 'utf8').includes(VALUE), `${file} holds the secret`);
    }
    const records = process.env.LAYERWISE_RECORDS;
    if (records && fs.existsSync(records)) {
      for (const f of fs.readdirSync(records)) assert.ok(!fs.readFileSync(path.join(records, f), 'utf8').includes(VALUE), `record ${f} holds the secret`);
    }
    const history = JSON.stringify(await new Docker().getImage(TAGS[0]).history());
    assert.ok(!history.includes(VALUE), 'the image history holds the secret');
  });
});

async function runIn(image: string, cmd: string[]): Promise<string> {
  const docker = new Docker();
  const container = await docker.createContainer({ Image: image, Cmd: cmd, Tty: true });
  try {
    await container.start();
    await container.wait();
    return (await container.logs({ stdout: true })).toString('utf8');
  } finally {
    await container.remove({ force: true });
  }
}
