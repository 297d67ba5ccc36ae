import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'cleanup-in-later-layer';

describe(ID, () => {
  const fires = [
    df('FROM debian', 'RUN apt-get update && apt-get install -y curl', 'RUN rm -rf /var/lib/apt/lists/*'),
    df('FROM debian', 'RUN apt-get update && apt-get install -y build-essential', 'COPY . /src', 'RUN apt-get purge -y --auto-remove build-essential'),
    df('from centos:7', 'run yum install -y httpd', 'run yum clean all'),
    df('FROM debian', 'WORKDIR /tmp', 'RUN curl -fsSL -o node.tgz https://nodejs.org/dist/node.tgz && tar -xzf node.tgz -C /usr/local', 'RUN rm node.tgz'),
    df('FROM debian', 'RUN wget https://example.com/tool.tar.gz', 'RUN rm -f /tool.tar.gz'),
    df('FROM node:20', 'COPY . /app', 'RUN rm -rf /app/tests'),
    df('FROM debian', 'ADD https://example.com/big.tar.gz /tmp/', 'RUN rm /tmp/big.tar.gz'),
    df('FROM debian AS build', 'RUN apt-get update \\', '  # compilers', '  && apt-get install -y gcc', 'RUN apt-get clean', 'FROM scratch'),
    '# escape=`\r\nFROM debian\r\nRUN apt-get update `\r\n  && apt-get install -y curl\r\nRUN apt-get clean `\r\n  && rm -rf /var/lib/apt/lists/*\r\n',
    df('FROM debian', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'EOF', 'RUN rm -rf /var/lib/apt/lists/*'),
    // Removing packages is not made redundant by an earlier cache cleanup: their bytes stay in the install layer.
    df('FROM debian', 'RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*', 'RUN make', 'RUN apt-get purge -y --auto-remove gcc'),
    // vscode-dev-containers clojure style: an install inside `if` with no cleanup, cleaned at the very end.
    df('FROM mcr.microsoft.com/devcontainers/java:17', 'ARG INSTALL_CLI=true', 'RUN if [ "${INSTALL_CLI}" = "true" ]; then \\', '    apt-get update \\', '    && apt-get -y install rlwrap; fi',
      'RUN apt-get autoremove -y && apt-get clean -y && rm -rf /var/lib/apt/lists/*'),
  ];
  const silent = [
    df('FROM debian', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'),
    df('FROM debian', 'RUN rm -rf /var/lib/apt/lists/*'),
    df('FROM debian AS a', 'RUN apt-get update && apt-get install -y curl', 'FROM debian', 'RUN rm -rf /var/lib/apt/lists/*'),
    df('FROM debian', 'RUN apt-get update && apt-get install -y curl', 'RUN apt-get install -y git && rm -rf /var/lib/apt/lists/*'),
    df('FROM debian', 'RUN curl -o /tmp/a.tgz https://x/a.tgz', 'RUN rm /tmp/b.tgz'),
    df('FROM debian', 'RUN curl -fsSL https://x/install.sh | sh', 'RUN rm -rf /tmp/*'),
    df('FROM node:20', 'COPY . /app', 'RUN npm ci', 'RUN rm -rf /app/node_modules/.cache'),
    df('FROM debian', 'RUN apt-get update && apt-get install -y curl', 'RUN rm -rf /var/lib/apt/lists/* && make'),
    // The install RUN already emptied the lists in its own layer: a later `apt-get clean` is redundant, not costly.
    df('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*',
      'COPY . /src', 'RUN apt-get clean && rm -rf /var/lib/apt/lists/*'),
    df('FROM rockylinux:9', 'RUN dnf install -y git && dnf clean all', 'RUN dnf clean all'),
    // docker-library nginx/postgres style: every cleanup happens in the RUN that made the mess.
    df('FROM debian:bookworm-slim', 'RUN set -eux; \\', '\tapt-get update; \\', '\tapt-get install -y --no-install-recommends ca-certificates wget; \\',
      '\twget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64"; \\', '\tchmod +x /usr/local/bin/gosu; \\',
      '\tapt-get purge -y --auto-remove wget; \\', '\trm -rf /var/lib/apt/lists/*', 'COPY docker-entrypoint.sh /usr/local/bin/', 'CMD ["postgres"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('names the layer that keeps the bytes', () => {
    const [f] = ruleCatches(ID, df('FROM debian', 'RUN apt-get update && apt-get install -y curl', 'RUN rm -rf /var/lib/apt/lists/*'));
    assert.strictEqual(f.range.start.line, 2);
    assert.match(f.message, /line 3 `RUN rm -rf \/var\/lib\/apt\/lists\/\*` removes files that line 2 `RUN apt-get update && apt-get install -y curl` wrote/);
    assert.match(f.message, /does not shrink/);
    assert.strictEqual(f.related?.[0].range.start.line, 1);
  });

  it('fix appends the cleanup to the earlier RUN', () => {
    const fixed = applyFix(ID, df('FROM debian', 'RUN apt-get update && apt-get install -y curl', 'RUN rm -rf /var/lib/apt/lists/*', 'CMD ["bash"]'));
    assert.strictEqual(fixed, df('FROM debian', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*', 'CMD ["bash"]'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix keeps the continuation style, CRLF and the escape character', () => {
    const text = '# escape=`\r\nFROM debian\r\nRUN apt-get update `\r\n  && apt-get install -y curl\r\nRUN apt-get clean `\r\n  && rm -rf /var/lib/apt/lists/*\r\n';
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, '# escape=`\r\nFROM debian\r\nRUN apt-get update `\r\n  && apt-get install -y curl `\r\n  && apt-get clean && rm -rf /var/lib/apt/lists/*\r\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix for a download removes the file in the RUN that fetched it', () => {
    const text = df('FROM debian', 'WORKDIR /tmp', 'RUN curl -fsSL -o node.tgz https://nodejs.org/dist/node.tgz && tar -xzf node.tgz -C /usr/local', 'ENV PATH=/usr/local/bin:$PATH', 'RUN rm node.tgz');
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, df('FROM debian', 'WORKDIR /tmp', 'RUN curl -fsSL -o node.tgz https://nodejs.org/dist/node.tgz && tar -xzf node.tgz -C /usr/local && rm node.tgz', 'ENV PATH=/usr/local/bin:$PATH'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('offers no fix when the files came from COPY, a heredoc, or a RUN sits in between', () => {
    for (const text of [
      df('FROM node:20', 'COPY . /app', 'RUN rm -rf /app/tests'),
      df('FROM debian', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'EOF', 'RUN rm -rf /var/lib/apt/lists/*'),
      df('FROM debian', 'RUN apt-get update && apt-get install -y gcc', 'RUN make', 'RUN apt-get purge -y gcc'),
    ]) {
      const [f] = ruleCatches(ID, text);
      assert.deepStrictEqual(f.fixes?.filter(x => !x.title.startsWith('Suppress ')), [], text);
    }
  });

  it('is suppressed by a comment above the cleanup', () => {
    ruleCatchesNot(ID, df('FROM debian', 'RUN apt-get update && apt-get install -y curl', '# layerwise ignore=cleanup-in-later-layer squashed later', 'RUN apt-get clean'));
    ruleCatchesNot(ID, df('# layerwise global ignore=cleanup-in-later-layer', 'FROM debian', 'RUN apt-get update && apt-get install -y curl', 'RUN apt-get clean'));
  });
});
