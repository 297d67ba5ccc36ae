// expose-invalid-port (DL3011), env-self-reference (DL3044), onbuild-invalid-trigger (DL3043),
// instruction-before-from (DL3061), hadolint-ignore-pragma (DL1001), missing-healthcheck (DL3057),
// and the hadolint codes claimed by older rules: DL3000 (workdir-relative-path), DL3012 (multiple-cmd), DL3029.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { df, findingsOf } from '../support/ruleSpec';
import { hadolintSpec } from './hadolintSpec';

hadolintSpec('expose-invalid-port', 'DL3011', {
  fires: [
    df('FROM alpine:3', 'EXPOSE 80800'),
    df('FROM alpine:3', 'EXPOSE 80 65536/udp'),
    df('FROM alpine:3 AS a', 'FROM a', 'expose 8000-70000'),
    df('FROM alpine:3', 'EXPOSE 80 \\', '  99999'),
  ],
  silent: [
    df('FROM alpine:3', 'EXPOSE 65535'),
    df('FROM alpine:3', 'EXPOSE 0 80/tcp 53/udp'),
    df('FROM alpine:3', 'EXPOSE 8000-8100'),
    df('FROM alpine:3', 'EXPOSE $PORT'),
    df('FROM alpine:3', 'RUN <<EOF', 'EXPOSE 99999', 'EOF'),
  ],
});

hadolintSpec('env-self-reference', 'DL3044', {
  fires: [
    df('FROM alpine:3', 'ENV DIR=/opt/app PATH=$DIR/bin:$PATH'),
    df('FROM alpine:3', 'ENV A=1 B=${A}'),
    df('FROM alpine:3 AS a', 'FROM a', 'env X=1 \\', '  Y=$X/y'),
    df('FROM alpine:3', 'ENV B=$A A=1'),
    // An unrelated earlier stage's ENV is not in this stage's environment (hadolint counts it).
    df('FROM alpine:3 AS x', 'ENV A=1', 'FROM alpine:3', 'ENV A=2 B=$A'),
  ],
  silent: [
    df('FROM alpine:3', 'ENV PATH=/opt/bin:$PATH'),
    df('FROM alpine:3', 'ENV DIR=/opt/app', 'ENV PATH=$DIR/bin:$PATH'),
    df('FROM alpine:3', 'ARG A=1', 'ENV A=2 B=$A'),
    df('FROM alpine:3', 'ENV A=1 B=$AB'),
    df('FROM alpine:3 AS base', 'ENV A=1', 'FROM base', 'ENV A=2 B=$A'),
    df('ARG A=1', 'FROM alpine:3', 'ENV A=2 B=$A'),
    df('FROM alpine:3', 'ENV A 1 B=$A'),
  ],
});

hadolintSpec('onbuild-invalid-trigger', 'DL3043', {
  fires: [
    df('FROM alpine:3', 'ONBUILD FROM debian'),
    df('FROM alpine:3', 'ONBUILD ONBUILD RUN make'),
    df('FROM alpine:3', 'onbuild maintainer me'),
    df('FROM alpine:3 AS a', 'FROM a', 'ONBUILD \\', '  FROM x'),
  ],
  silent: [
    df('FROM alpine:3', 'ONBUILD RUN make'),
    df('FROM alpine:3', 'ONBUILD COPY . /app/'),
    df('FROM alpine:3', 'RUN echo ONBUILD FROM x'),
    df('FROM alpine:3', '# ONBUILD FROM x'),
  ],
});

hadolintSpec('instruction-before-from', 'DL3061', {
  fires: [
    df('RUN echo hi', 'FROM alpine:3'),
    df('ARG V=1', 'LABEL a=b', 'FROM alpine:3'),
    df('# comment', 'env A=1', 'FROM alpine:3'),
    df('COPY . /app/'),
  ],
  silent: [
    df('FROM alpine:3', 'RUN echo'),
    df('ARG V=3', 'FROM alpine:$V'),
    df('# syntax=docker/dockerfile:1', '# comment', 'FROM alpine:3'),
    df('ARG A', 'ARG B=2'),
  ],
});

hadolintSpec('hadolint-ignore-pragma', 'DL1001', {
  options: { rules: { 'hadolint-ignore-pragma': 'info' } },
  fires: [
    df('# hadolint ignore=DL3006', 'FROM debian'),
    df('FROM debian:12', '# hadolint ignore=DL3008,DL3015', 'RUN apt-get install -y curl'),
    df('FROM debian:12', 'RUN a', '  #hadolint ignore=DL3003', 'RUN b'),
    df('FROM debian:12 AS a', 'FROM a', '# HADOLINT IGNORE=DL3059', 'RUN b'),
  ],
  silent: [
    df('# hadolint global ignore=DL3006', 'FROM debian'),
    df('FROM debian:12', '# layerwise ignore=multiple-cmd', 'CMD a'),
    df('FROM debian:12', '# mention hadolint ignore=DL3006 in prose', 'RUN a'),
    df('FROM debian:12', 'RUN echo "# hadolint ignore=DL3006"'),
  ],
  fixes: [
    [df('FROM debian:12', '# hadolint ignore=DL3008', 'RUN apt-get install -y curl'), df('FROM debian:12', 'RUN apt-get install -y curl')],
  ],
});

hadolintSpec('missing-healthcheck', 'DL3057', {
  options: { rules: { 'missing-healthcheck': 'info' } },
  fires: [
    df('FROM scratch'),
    df('FROM golang:1 AS build', 'RUN go build', 'FROM alpine:3', 'COPY --from=build /a /a', 'EXPOSE 8080/tcp', 'CMD ["/a"]'),
    df('FROM scratch AS base', 'HEALTHCHECK CMD /bin/bla', 'FROM scratch'),
    df('from nginx:1 AS base', 'expose 80', 'FROM base', 'run true'),
    // hadolint: the chain forks; the branch without a HEALTHCHECK is reported.
    df('FROM scratch AS base1', 'FROM base1 AS base2', 'FROM base2 AS b31', 'FROM base2 AS b32', 'FROM b31 AS end1', 'HEALTHCHECK NONE', 'FROM b32 AS end2'),
  ],
  silent: [
    df('FROM scratch', 'HEALTHCHECK NONE'),
    df('FROM nginx:1 AS base', 'HEALTHCHECK CMD true', 'FROM base', 'EXPOSE 80'),
    df('FROM scratch AS base1', 'FROM base1 AS base2', 'FROM base2 AS base3', 'FROM base3 AS end', 'HEALTHCHECK NONE'),
    df('FROM golang:1 AS build', 'RUN go build', 'FROM alpine:3', 'COPY --from=build /a /a', 'HEALTHCHECK CMD ["/a", "health"]'),
    df('FROM nginx:1', 'healthcheck --interval=5s \\', '  CMD true'),
  ],
});

describe('hadolint codes claimed by older rules', () => {
  const ids = (text: string) => analyze(text).findings.map(f => f.ruleId);

  hadolintSpec('workdir-relative-path', 'DL3000', {
    fires: [df('FROM alpine:3', 'WORKDIR app'), df('FROM alpine:3', 'WORKDIR /app', 'WORKDIR src'), df('FROM alpine:3', 'WORKDIR build/$V')],
    silent: [df('FROM alpine:3', 'WORKDIR /app'), df('FROM alpine:3', 'WORKDIR $HOME'), df('FROM alpine:3', 'WORKDIR "/x"'), '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n'],
    fixes: [
      [df('FROM alpine:3', 'WORKDIR /app', 'WORKDIR src'), df('FROM alpine:3', 'WORKDIR /app', 'WORKDIR /app/src')],
      [df('FROM alpine:3 AS base', 'WORKDIR /srv', 'FROM base', 'WORKDIR ../opt/./x'), df('FROM alpine:3 AS base', 'WORKDIR /srv', 'FROM base', 'WORKDIR /opt/x')],
    ],
    // The base image's working directory is not known: no path can be written for it.
    noFix: [df('FROM alpine:3', 'WORKDIR app'), df('FROM alpine:3', 'WORKDIR /app', 'WORKDIR $X', 'WORKDIR sub'), df('FROM alpine:3', 'WORKDIR /app', 'WORKDIR "src"')],
  });

  it('DL3000: relative after an absolute WORKDIR is a hint (BuildKit does not flag it), before one the rule\'s warning', () => {
    assert.deepStrictEqual(findingsOf('workdir-relative-path', df('FROM alpine:3', 'WORKDIR app', 'WORKDIR /x', 'WORKDIR y')).map(f => f.severity), ['warning', 'hint']);
    assert.ok(!ids(df('FROM alpine:3', 'WORKDIR app')).includes('syntax'), 'dockerfile-utils\' duplicate is off');
  });
  it('DL3012: a second HEALTHCHECK is multiple-cmd, once', () => {
    const text = df('FROM alpine:3', 'HEALTHCHECK CMD a', 'HEALTHCHECK CMD b');
    assert.deepStrictEqual(ids(text).filter(id => id === 'multiple-cmd' || id === 'syntax'), ['multiple-cmd']);
    assert.deepStrictEqual(ids('# hadolint global ignore=DL3012\n' + text).filter(id => id === 'multiple-cmd'), []);
  });
  it('DL3029: from-platform-flag-const answers to hadolint\'s code', () => {
    const text = df('FROM --platform=linux/amd64 alpine:3');
    assert.ok(ids(text).includes('from-platform-flag-const'));
    assert.ok(!ids('# hadolint global ignore=DL3029\n' + text).includes('from-platform-flag-const'));
  });
  it('the builder\'s errors these rules report are not reported twice by the syntax checks', () => {
    for (const text of [df('RUN x', 'FROM alpine:3'), df('FROM alpine:3', 'COPY a b /c'), df('FROM alpine:3', 'ONBUILD FROM x')]) {
      assert.deepStrictEqual(ids(text).filter(id => id === 'syntax'), [], text);
    }
    assert.ok(ids(df('ARG A')).includes('syntax'), 'a file with no FROM at all still gets the syntax error');
  });
});
