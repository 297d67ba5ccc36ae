import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';
import { analyze } from '../../server/src/analysis/analyze';
import { REALISTIC } from './multiStage.fixtures';

const ID = 'unused-stage';

describe(ID, () => {
  const fires = [
    // An unnamed stage cannot be selected with --target: dead code.
    df('FROM alpine', 'RUN make test', 'FROM alpine', 'CMD ["sh"]'),
    df('from alpine', 'from alpine', 'copy --from=0 /x /x', 'from alpine'),
    // A producer stage nothing uses: the final stage forgot `COPY --from=builder`.
    df('FROM golang:1.23 AS builder', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/app .', 'FROM alpine:3.20', 'COPY . /app', 'CMD ["/app/app"]'),
    df('ARG V=3.20', 'FROM alpine:${V} AS deps', 'RUN echo \\', '  # checking', '  ok', 'FROM alpine:${V}'),
    'FROM node:20 AS build\r\nRUN npm run build\r\nFROM nginx\r\n',
    '# escape=`\nFROM alpine\nRUN echo `\n  hi\nFROM alpine\n',
    df('FROM alpine AS assets', 'RUN <<EOF', 'echo hi', 'EOF', 'FROM alpine'),
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
    // Stages built on purpose with --target (awesome-compose `dev-envs`, buildx/moby hack files).
    df('FROM golang:1.23 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /bin/app .',
      'FROM build AS dev-envs', 'RUN apt-get update && apt-get install -y git',
      'FROM scratch', 'COPY --from=build /bin/app /app', 'ENTRYPOINT ["/app"]'),
    df('FROM golang:1.23 AS base', 'WORKDIR /src', 'FROM base AS test', 'RUN go test ./...', 'FROM base AS lint', 'RUN golangci-lint run',
      'FROM base AS gen', 'RUN go generate ./... && mkdir /out && cp -r api /out/', 'FROM scratch AS update', 'COPY --from=gen /out /',
      'FROM gen AS validate', 'RUN git diff --exit-code', 'FROM base', 'RUN go build -o /app .'),
    // A FROM-only stage pins an image version for Dependabot/Renovate.
    df('FROM otel/weaver:v0.23.0 AS weaver', 'FROM alpine', 'CMD ["sh"]'),
    // Stages chosen by a build arg: every stage the pattern can match counts, not just the default.
    df('ARG FROM_SOURCE=image', 'FROM golangci/golangci-lint:v1.61 AS golangci-verify-image', 'RUN golangci-lint --version',
      'FROM golang:1.23 AS golangci-verify-source', 'RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.61.0',
      'FROM golangci-verify-${FROM_SOURCE} AS verify', 'COPY . .', 'RUN golangci-lint run',
      'FROM alpine', 'COPY --from=verify /etc/hostname /verified'),
    df('ARG VARIANT=slim', 'FROM debian AS build-slim', 'RUN make slim', 'FROM debian AS build-full', 'RUN make full',
      'FROM debian', 'ARG VARIANT', 'COPY --from=build-${VARIANT} /out /out'),
    ...Object.values(REALISTIC),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('is a faded hint on the FROM; an unnamed stage says --target cannot select it', () => {
    const [f] = ruleCatches(ID, df('FROM alpine', 'RUN make test', 'FROM alpine', 'CMD ["sh"]'));
    assert.strictEqual(f.severity, 'hint');
    assert.deepStrictEqual(f.tags, ['unnecessary']);
    assert.strictEqual(f.range.start.line, 0);
    assert.match(f.message, /Stage #0 \(line 1 `FROM alpine`\) is not used by the final image: it has no name, so `--target` cannot select it/);
  });

  it('a named producer stage gets advice but no deleting fix (a build script may --target it)', () => {
    const [f] = ruleCatches(ID, df('FROM golang:1.23 AS builder', 'RUN go build -o /out/app .', 'FROM alpine', 'CMD ["/app"]'));
    assert.match(f.message, /add `COPY --from=builder …`; if you build it on purpose with `--target builder`, suppress this/);
    assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress ')), []);
  });

  it('reports only the leaf of an unused chain, and never offers a fix that breaks the chain', () => {
    const found = findingsOf(ID, df('FROM alpine', 'RUN make a', 'FROM alpine', 'COPY --from=0 /x /x', 'FROM alpine'));
    assert.deepStrictEqual(found.map(f => f.range.start.line), [2]);
  });

  it('fix removes an unnamed stage with its comments, leaving the next stage and the directive intact', () => {
    const text = df('# syntax=docker/dockerfile:1', '# an old experiment', 'FROM alpine', 'RUN make test', '', '# the image', 'FROM alpine', 'CMD ["sh"]');
    const [f] = ruleCatches(ID, text);
    assert.strictEqual(f.fixes?.[0].isPreferred, false);
    const fixed = applyFix(ID, text, 'Remove stage #0');
    assert.strictEqual(fixed, df('# syntax=docker/dockerfile:1', '# the image', 'FROM alpine', 'CMD ["sh"]'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
    assert.deepStrictEqual(analyze(fixed).findings.filter(x => x.ruleId === 'syntax'), []);
  });

  it('fix keeps CRLF and multi-line stages', () => {
    const fixed = applyFix(ID, 'FROM alpine\r\nRUN echo \\\r\n  hi\r\nFROM alpine\r\nCMD ["sh"]\r\n');
    assert.strictEqual(fixed, 'FROM alpine\r\nCMD ["sh"]\r\n');
  });

  it('is suppressed by a comment above the FROM', () => {
    ruleCatchesNot(ID, df(`# layerwise ignore=${ID} built with --target build`, 'FROM alpine AS build', 'RUN make', 'FROM alpine'));
    ruleCatchesNot(ID, df(`# layerwise global ignore=${ID}`, 'FROM alpine AS build', 'RUN make', 'FROM alpine'));
  });
});
