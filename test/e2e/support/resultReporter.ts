// Mocha reporter for the UI suite: spec output, plus the pass/fail counts scripts/e2e.sh adds up.
import Mocha from 'mocha';
import { recordResults } from './results';

class ResultReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    recordResults(runner, 'UI', process.env.LAYERWISE_E2E_RESULT);
  }
}

export = ResultReporter;
