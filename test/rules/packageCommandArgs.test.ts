// The shared readers under the package-manager rules: hadolint-style flags and operands, shell
// keywords before a command, backslash-newline inside heredoc bodies.
import * as assert from 'assert';
import { hasAnyFlag, operands, operandsAfter, aptSimulates } from '../../server/src/rules/hadolint/packages/commandArgs';
import { commandOf } from '../../server/src/rules/cache/common';
import { splitShell } from '../../server/src/analysis/shell';
import { df, ruleCatches } from '../support/ruleSpec';

describe('package command arguments', () => {
  it('finds short flags in clusters and long flags with values', () => {
    assert.ok(hasAnyFlag(['-qy', 'install'], ['y']));
    assert.ok(hasAnyFlag(['--assumeyes=1'], ['assumeyes']));
    assert.ok(!hasAnyFlag(['install', '--', '-y'], ['y']), 'after -- nothing is a flag');
    assert.ok(!hasAnyFlag(['--yes-really'], ['y']));
  });
  it('drops flags, the values of value flags, and redirections', () => {
    assert.deepStrictEqual(operands(['-t', 'bookworm', 'install', '--virtual=.x', 'curl', '>', '/dev/null', '2>/dev/null'], ['t']), ['install', 'curl']);
    assert.deepStrictEqual(operandsAfter(['-y', 'install', '-qt', 'rel', 'a', 'b'], ['install'], ['t']), ['a', 'b']);
    assert.strictEqual(operandsAfter(['update'], ['install']), undefined);
  });
  it('knows apt-get simulations', () => {
    assert.ok(aptSimulates(['install', '-s', 'x']) && aptSimulates(['--dry-run', 'install']) && !aptSimulates(['install', '-y', '--no-install-suggests']));
  });
  it('reads the command after then/do/else/!', () => {
    const [, then] = splitShell('if [ -n "$X" ]; then apt-get install -y curl; fi');
    assert.deepStrictEqual(commandOf(then), { prog: 'apt-get', args: ['install', '-y', 'curl'] });
    assert.deepStrictEqual(commandOf(splitShell('! pip install x')[0]).prog, 'pip');
    assert.deepStrictEqual(commandOf(splitShell('then')[0]).prog, 'then', 'a lone keyword stays itself');
  });
  it('joins backslash-newline continuations in heredoc bodies', () => {
    assert.deepStrictEqual(splitShell('apt-get install -y \\\n    git \\\r\n    clang\nmake').map(c => c.words), [['apt-get', 'install', '-y', 'git', 'clang'], ['make']]);
    const [f] = ruleCatches('apt-pin-versions', df('FROM debian:12', 'RUN <<EOT bash', 'apt-get install -y \\', '    git \\', '    clang', 'EOT'), { rules: { 'apt-pin-versions': 'warning' } });
    assert.match(f.message, /for `git`, `clang`:/);
  });
});
