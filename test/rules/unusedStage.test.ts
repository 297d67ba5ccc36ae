import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';
import { analyze } from '../../server/src/analysis/analyze';
import { REALISTIC } from './multiStage.fixtures';

const ID = 'unused-stage';

describe(ID, () => {
  const fires = [
    df('FROM alpine AS test', 'RUN make test', 'FROM alpine', 'CMD ["sh"]'),
    df('FROM alpine AS a', 'FROM alpine AS b', 'COPY --from=a /x /x', 'FROM alpine'),
    df('from alpine as old', 'from alpine', 'copy --from=0 /x /x', 'from alpine'),
    df('ARG V=3.20', 'FROM alpine:${V} AS lint', 'RUN echo \\', '  # checking', '  ok', 'FROM alpine:${V}'),
    'FROM alpine AS dev\r\nRUN true\r\nFROM alpine\r\n',
    '# escape=`\nFROM alpine AS dev\nRUN echo `\n  hi\nFROM alpine\n',
    df('FROM alpine AS dev', 'RUN <<EOF', 'echo hi', 'EOF', 'FROM alpine'),
  ];
  const silent = [
    df('FROM alpine AS build', 'FROM alpine', 'COPY --from=build /a /b'),
    df('FROM alpine AS base', 'FROM base'),
    df('FROM alpine', 'FROM alpine', 'COPY --from=0 /a /b'),
    df('FROM alpine AS deps', 'FROM alpine', 'RUN --mount=type=bind,from=deps,target=/d ls /d'),
    df('ARG SRC=build', 'FROM alpine AS build', 'FROM alpine', 'ARG SRC', 'COPY --from=${SRC} /a /b'),
    df('FROM alpine AS build', 'FROM alpine', 'COPY --from=$WHICH /a /b'),
    df('FROM alpine'),
    df('FROM alpine AS a', 'FROM a AS b', 'FROM alpine', 'COPY --from=b /x /x'),
    ...Object.values(REALISTIC),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('is a faded hint on the FROM that mentions --target', () => {
    const [f] = ruleCatches(ID, df('FROM alpine AS test', 'RUN make test', 'FROM alpine', 'CMD ["sh"]'));
    assert.strictEqual(f.severity, 'hint');
    assert.deepStrictEqual(f.tags, ['unnecessary']);
    assert.strictEqual(f.range.start.line, 0);
    assert.match(f.message, /Stage `test` \(line 1 `FROM alpine AS test`\) is not used by the final image.*--target/);
  });

  it('reports a stage used only by another unused stage, without a removal fix', () => {
    const found = ruleCatches(ID, df('FROM alpine AS a', 'FROM alpine AS b', 'COPY --from=a /x /x', 'FROM alpine'));
    const a = found.find(f => f.range.start.line === 0)!;
    assert.match(a.message, /only used by line 2 `FROM alpine AS b`/);
    assert.deepStrictEqual((a.fixes ?? []).filter(x => !x.title.startsWith('Suppress ')), []);
  });

  it('fix removes the stage with its comments, leaving the next stage and the directive intact', () => {
    const text = df('# syntax=docker/dockerfile:1', '# tests, run with --target test', 'FROM alpine AS test', 'RUN make test', '', '# the image', 'FROM alpine', 'CMD ["sh"]');
    const [f] = ruleCatches(ID, text);
    assert.strictEqual(f.fixes?.[0].isPreferred, false);
    const fixed = applyFix(ID, text, 'Remove stage `test`');
    assert.strictEqual(fixed, df('# syntax=docker/dockerfile:1', '# the image', 'FROM alpine', 'CMD ["sh"]'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
    assert.deepStrictEqual(analyze(fixed).findings.filter(x => x.ruleId === 'syntax'), []);
  });

  it('fix keeps CRLF and multi-line stages', () => {
    const fixed = applyFix(ID, 'FROM alpine AS dev\r\nRUN echo \\\r\n  hi\r\nFROM alpine\r\nCMD ["sh"]\r\n');
    assert.strictEqual(fixed, 'FROM alpine\r\nCMD ["sh"]\r\n');
  });

  it('is suppressed by a comment above the FROM', () => {
    ruleCatchesNot(ID, df(`# layerwise ignore=${ID} built with --target test`, 'FROM alpine AS test', 'FROM alpine'));
    ruleCatchesNot(ID, df(`# layerwise global ignore=${ID}`, 'FROM alpine AS test', 'FROM alpine'));
  });
});
