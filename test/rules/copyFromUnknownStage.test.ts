import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';
import { REALISTIC } from './multiStage.fixtures';

const ID = 'copy-from-unknown-stage';

describe(ID, () => {
  const fires = [
    df('FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM alpine', 'COPY --from=buld /app /app'),
    df('FROM alpine', 'COPY --from=builder /a /b'),
    df('FROM alpine', 'COPY --from=later /a /b', 'FROM alpine AS later'),
    df('FROM alpine AS a', 'FROM alpine', 'COPY --from=2 /a /b'),
    df('from alpine as deps', 'from alpine', 'run --mount=type=bind,from=dep,target=/d ls /d'),
    df('ARG SRC=bilder', 'FROM alpine AS builder', 'FROM alpine', 'ARG SRC', 'COPY --from=${SRC} /a /b'),
    'FROM alpine AS builder\r\nFROM alpine\r\nCOPY --chown=0:0 \\\r\n  # from the builder\r\n  --from=buildr /a /b\r\n',
    '# escape=`\nFROM alpine AS builder\nFROM alpine\nCOPY --from=bulder `\n  /a /b\n',
  ];
  const silent = [
    df('FROM alpine AS builder', 'FROM alpine', 'COPY --from=builder /a /b'),
    df('FROM alpine AS Builder', 'FROM alpine', 'COPY --from=BUILDER /a /b'),
    df('FROM alpine', 'FROM alpine', 'COPY --from=0 /a /b'),
    df('FROM alpine', 'COPY --from=nginx:1.25 /etc/nginx /etc/nginx'),
    df('FROM alpine', 'COPY --from=$UNKNOWN /a /b'),
    df('FROM alpine AS x', 'COPY --from=x /a /b'),
    df('FROM alpine', 'RUN <<EOF', 'COPY --from=nothing /a /b', 'EOF'),
    df('FROM alpine', 'COPY --from=alpine /etc/os-release /tmp/'),
    ...Object.values(REALISTIC),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('explains a stage defined later, with its line', () => {
    const [f] = ruleCatches(ID, df('FROM alpine', 'COPY --from=later /a /b', 'FROM alpine AS later'));
    assert.match(f.message, /stage `later` is defined later, on line 3; stages can only copy from earlier ones/);
    assert.deepStrictEqual(f.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 17 } });
    assert.strictEqual(f.related?.[0].range.start.line, 2);
  });

  it('explains a stage index that is not earlier', () => {
    const [f] = ruleCatches(ID, df('FROM alpine AS a', 'FROM alpine', 'COPY --from=2 /a /b'));
    assert.match(f.message, /names stage 2, but this is stage 1/);
  });

  it('fix corrects a near-miss name and re-lints clean', () => {
    const text = df('FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM alpine', 'COPY --from=buld /app /app');
    const fixed = applyFix(ID, text, 'Change to `build`');
    assert.strictEqual(fixed, df('FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM alpine', 'COPY --from=build /app /app'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix works inside a RUN --mount and keeps CRLF', () => {
    const fixed = applyFix(ID, 'FROM alpine AS deps\r\nFROM alpine\r\nRUN --mount=type=bind,from=dep,target=/d ls /d\r\n');
    assert.strictEqual(fixed, 'FROM alpine AS deps\r\nFROM alpine\r\nRUN --mount=type=bind,from=deps,target=/d ls /d\r\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('offers no fix when no earlier stage is close', () => {
    const [f] = ruleCatches(ID, df('FROM alpine AS a', 'FROM alpine', 'COPY --from=assets /a /b'));
    assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress ')), []);
  });

  it('is suppressed by a comment above the instruction', () => {
    ruleCatchesNot(ID, df('FROM alpine', `# layerwise ignore=${ID} local image`, 'COPY --from=myimage /a /b'));
    ruleCatchesNot(ID, df(`# layerwise global ignore=${ID}`, 'FROM alpine', 'COPY --from=myimage /a /b'));
  });
});
