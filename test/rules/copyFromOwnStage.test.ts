import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, df } from '../support/ruleSpec';
import { REALISTIC } from './multiStage.fixtures';

const ID = 'copy-from-own-stage';

describe(ID, () => {
  const fires = [
    df('FROM golang:1.22 AS build', 'COPY --from=build /src /src'),
    df('FROM alpine AS a', 'RUN true', 'FROM alpine AS b', 'COPY --from=b /x /x'),
    df('from alpine as Build', 'copy --from=build /a /b'),
    df('FROM alpine', 'COPY --from=0 /a /b'),
    df('FROM alpine AS base', 'FROM base AS app', 'RUN --mount=type=bind,from=app,target=/m ls /m'),
    df('ARG SELF=tools', 'FROM alpine AS tools', 'ARG SELF', 'COPY --from=${SELF} /a /b'),
    df('FROM alpine AS x', 'COPY --chown=1:1 \\', '  # where from', '  --from=x /a /b'),
    '# escape=`\r\nFROM alpine AS x\r\nCOPY --from=x `\r\n  /a /b\r\n',
  ];
  const silent = [
    df('FROM alpine AS build', 'RUN true', 'FROM alpine', 'COPY --from=build /a /b'),
    df('FROM alpine AS a', 'FROM alpine AS b', 'COPY --from=a /x /x'),
    df('FROM alpine', 'FROM alpine', 'COPY --from=0 /a /b'),
    df('FROM alpine AS x', 'COPY --from=x:latest /a /b'),
    df('FROM alpine AS x', 'COPY --from=$OTHER /a /b'),
    df('FROM alpine AS x', 'RUN <<EOF', 'cp --from=x /a /b', 'EOF'),
    df('FROM alpine AS x', 'RUN --mount=type=cache,target=/c true'),
    ...Object.values(REALISTIC),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('points at the --from value and names the stage', () => {
    const [f] = ruleCatches(ID, df('FROM golang:1.22 AS build', 'COPY --from=build /src /src'));
    assert.deepStrictEqual(f.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 17 } });
    assert.match(f.message, /^--from=build at line 2 `COPY --from=build \/src \/src` names the stage it is in \(line 1 `FROM golang:1.22 AS build`\)/);
    assert.strictEqual(f.severity, 'error');
    assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress ')), []);
  });

  it('is suppressed by a comment above the instruction', () => {
    ruleCatchesNot(ID, df('FROM alpine AS x', `# layerwise ignore=${ID} testing`, 'COPY --from=x /a /b'));
    ruleCatchesNot(ID, df(`# layerwise global ignore=${ID}`, 'FROM alpine AS x', 'COPY --from=x /a /b'));
  });
});
