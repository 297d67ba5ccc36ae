// apt-get-y (DL3014), apt-no-install-recommends (DL3015), apk-no-cache (DL3019), pip-no-cache-dir (DL3042).
import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

interface Case { id: string; fires: string[]; silent: string[]; fixes: Array<[string, string]> }

const cases: Case[] = [
  {
    id: 'apt-get-y',
    fires: [
      df('FROM debian', 'RUN apt-get update && apt-get install curl'),
      df('FROM debian AS a', 'RUN echo', 'FROM debian', 'run apt-get install --no-install-recommends \\', '    curl'),
      df('FROM debian', 'RUN <<EOF', 'apt-get update', 'apt-get install -q curl', 'EOF'),
      '# escape=`\r\nFROM debian\r\nRUN apt-get install `\r\n  curl\r\n',
      df('FROM debian', 'RUN DEBIAN_FRONTEND=noninteractive apt-get install -q=1 curl'),
    ],
    silent: [
      df('FROM debian', 'RUN apt-get install -y curl'),
      df('FROM debian', 'RUN apt-get install -qqy curl && apt-get -yq install make'),
      df('FROM debian', 'RUN apt-get install --yes curl', 'RUN apt-get install --assume-yes git', 'RUN apt-get -qq install vim'),
      df('FROM debian', 'RUN apt-get update', '# RUN apt-get install curl'),
      df('FROM debian', 'RUN apt install curl'), // hadolint's DL3014 looks at apt-get only
      df('FROM debian', 'RUN ["apt-get", "install", "curl"]'),
    ],
    fixes: [
      [df('FROM debian', 'RUN apt-get update && apt-get install curl'), df('FROM debian', 'RUN apt-get update && apt-get install -y curl')],
      ['# escape=`\r\nFROM debian\r\nRUN apt-get install `\r\n  curl\r\n', '# escape=`\r\nFROM debian\r\nRUN apt-get install -y `\r\n  curl\r\n'],
    ],
  },
  {
    id: 'apt-no-install-recommends',
    fires: [
      df('FROM debian', 'RUN apt-get update && apt-get install -y curl'),
      df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN apt-get -y install \\', '  curl \\', '  git'),
      df('FROM debian', 'RUN <<EOF', 'apt-get install -y curl', 'EOF'),
      df('from ubuntu', 'run apt-get install -y curl && apt-get install -y --no-install-recommends git'),
    ],
    silent: [
      df('FROM debian', 'RUN apt-get install -y --no-install-recommends curl'),
      df('FROM debian', 'RUN apt-get install -y -o APT::Install-Recommends=false curl'),
      df('FROM debian', 'RUN apt-get update'),
      df('FROM debian', 'RUN apt-get remove -y curl'),
      df('FROM debian', 'RUN echo apt-get install -y curl'),
    ],
    fixes: [
      [df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN apt-get -y install \\', '  curl'), df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN apt-get -y install --no-install-recommends \\', '  curl')],
      [df('FROM debian', 'RUN <<EOF', 'apt-get install -y curl', 'EOF'), df('FROM debian', 'RUN <<EOF', 'apt-get install --no-install-recommends -y curl', 'EOF')],
    ],
  },
  {
    id: 'apk-no-cache',
    fires: [
      df('FROM alpine', 'RUN apk add curl'),
      df('FROM alpine AS build', 'RUN apk add --virtual .deps gcc \\', '  && make'),
      df('FROM alpine', 'RUN <<EOF', 'apk add curl', 'EOF'),
      df('from alpine', 'run apk update && apk add -U curl'),
    ],
    silent: [
      df('FROM alpine', 'RUN apk add --no-cache curl'),
      df('FROM alpine', 'RUN --mount=type=cache,target=/var/cache/apk apk add curl'),
      df('FROM alpine', 'RUN apk del curl'),
      df('FROM alpine', 'RUN apk --no-cache add curl'),
      // docker-library style: the run-time deps are installed from what is already there.
      df('FROM alpine', 'RUN set -eux; \\', '\tapk add --no-cache --virtual .build-deps gcc; \\', '\tapk add --no-network --virtual .rundeps $runDeps'),
    ],
    fixes: [
      [df('FROM alpine', 'RUN apk add curl'), df('FROM alpine', 'RUN apk add --no-cache curl')],
      [df('FROM alpine', 'RUN <<EOF', 'apk add curl', 'EOF'), df('FROM alpine', 'RUN <<EOF', 'apk add --no-cache curl', 'EOF')],
    ],
  },
  {
    id: 'pip-no-cache-dir',
    fires: [
      df('FROM python:3.12', 'RUN pip install flask'),
      df('FROM python:3.12 AS a', 'RUN echo', 'FROM a', 'RUN python3 -m pip install -r requirements.txt'),
      df('FROM python:3.12', 'RUN pip3 install \\', '  flask'),
      df('FROM python:3.12', 'RUN <<EOF', 'pip install flask', 'EOF'),
    ],
    silent: [
      df('FROM python:3.12', 'RUN pip install --no-cache-dir flask'),
      df('FROM python:3.12', 'ENV PIP_NO_CACHE_DIR=1', 'RUN pip install flask'),
      df('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install flask'),
      df('FROM python:3.12', 'RUN pip download flask', 'RUN pip --version'),
      df('FROM python:3.12', 'RUN PIP_NO_CACHE_DIR=off pip install flask'),
    ],
    fixes: [
      [df('FROM python:3.12', 'RUN pip3 install \\', '  flask'), df('FROM python:3.12', 'RUN pip3 install --no-cache-dir \\', '  flask')],
    ],
  },
];

for (const c of cases) {
  describe(c.id, () => {
    c.fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(c.id, t)));
    c.silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(c.id, t)));
    c.fixes.forEach(([before, after], i) => it(`fix #${i + 1} inserts the flag and the rule is then silent`, () => {
      const fixed = applyFix(c.id, before);
      assert.strictEqual(fixed, after);
      assert.deepStrictEqual(findingsOf(c.id, fixed), []);
    }));
  });
}

describe('missing-flag fixes', () => {
  it('offer no fix when the command text is ambiguous', () => {
    const [f] = ruleCatches('apt-no-install-recommends', df('from ubuntu', 'run apt-get install -y curl && apt-get install -y --no-install-recommends git'));
    assert.ok(!(f.fixes ?? []).some(x => x.title.startsWith('Add')));
  });
});

describe('apt-lists-not-removed', () => {
  const ID = 'apt-lists-not-removed';
  const fires = [
    df('FROM debian', 'RUN apt-get update && apt-get install -y curl'),
    df('FROM debian AS a', 'RUN echo', 'FROM debian', 'run apt-get update \\', '  && apt-get install -y curl'),
    df('FROM debian', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'EOF'),
    '# escape=`\r\nFROM debian\r\nRUN apt-get update && `\r\n  apt-get install -y curl\r\n',
    df('FROM debian', 'RUN apt-get update && apt-get install -y curl && rm -rf /tmp/*'),
  ];
  const silent = [
    df('FROM debian', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'),
    df('FROM debian', 'RUN set -eux; apt-get update; apt-get install -y curl; rm -rf /var/lib/apt/lists'),
    // A stage that only feeds another stage's FROM is not shipped (hadolint skips it too).
    df('FROM debian AS base', 'RUN apt-get update && apt-get install -y curl', 'FROM base', 'RUN echo ok'),
    df('FROM debian', 'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl'),
    df('FROM debian', 'RUN apt-get install -y ./local.deb'),
    // docker-library on trixie: apt 3's dist-clean deletes the lists.
    df('FROM debian:trixie', 'RUN set -eux; \\', '\tapt-get update; \\', '\tapt-get install -y --no-install-recommends apache2; \\', '\tapt-get dist-clean'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));
  it('fix appends the cleanup to the RUN (also after a continuation) and the rule is then silent', () => {
    for (const [before, after] of [
      [df('FROM debian', 'RUN apt-get update && apt-get install -y curl'), df('FROM debian', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*')],
      ['# escape=`\r\nFROM debian\r\nRUN apt-get update && `\r\n  apt-get install -y curl\r\n', '# escape=`\r\nFROM debian\r\nRUN apt-get update && `\r\n  apt-get install -y curl && rm -rf /var/lib/apt/lists/*\r\n'],
    ]) {
      const fixed = applyFix(ID, before);
      assert.strictEqual(fixed, after);
      assert.deepStrictEqual(findingsOf(ID, fixed), []);
    }
  });
  it('offers no fix for a heredoc', () => {
    const [f] = ruleCatches(ID, df('FROM debian', 'RUN <<EOF', 'apt-get update', 'EOF'));
    assert.ok(!(f.fixes ?? []).some(x => x.title.startsWith('Add')));
  });
});
