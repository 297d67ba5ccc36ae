import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'multiple-cmd';

describe(ID, () => {
  const fires = [
    df('FROM alpine', 'CMD ["a"]', 'CMD ["b"]'),
    df('FROM alpine', 'ENTRYPOINT ["a"]', 'ENTRYPOINT ["b"]'),
    df('from alpine', 'cmd echo a', 'cmd echo b'),
    df('FROM alpine AS build', 'CMD a', 'CMD b', 'FROM alpine', 'CMD c'),
    df('FROM alpine', 'CMD echo a \\', '  && echo b', 'RUN true', 'CMD echo c'),
    '# escape=`\r\nFROM alpine\r\nCMD echo `\r\n  a\r\nCMD echo b\r\n',
  ];
  const silent = [
    df('FROM alpine', 'CMD ["a"]'),
    df('FROM alpine', 'ENTRYPOINT ["a"]', 'CMD ["b"]'),
    df('FROM alpine AS a', 'CMD x', 'FROM alpine', 'CMD y'),
    df('FROM alpine', '# CMD ["a"]', 'CMD ["b"]'),
    df('FROM alpine', 'RUN <<EOF', 'CMD not an instruction', 'EOF', 'CMD ["b"]'),
    df('FROM alpine', 'HEALTHCHECK CMD true', 'CMD ["b"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('marks the overridden CMD unnecessary and names the one that wins', () => {
    const [f] = ruleCatches(ID, df('FROM alpine', 'CMD ["a"]', 'CMD ["b"]'));
    assert.deepStrictEqual(f.tags, ['unnecessary']);
    assert.strictEqual(f.range.start.line, 1);
    assert.match(f.message, /line 3 `CMD \["b"\]`/);
  });

  it('fix removes the dead CMD and the finding goes away', () => {
    const fixed = applyFix(ID, df('FROM alpine', 'CMD ["a"]', 'CMD ["b"]'));
    assert.strictEqual(fixed, df('FROM alpine', 'CMD ["b"]'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('is suppressed by a comment above the instruction', () => {
    ruleCatchesNot(ID, df('FROM alpine', '# layerwise ignore=multiple-cmd kept for docs', 'CMD ["a"]', 'CMD ["b"]'));
    ruleCatchesNot(ID, df('# layerwise global ignore=multiple-cmd', 'FROM alpine', 'CMD ["a"]', 'CMD ["b"]'));
  });
});
