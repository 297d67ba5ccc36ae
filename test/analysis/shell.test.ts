// The shell splitter: which simple commands a RUN or CMD holds, and what ends each.
import * as assert from 'assert';
import { splitShell } from '../../server/src/analysis/shell';

const shape = (command: string) => splitShell(command).map(c => [c.words.join(' '), c.terminator]);

describe('splitShell', () => {
  it('keeps fd redirections (2>&1, <&3, &>file) inside their command', () => {
    assert.deepStrictEqual(shape('make 2>&1 | tee log'), [['make 2>&1', '|'], ['tee log', '']]);
    assert.deepStrictEqual(shape('cat <&3 && echo ok'), [['cat <&3', '&&'], ['echo ok', '']]);
    assert.deepStrictEqual(shape('server &>/dev/null'), [['server &>/dev/null', '']]);
    assert.deepStrictEqual(shape('a >&2; b'), [['a >&2', ';'], ['b', '']]);
  });

  it('still reads a trailing & as running in the background', () => {
    assert.deepStrictEqual(shape('npm start &'), [['npm start', '&']]);
    assert.deepStrictEqual(shape('a & b'), [['a', '&'], ['b', '']]);
    assert.deepStrictEqual(shape('a 2>&1 & b'), [['a 2>&1', '&'], ['b', '']]);
  });
});
