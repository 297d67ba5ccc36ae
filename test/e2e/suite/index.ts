// Entry point of the extension-host suite: VS Code (desktop via @vscode/test-electron, or
// code-server via the workbench `payload`) loads this module and calls run().
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { recordResults } from '../support/results';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const only = process.env.LAYERWISE_E2E_GREP;
  if (only) mocha.grep(only);
  for (const file of fs.readdirSync(__dirname).filter(f => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(failures => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed.`)) : resolve()));
      recordResults(runner, 'extension host', process.env.LAYERWISE_E2E_RESULT);
    } catch (error) {
      reject(error);
    }
  });
}
