// `# hadolint shell=…`, SHELL and Windows bases: which RUNs the POSIX-shell rules (`readsShell`) read.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { ALL_RULES } from '../../server/src/rules';
import { df } from '../support/ruleSpec';

// consecutive-run is off in the default profile (style only): turned on here.
const lines = (text: string, id: string) => analyze(text, { syntaxChecks: false, rules: { 'consecutive-run': 'info' } }).findings.filter(f => f.ruleId === id).map(f => f.range.start.line + 1);

describe('# hadolint shell= pragma', () => {
  it('before the first FROM, a non-POSIX shell silences the shell rules for every stage', () => {
    const text = df('# hadolint shell=pwsh', 'FROM debian AS a', 'RUN sudo x | y', 'FROM debian', 'RUN apt-get install curl | tee log');
    for (const id of ['sudo-in-run', 'pipefail-missing', 'apt-get-y']) assert.deepStrictEqual(lines(text, id), [], id);
  });

  it('inside a stage it applies from there on, and to stages built FROM it; other stages keep sh', () => {
    const text = df('FROM debian AS a', 'RUN sudo a', '# hadolint shell=powershell', 'RUN sudo b', 'FROM a', 'RUN sudo c', 'FROM debian', 'RUN sudo d');
    assert.deepStrictEqual(lines(text, 'sudo-in-run'), [2, 8]);
  });

  it('a POSIX shell named by the pragma (bash) changes nothing; hadolint\'s pragma form with a comment after it is read', () => {
    assert.deepStrictEqual(lines(df('# hadolint shell=bash', 'FROM debian', 'RUN sudo a'), 'sudo-in-run'), [3]);
    assert.deepStrictEqual(lines(df('#hadolint shell=cmd.exe # Windows', 'FROM debian', 'RUN sudo a'), 'sudo-in-run'), []);
  });

  it('a Windows base runs shell form under cmd: silent unless a pragma or SHELL names a POSIX shell', () => {
    const win = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022';
    assert.deepStrictEqual(lines(df(win, 'RUN dir | findstr x'), 'pipefail-missing'), []);
    assert.deepStrictEqual(lines(df(win, '# hadolint shell=bash', 'RUN ls | grep x'), 'pipefail-missing'), [3]);
    assert.deepStrictEqual(lines(df('FROM debian', 'SHELL ["pwsh", "-Command"]', 'RUN a | b', 'SHELL ["/bin/sh", "-c"]', 'RUN c | d'), 'pipefail-missing'), [5]);
  });

  it('rules that do not read the shell still report (consecutive-run is about layers)', () => {
    assert.deepStrictEqual(lines(df('# hadolint shell=pwsh', 'FROM debian', 'RUN a', 'RUN b'), 'consecutive-run'), [4]);
  });

  it('every rule of the shell family declares readsShell except consecutive-run', () => {
    const shellFamily = ['sudo-in-run', 'system-command-in-run', 'useradd-high-uid', 'wget-progress', 'curl-and-wget', 'symlink-bin-sh', 'pipefail-missing'];
    for (const id of shellFamily) assert.ok(ALL_RULES.find(r => r.id === id)?.readsShell, id);
  });
});
