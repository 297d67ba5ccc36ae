import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'apt-update-separate';

describe(ID, () => {
  const fires = [
    df('FROM debian:bookworm', 'RUN apt-get update', 'RUN apt-get install -y curl'),
    df('FROM ubuntu:24.04', 'RUN apt update', 'COPY . /app', 'RUN apt install -y git'),
    df('from debian', 'run apt-get update -qq', 'run DEBIAN_FRONTEND=noninteractive apt-get install -y \\', '    # the fetcher', '    curl'),
    df('FROM debian AS a', 'RUN echo ok', 'FROM debian', 'RUN apt-get update', 'RUN <<EOF', 'apt-get install -y curl', 'EOF'),
    '# escape=`\r\nFROM debian\r\nRUN apt-get update\r\nRUN apt-get install -y `\r\n  curl\r\n',
    df('FROM alpine:3.20', 'RUN apk update', 'RUN apk add curl'),
    df('FROM alpine:3.20', 'RUN apk update', 'RUN apk add --no-cache curl'),
    df('FROM debian', 'RUN set -eux; apt-get update', 'RUN apt-get install -y make'),
  ];
  const silent = [
    df('FROM debian', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'),
    df('FROM debian', 'RUN apt-get update', 'RUN apt-get update && apt-get install -y curl'),
    df('FROM debian AS a', 'RUN apt-get update', 'FROM debian', 'RUN apt-get install -y curl'),
    df('FROM debian', 'RUN apt-get update', 'RUN apk add curl'),
    df('FROM alpine', 'RUN apk add --no-cache curl'),
    df('FROM debian', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'EOF'),
    df('FROM debian', '# RUN apt-get update', 'RUN apt-get update && apt-get install -y curl'),
    // docker-library (postgres/nginx) style.
    df('FROM debian:bookworm-slim', 'RUN set -eux; \\', '\tapt-get update; \\', '\tapt-get install -y --no-install-recommends gnupg; \\',
      '\trm -rf /var/lib/apt/lists/*', 'ENV PG_MAJOR 16', 'RUN set -ex; apt-get update; apt-get install -y postgresql-common; rm -rf /var/lib/apt/lists/*'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('names the update and the install that uses it', () => {
    const [f] = ruleCatches(ID, df('FROM debian', 'RUN apt-get update', 'RUN apt-get install -y curl'));
    assert.strictEqual(f.range.start.line, 1);
    assert.match(f.message, /line 2 `RUN apt-get update`.*line 3 `RUN apt-get install -y curl`/);
    assert.strictEqual(f.related?.[0].range.start.line, 2);
  });

  it('fix joins the update into the install RUN, keeping continuations and env prefixes', () => {
    const text = df('from debian', 'run apt-get update -qq', 'run DEBIAN_FRONTEND=noninteractive apt-get install -y \\', '    # the fetcher', '    curl');
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, df('from debian', 'run apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y \\', '    # the fetcher', '    curl'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix keeps CRLF and the escape character', () => {
    const fixed = applyFix(ID, '# escape=`\r\nFROM debian\r\nRUN apt-get update\r\nRUN apt-get install -y `\r\n  curl\r\n');
    assert.strictEqual(fixed, '# escape=`\r\nFROM debian\r\nRUN apt-get update && apt-get install -y `\r\n  curl\r\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('apk fix switches to --no-cache and drops the update', () => {
    const fixed = applyFix(ID, df('FROM alpine:3.20', 'RUN apk update', 'RUN apk add curl'));
    assert.strictEqual(fixed, df('FROM alpine:3.20', 'RUN apk add --no-cache curl'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
    assert.strictEqual(applyFix(ID, df('FROM alpine', 'RUN apk update', 'RUN apk add --no-cache curl')), df('FROM alpine', 'RUN apk add --no-cache curl'));
  });

  it('offers no fix when the update RUN does more or the install is a heredoc', () => {
    for (const text of [
      df('FROM debian', 'RUN apt-get update && useradd app', 'RUN apt-get install -y curl'),
      df('FROM debian', 'RUN apt-get update', 'RUN <<EOF', 'apt-get install -y curl', 'EOF'),
      df('FROM debian', 'RUN apt-get update', 'RUN echo hi && apt-get install -y curl'),
    ]) {
      const [f] = ruleCatches(ID, text);
      assert.deepStrictEqual(f.fixes?.filter(x => !x.title.startsWith('Suppress ')), [], text);
    }
  });

  it('is suppressed by a comment above the update', () => {
    ruleCatchesNot(ID, df('FROM debian', '# layerwise ignore=apt-update-separate pinned snapshot', 'RUN apt-get update', 'RUN apt-get install -y curl'));
    ruleCatchesNot(ID, df('# layerwise global ignore=apt-update-separate', 'FROM debian', 'RUN apt-get update', 'RUN apt-get install -y curl'));
  });
});
