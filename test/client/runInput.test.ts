// Pure parsing for the complete Run dialog: command override, container paths, env files, sizes.
import * as assert from 'assert';
import { formatCommandLine, parseCommandLine, validateContainerPath } from '../../client/src/commands/input';
import { parseEnvFile } from '../../client/src/engine/run';
import { parseDuration } from '../../client/src/engine/prune';
import { groupContainers } from '../../client/src/engine/containers';

describe('run input: command override, paths, env files', () => {
  const cases: Array<[string, string[]]> = [
    ['npm start', ['npm', 'start']],
    ['  sh -c "echo $HOME; ls"  ', ['sh', '-c', 'echo $HOME; ls']],
    [`node -e 'console.log("a b")'`, ['node', '-e', 'console.log("a b")']],
    ['echo a\\ b "q\\"x"', ['echo', 'a b', 'q"x']],
    ['', []],
  ];
  for (const [text, words] of cases) {
    it(`splits ${JSON.stringify(text)}`, () => {
      assert.deepStrictEqual(parseCommandLine(text), { ok: true, value: words });
      if (words.length) assert.deepStrictEqual(parseCommandLine(formatCommandLine(words)), { ok: true, value: words }, 'round trip');
    });
  }
  it('reports an unclosed quote', () => {
    assert.deepStrictEqual(parseCommandLine('sh -c "echo'), { ok: false, error: 'Unclosed " quote in ""echo".' });
  });
  it('container paths must be absolute', () => {
    assert.strictEqual(validateContainerPath('/data'), undefined);
    assert.match(validateContainerPath('data')!, /absolute path/);
    assert.match(validateContainerPath('/a:b')!, /cannot contain ":"/);
  });
  it('env files: comments, blanks, no quote processing, bare names from the host environment', () => {
    assert.deepStrictEqual(parseEnvFile('# c\nA=1\n\nB="two words"\nC\nD\n  E=x=y\n', { C: 'from host' }), { A: '1', B: '"two words"', C: 'from host', E: 'x=y' });
    assert.throws(() => parseEnvFile('OK=1\n1BAD=2'), /Line 2 of the env file: "1BAD" is not a variable name/);
  });
  it('durations for "older than"', () => {
    assert.strictEqual(parseDuration('24h'), 86400000);
    assert.strictEqual(parseDuration('1h30m'), 5400000);
    assert.strictEqual(parseDuration('1 day'), undefined);
  });
  it('groups containers by compose project first, then image; running first', () => {
    const base = { image: 'app:1', imageId: 'x', status: '', created: new Date(0), ports: [], networks: [], mounts: [] };
    const groups = groupContainers([
      { ...base, id: '1', name: 'b', state: 'exited' },
      { ...base, id: '2', name: 'a', state: 'exited' },
      { ...base, id: '3', name: 'z', state: 'running' },
      { ...base, id: '4', name: 'db', state: 'running', composeProject: 'shop', image: 'postgres' },
    ]);
    assert.deepStrictEqual(groups.map(g => `${g.kind}:${g.name}:${g.containers.map(c => c.id).join('')}`), ['compose:shop:4', 'image:app:1:321']);
  });
});
