import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('no-empty-continuation', {
  fires: [
    df('FROM alpine', 'RUN apk add \\', '', '    curl'),
    df('FROM alpine', 'RUN a && \\', '   ', '    b'),
    df('FROM alpine', 'ENV A=1 \\', '', '    B=2'),
    '# escape=`\nFROM alpine\nRUN a `\n\n  b\n',
  ],
  silent: [
    df('FROM alpine', 'RUN apk add \\', '    curl'),
    df('FROM alpine', 'RUN apk add \\', '    # a comment', '    curl'),
    df('FROM alpine', 'RUN <<EOF', 'echo a', '', 'echo b', 'EOF'),
    df('FROM alpine', '', 'RUN a', '', 'RUN b'),
  ],
  fixes: [[df('FROM alpine', 'RUN apk add \\', '', '    curl'), df('FROM alpine', 'RUN apk add \\', '    curl')]],
});

describe('no-empty-continuation in a file with lone CR line ends', () => {
  it('reports the line but offers no removal (BuildKit splits lines on LF only, so the edit is not known to be safe)', () => {
    const text = 'FROM alpine\rENV `\r  \r# a comment\rA `\n    v\n'.replace('ENV `', 'ENV \\').replace('A `', 'A \\');
    const found = analyze(text).findings.filter(f => f.ruleId === 'no-empty-continuation');
    assert.strictEqual(found.length, 1);
    const own = (f: typeof found[number]) => (f.fixes ?? []).filter(x => !x.title.startsWith('Suppress'));
    assert.deepStrictEqual(own(found[0]), []);
    const crlf = analyze(text.replace(/\r/g, '\r\n')).findings.filter(f => f.ruleId === 'no-empty-continuation');
    assert.strictEqual(own(crlf[0]).length, 1, 'CRLF files keep the fix');
  });
});
