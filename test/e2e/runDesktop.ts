// Runs the extension-host suite (suite/index.ts) in desktop VS Code through @vscode/test-electron:
// `npm run test:desktop`. It downloads VS Code 1.100.3 on first use, so it needs internet access
// (use scripts/e2e.sh, which runs the same suite in code-server, where VS Code cannot be
// downloaded). The Docker tests use the engine at DOCKER_HOST (or the default socket).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { SuiteResult } from './support/results';

const ROOT = path.resolve(__dirname, '../../..');
/** The VS Code the code-server runs are pinned to (code-server 4.100.3), so both runners agree. */
const VSCODE_VERSION = process.env.LAYERWISE_VSCODE_VERSION ?? '1.100.3';

async function main(): Promise<number> {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-desktop-'));
  try {
    const workspace = path.join(run, 'workspace');
    fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
    // A throwaway profile: quiet start-up, and the test folder trusted (trust itself stays a feature).
    const userData = path.join(run, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
      'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'update.mode': 'none',
      'extensions.autoCheckUpdates': false, 'telemetry.telemetryLevel': 'off', 'git.enabled': false,
    }, null, 2));
    const resultFile = path.join(run, 'result.json');
    let failedToRun = false;
    try {
      await runTests({
        version: VSCODE_VERSION,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: path.join(ROOT, 'out/test/e2e/suite/index.js'),
        extensionTestsEnv: { LAYERWISE_E2E_RESULT: resultFile },
        launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${userData}`, `--extensions-dir=${path.join(run, 'extensions')}`],
      });
    } catch (error) {
      failedToRun = !fs.existsSync(resultFile);
      if (failedToRun) console.error(`VS Code did not run the suite: ${error instanceof Error ? error.message : String(error)}`);
    }
    const result: SuiteResult = fs.existsSync(resultFile)
      ? JSON.parse(fs.readFileSync(resultFile, 'utf8'))
      : { suite: 'extension host', passed: 0, failed: 1, failures: ['the suite did not run'] };
    for (const failure of result.failures) console.log(`  ✗ ${failure}`);
    console.log(`${result.passed} passed, ${result.failed} failed`);
    return result.failed === 0 && result.passed > 0 && !failedToRun ? 0 : 1;
  } finally {
    fs.rmSync(run, { recursive: true, force: true });
  }
}

main().then(code => process.exit(code), error => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
