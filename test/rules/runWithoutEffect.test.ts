import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'run-without-effect';

describe(ID, () => {
  const fires = [
    df('FROM alpine', 'RUN cd /app', 'RUN make'),
    df('from alpine', 'run export PATH=$PATH:/opt/bin'),
    df('FROM python:3.12', 'RUN source venv/bin/activate', 'RUN pip install flask'),
    df('FROM python:3.12', 'RUN . /etc/os-release'),
    df('FROM alpine', 'RUN cd /app \\', '  # then configure', '  && export CC=clang'),
    df('FROM golang AS build', 'RUN cd /src', 'FROM alpine', 'RUN true'),
    df('FROM alpine', 'RUN <<EOF', 'cd /app', 'EOF'),
    '# escape=`\r\nFROM mcr.microsoft.com/powershell\r\nRUN cd `\r\n  /app\r\n',
    df('FROM alpine', 'RUN set -eux'),
  ];
  const silent = [
    df('FROM alpine', 'RUN cd /app && make'),
    df('FROM alpine', 'RUN export CC=clang && make'),
    df('FROM python:3.12', 'RUN . venv/bin/activate && pip install flask'),
    df('FROM alpine', 'WORKDIR /app', 'RUN make'),
    df('FROM alpine', 'RUN ["cd", "/app"]'),
    df('FROM alpine', 'CMD cd /app'),
    df('FROM alpine', 'RUN echo cd /app'),
    df('FROM alpine', 'RUN export -p'),
    df('FROM alpine', 'RUN <<EOF', 'cd /app', 'make', 'EOF'),
    // docker-library golang style
    df('FROM golang:1.22', 'WORKDIR /usr/src/app', 'COPY go.mod go.sum ./', 'RUN go mod download && go mod verify',
      'COPY . .', 'RUN set -eux; \\', '  cd cmd/app; \\', '  go build -v -o /usr/local/bin/app .', 'CMD ["app"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('is faded, covers the RUN and suggests WORKDIR', () => {
    const [f] = ruleCatches(ID, df('FROM alpine', 'RUN cd /app'));
    assert.deepStrictEqual(f.tags, ['unnecessary']);
    assert.deepStrictEqual(f.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } });
    assert.match(f.message, /line 2 `RUN cd \/app` only runs `cd`.*WORKDIR/);
  });

  const fixes: Array<[string, string, string]> = [
    ['cd → WORKDIR', df('FROM alpine', 'RUN cd /app', 'RUN make'), df('FROM alpine', 'WORKDIR /app', 'RUN make')],
    ['lowercase', df('from alpine', 'run cd app'), df('from alpine', 'workdir app')],
    ['export → ENV', df('FROM alpine', 'RUN export PATH=$PATH:/opt/bin GREETING="hi there"'), df('FROM alpine', 'ENV PATH=$PATH:/opt/bin GREETING="hi there"')],
    ['CRLF', 'FROM alpine\r\nRUN cd /srv\r\nRUN ls\r\n', 'FROM alpine\r\nWORKDIR /srv\r\nRUN ls\r\n'],
  ];
  for (const [name, text, expected] of fixes) {
    it(`fix: ${name}`, () => {
      const fixed = applyFix(ID, text);
      assert.strictEqual(fixed, expected);
      assert.deepStrictEqual(findingsOf(ID, fixed), []);
    });
  }

  it('offers no fix where WORKDIR or ENV would mean something else', () => {
    for (const t of [df('FROM alpine', 'RUN cd ~/app'), df('FROM alpine', 'RUN cd $HOME'), df('FROM alpine', 'RUN export V=$(cat /v)'),
      df('FROM alpine', 'RUN source venv/bin/activate'), df('FROM alpine', 'RUN cd /a && export B=c')]) {
      const [f] = ruleCatches(ID, t);
      assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress')), [], t);
    }
  });

  it('is suppressed by a comment above the RUN or file-wide', () => {
    ruleCatchesNot(ID, df('FROM alpine', '# layerwise ignore=run-without-effect', 'RUN cd /app'));
    ruleCatchesNot(ID, df('# layerwise global ignore=run-without-effect', 'FROM alpine', 'RUN cd /app'));
  });
});
