// Runs the extension-host suite (suite/index.ts) inside code-server's real extension host:
// opens the workbench with the test `payload` (what @vscode/test-electron passes desktop VS Code
// on its command line) and waits for the workbench to call codeAutomationExit.
// Env: LAYERWISE_CS_URL (http://127.0.0.1:PORT), LAYERWISE_EXT_DIR, LAYERWISE_WS_DIR,
// LAYERWISE_E2E_TIMEOUT_MS (default 240000), LAYERWISE_E2E_CONSOLE_LOG (file for the whole browser console).
import * as fs from 'fs';
import { launchBrowser, extensionHostOutput } from './support/browser';

/** The workbench's own start-up logs, which arrive in the same form as extension-host output. */
const WORKBENCH_CHATTER = /^(\[WARN\] \[[\w.-]+\]: The snippet file|Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin extensions|\[Service Worker\]|ChatSessionStore)/;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (scripts/e2e.sh sets it).`);
  return value;
}

async function main(): Promise<number> {
  const base = new URL(required('LAYERWISE_CS_URL'));
  const extDir = required('LAYERWISE_EXT_DIR');
  const wsDir = required('LAYERWISE_WS_DIR');
  const timeoutMs = Number(process.env.LAYERWISE_E2E_TIMEOUT_MS ?? 240_000);
  const consoleLog = process.env.LAYERWISE_E2E_CONSOLE_LOG;
  const remote = (p: string) => `vscode-remote://${base.host}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(extDir)],
    ['extensionTestsPath', remote(`${extDir}/out/test/e2e/suite/index.js`)],
  ]);
  const url = `${base.origin}/?folder=${encodeURIComponent(wsDir)}&payload=${encodeURIComponent(payload)}`;

  const browser = await launchBrowser();
  try {
    let exit!: (code: number | string) => void;
    const exited = new Promise<number | string>(resolve => { exit = resolve; });
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    // Messages are read asynchronously: a promise chain keeps them in the order they were logged.
    let printed: Promise<void> = Promise.resolve();
    browser.page.on('console', message => { printed = printed.then(async () => {
      const args = await Promise.all(message.args().map(a => a.jsonValue().catch(() => '?')));
      if (consoleLog) fs.appendFileSync(consoleLog, `[${message.type()}] ${JSON.stringify(args)}\n`);
      const text = extensionHostOutput(args);
      if (text !== undefined && !WORKBENCH_CHATTER.test(text)) console.log(text);
    }); });
    browser.page.on('pageerror', error => console.log(`  [page error] ${error.message}`));
    await browser.page.goto(url, { timeout: 60_000 });
    const timer = new Promise<string>(resolve => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    const code = await Promise.race([exited, timer]);
    await printed;
    if (code === 'timeout') {
      console.log(`[e2e] the extension-host suite did not finish within ${timeoutMs / 1000} s; giving up.`);
      return 1;
    }
    return Number(code) === 0 ? 0 : 1;
  } finally {
    await browser.close();
  }
}

main().then(code => process.exit(code), error => {
  console.error(`[e2e] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
