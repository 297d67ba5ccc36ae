import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';
import { analyze } from '../../server/src/analysis/analyze';
import { REALISTIC } from './multiStage.fixtures';

const ID = 'duplicate-stage-name';

describe(ID, () => {
  const fires = [
    df('FROM alpine AS build', 'FROM alpine AS build'),
    df('FROM alpine AS Build', 'FROM debian AS build'),
    df('from alpine as x', 'run true', 'from alpine as X'),
    df('FROM alpine AS a', 'FROM alpine AS b', 'FROM alpine AS a', 'COPY --from=b /x /x'),
    df('ARG V=1', 'FROM alpine:${V} AS a', 'RUN echo \\', '  # note', '  hi', 'FROM alpine AS a'),
    'FROM alpine AS a\r\nRUN true\r\nFROM alpine AS a\r\n',
    '# escape=`\nFROM alpine AS a\nRUN echo `\n  x\nFROM alpine AS a\n',
  ];
  const silent = [
    df('FROM alpine AS a', 'FROM alpine AS b'),
    df('FROM alpine', 'FROM alpine'),
    df('FROM alpine AS a', 'FROM a AS b'),
    df('FROM alpine AS a', 'RUN <<EOF', 'FROM alpine AS a', 'EOF'),
    df('FROM alpine AS a-1', 'FROM alpine AS a'),
    df('FROM alpine AS build', '# FROM alpine AS build', 'RUN true'),
    ...Object.values(REALISTIC),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('marks the second alias and relates the first', () => {
    const [f] = ruleCatches(ID, df('FROM alpine AS build', 'RUN true', 'FROM debian AS build'));
    assert.deepStrictEqual(f.range, { start: { line: 2, character: 15 }, end: { line: 2, character: 20 } });
    assert.strictEqual(f.related?.[0].range.start.line, 0);
    assert.match(f.message, /`build` at line 3 .* line 1 `FROM alpine AS build`/);
  });

  it('fix renames the later stage when nothing after it uses the name; syntax stays clean', () => {
    const text = df('FROM alpine AS build', 'RUN true', 'FROM alpine AS build', 'RUN true', 'FROM alpine', 'COPY --from=0 /a /a');
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, df('FROM alpine AS build', 'RUN true', 'FROM alpine AS build-2', 'RUN true', 'FROM alpine', 'COPY --from=0 /a /a'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
    assert.deepStrictEqual(analyze(fixed).findings.filter(f => f.ruleId === 'syntax'), []);
  });

  it('picks a free suffix and keeps CRLF', () => {
    const fixed = applyFix(ID, 'FROM alpine AS a\r\nFROM alpine AS a-2\r\nFROM alpine AS a\r\nRUN true\r\n');
    assert.strictEqual(fixed, 'FROM alpine AS a\r\nFROM alpine AS a-2\r\nFROM alpine AS a-3\r\nRUN true\r\n');
  });

  it('offers no rename when a later instruction names the alias (its meaning would change)', () => {
    const [f] = ruleCatches(ID, df('FROM alpine AS a', 'FROM alpine AS a', 'FROM alpine', 'COPY --from=a /x /x'));
    assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress ')), []);
  });

  it('offers no rename for an alias the builder rejects anyway (found by the long fuzz run)', () => {
    const [f] = ruleCatches(ID, df('FROM l AS ocal/busybox:1x', 'FROM l AS ocal/busybox:1x', 'CMD ["b"]'));
    assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress ')), []);
  });

  it('is suppressed by a comment above the instruction', () => {
    ruleCatchesNot(ID, df('FROM alpine AS a', `# layerwise ignore=${ID} generated`, 'FROM alpine AS a'));
    ruleCatchesNot(ID, df(`# layerwise global ignore=${ID}`, 'FROM alpine AS a', 'FROM alpine AS a'));
  });
});
