import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'consecutive-metadata';

describe(ID, () => {
  const fires = [
    df('FROM alpine', 'ENV A=1', 'ENV B=2'),
    df('FROM alpine', 'LABEL org.opencontainers.image.title="demo"', 'LABEL org.opencontainers.image.vendor=acme'),
    df('from alpine', 'env A 1', 'env B two words'),
    df('FROM alpine AS build', 'RUN true', 'FROM alpine', 'ENV A=1', '', 'ENV B=2', 'CMD ["sh"]'),
    '# escape=`\r\nFROM alpine\r\nENV A=1 `\r\n    B=2\r\nENV C=3\r\n',
    df('FROM alpine', 'ENV PATH=/opt/bin:$PATH', 'ENV LANG=C.UTF-8'),
    // Classic-builder files from real repositories (docker-library style runs of legacy ENVs).
    df('FROM debian:bookworm-slim', 'ENV LANG C.UTF-8', 'ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D', 'RUN set -eux; echo install'),
  ];
  const silent = [
    df('FROM alpine', 'ENV A=1 B=2'),
    df('FROM alpine', 'ENV A=1', 'ENV B=$A'),
    df('FROM alpine', 'ENV GOPATH=/go', 'ENV PATH=${GOPATH}/bin:$PATH'),
    df('FROM alpine', 'ENV A=1', 'LABEL b=2'),
    df('FROM alpine', 'ENV A=1', 'RUN true', 'ENV B=2'),
    df('FROM alpine', 'ENV A=1', '# the port', 'ENV PORT=8080'),
    df('FROM alpine AS a', 'ENV A=1', 'FROM alpine', 'ENV B=2'),
    // docker-library golang style: each ENV uses the one before.
    df('FROM debian:bookworm-slim', 'ENV GOLANG_VERSION 1.22.5', 'RUN set -eux; echo $GOLANG_VERSION', 'ENV GOPATH /go', 'ENV PATH $GOPATH/bin:$PATH'),
    // Files that need BuildKit anyway: BuildKit folds ENV/LABEL into the config, nothing to save.
    df('FROM alpine', 'RUN <<EOF', 'echo hi', 'EOF', 'ENV A=1', 'ENV B=2'),
    df('# syntax=docker/dockerfile:1', 'FROM golang:1.23', 'ENV CGO_ENABLED=0', 'ENV GOOS=linux'),
    df('FROM golang:1.23', 'ENV CGO_ENABLED=0', 'ENV GOOS=linux', 'RUN --mount=type=cache,target=/root/.cache/go-build go build ./...'),
    df('FROM alpine', 'LABEL a=1', 'LABEL b=2', 'COPY --link app /app'),
    df('FROM alpine', 'LABEL a=1', 'LABEL b=2', 'COPY --chmod=755 run.sh /run.sh'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('covers the whole run and names its start', () => {
    const [f] = ruleCatches(ID, df('FROM alpine', 'ENV A=1', 'ENV B=2', 'ENV C=3'));
    assert.deepStrictEqual([f.range.start.line, f.range.end.line], [1, 3]);
    assert.match(f.message, /line 2 `ENV A=1` and the 2 ENV instructions after it can be a single ENV/);
  });

  it('fix merges into one instruction with continuations', () => {
    const fixed = applyFix(ID, df('FROM alpine', 'LABEL a="x y"', '', 'LABEL b=2', 'CMD ["sh"]'));
    assert.strictEqual(fixed, df('FROM alpine', 'LABEL a="x y" \\', '    b=2', 'CMD ["sh"]'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix converts the legacy `ENV KEY value` form and keeps lowercase', () => {
    const fixed = applyFix(ID, df('from alpine', 'env A 1', 'env B two words'));
    assert.strictEqual(fixed, df('from alpine', 'env A=1 \\', '    B="two words"'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix keeps CRLF and the escape character', () => {
    const fixed = applyFix(ID, '# escape=`\r\nFROM alpine\r\nENV A=1 `\r\n    B=2\r\nENV C=3\r\n');
    assert.strictEqual(fixed, '# escape=`\r\nFROM alpine\r\nENV A=1 `\r\n    B=2 `\r\n    C=3\r\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('is a hint that names the classic builder', () => {
    const [f] = ruleCatches(ID, df('FROM alpine', 'ENV A=1', 'ENV B=2'));
    assert.strictEqual(f.severity, 'hint');
    assert.match(f.message, /classic builder/);
  });

  it('says "the ENV after it" for a pair', () => {
    const [f] = ruleCatches(ID, df('FROM alpine', 'ENV A=1', 'ENV B=2'));
    assert.match(f.message, /line 2 `ENV A=1` and the ENV after it can be a single ENV/);
  });

  it('splits the run where a value uses a variable set just before', () => {
    const found = findingsOf(ID, df('FROM alpine', 'ENV A=1', 'ENV B=2', 'ENV C=$A', 'ENV D=4'));
    assert.deepStrictEqual(found.map(f => [f.range.start.line, f.range.end.line]), [[1, 2], [3, 4]]);
  });

  it('offers no fix when a legacy value has quotes', () => {
    const [f] = ruleCatches(ID, df('FROM alpine', 'ENV A "quoted value"', 'ENV B=2'));
    assert.deepStrictEqual(f.fixes?.filter(x => !x.title.startsWith('Suppress ')), []);
  });

  it('is suppressed by a comment above the first instruction', () => {
    ruleCatchesNot(ID, df('FROM alpine', '# layerwise ignore=consecutive-metadata', 'ENV A=1', 'ENV B=2'));
    ruleCatchesNot(ID, df('# layerwise global ignore=consecutive-metadata', 'FROM alpine', 'ENV A=1', 'ENV B=2'));
  });
});
