import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'install-after-copy';

describe(ID, () => {
  const fires = [
    df('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev', 'CMD ["python", "app.py"]'),
    df('FROM alpine', 'COPY . /app', 'RUN apk add --no-cache git'),
    df('from fedora', 'copy . /src', 'run dnf install -y gcc && dnf clean all'),
    df('FROM debian', 'COPY ./ /app/', 'RUN curl -fsSL -o /usr/local/bin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini \\', '  # make it runnable', '  && chmod +x /usr/local/bin/tini'),
    df('FROM debian AS build', 'COPY . .', 'RUN npm ci', 'RUN wget -O kubectl https://dl.k8s.io/kubectl && chmod +x ./kubectl && mv kubectl /usr/local/bin/', 'FROM debian'),
    '# escape=`\r\nFROM debian\r\nCOPY . C:/app\r\nRUN apt-get update `\r\n  && apt-get install -y curl\r\n',
    df('FROM debian', 'COPY . /app', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'EOF'),
    df('FROM opensuse/leap', 'ADD . /app', 'RUN zypper install -y git'),
  ];
  const silent = [
    df('FROM python:3.12', 'RUN apt-get update && apt-get install -y libpq-dev', 'WORKDIR /app', 'COPY . .', 'CMD ["python", "app.py"]'),
    df('FROM debian', 'COPY . /app', 'RUN apt-get install -y ./vendor/tool.deb'),
    df('FROM debian', 'COPY . /app', 'RUN xargs apt-get install -y < /app/packages.txt'),
    df('FROM debian', 'COPY . /app', 'RUN apt-get install -y $(cat /app/apt.txt)'),
    df('FROM debian', 'COPY . /app', 'RUN bash ./install-deps.sh && apt-get install -y curl'),
    df('FROM debian AS a', 'COPY . /app', 'FROM debian', 'RUN apt-get install -y curl'),
    df('FROM debian', 'COPY package.json /app/', 'RUN apt-get install -y curl'),
    df('FROM debian', 'COPY . /app', 'RUN curl -fsSL https://example.com/health'),
    // docker-library style: installs first, only the entrypoint is copied.
    df('FROM debian:bookworm-slim', 'RUN set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates; rm -rf /var/lib/apt/lists/*',
      'COPY docker-entrypoint.sh /usr/local/bin/', 'RUN apt-get update && apt-get install -y gosu', 'ENTRYPOINT ["docker-entrypoint.sh"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t, { contextFiles: ['packages.txt', 'install-deps.sh', 'vendor'] })));

  it('names the step and the copy', () => {
    const [f] = ruleCatches(ID, df('FROM alpine', 'COPY . /app', 'RUN apk add --no-cache git'));
    assert.strictEqual(f.range.start.line, 2);
    assert.match(f.message, /line 3 `RUN apk add --no-cache git` installs system packages .* after line 2 `COPY \. \/app`/);
    assert.strictEqual(f.related?.[0].range.start.line, 1);
  });

  it('fix moves the step above the copy, keeping comments, CRLF and continuations', () => {
    const text = 'FROM python:3.12\r\nWORKDIR /app\r\nCOPY . .\r\nRUN pip install -r requirements.txt\r\n# native deps\r\nRUN apt-get update `\r\n  && apt-get install -y libpq5\r\nCMD ["python"]\r\n';
    const fixed = applyFix(ID, '# escape=`\r\n' + text);
    assert.strictEqual(fixed, '# escape=`\r\nFROM python:3.12\r\nWORKDIR /app\r\n# native deps\r\nRUN apt-get update `\r\n  && apt-get install -y libpq5\r\nCOPY . .\r\nRUN pip install -r requirements.txt\r\nCMD ["python"]\r\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix works on the last line without a trailing newline', () => {
    const fixed = applyFix(ID, 'FROM alpine\nCOPY . /app\nRUN apk add --no-cache git');
    assert.strictEqual(fixed, 'FROM alpine\nRUN apk add --no-cache git\nCOPY . /app\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('offers no fix when USER, WORKDIR, ENV or a setup RUN sits in between', () => {
    for (const mid of ['USER app', 'WORKDIR /app', 'ENV DEBIAN_FRONTEND=noninteractive', 'RUN echo "deb http://x y z" > /etc/apt/sources.list.d/x.list']) {
      const text = df('FROM debian', 'COPY . /app', mid, 'RUN apt-get install -y curl');
      const [f] = ruleCatches(ID, text);
      assert.deepStrictEqual(f.fixes?.filter(x => !x.title.startsWith('Suppress ')), [], text);
    }
  });

  it('is suppressed by a comment above the step', () => {
    ruleCatchesNot(ID, df('FROM debian', 'COPY . /app', '# layerwise ignore=install-after-copy needs the copied key', 'RUN apt-get install -y curl'));
    ruleCatchesNot(ID, df('# layerwise global ignore=install-after-copy', 'FROM debian', 'COPY . /app', 'RUN apt-get install -y curl'));
  });
});
