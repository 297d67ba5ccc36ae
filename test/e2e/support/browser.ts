// Headless Debian chromium driven by playwright-core: the browser in front of code-server.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { format } from 'util';
import { BrowserContext, Page, chromium } from 'playwright-core';

export const CHROMIUM = process.env.LAYERWISE_CHROMIUM ?? '/usr/bin/chromium';

export interface Browser { context: BrowserContext; page: Page; close(): Promise<void> }

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No chromium at ${CHROMIUM}: install it (apt-get install chromium) or set LAYERWISE_CHROMIUM.`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  return {
    context, page,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Output of console.log/error in the extension host (mocha's reporter, test logs), as VS Code
 * forwards it to the page: ["%c INFO", css, format, ...args]. undefined for other messages.
 */
export function extensionHostOutput(args: unknown[]): string | undefined {
  const m = typeof args[0] === 'string' ? /^%c (INFO|WARN|ERR|ERROR|DEBUG|TRACE)$/.exec(args[0]) : null;
  if (!m || args.length < 3) return undefined;
  const text = format(...args.slice(2));
  return m[1] === 'INFO' ? text : `[${m[1]}] ${text}`;
}
