import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'metadata-after-copy';

describe(ID, () => {
  const fires = [
    df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'EXPOSE 3000', 'CMD ["node", "."]'),
    df('FROM nginx', 'COPY . /usr/share/nginx/html', 'LABEL org.opencontainers.image.title="site"'),
    df('from alpine', 'copy . /app', 'env LANG=C.UTF-8'),
    df('FROM alpine AS build', 'COPY . /src', 'FROM alpine', 'ARG V=1', 'COPY ./ /app/', 'EXPOSE 8080/tcp'),
    '# escape=`\r\nFROM alpine\r\nCOPY . /app\r\nLABEL a=1 `\r\n      b=2\r\n',
    df('FROM alpine', 'ADD . /app', 'RUN <<EOF', 'echo hi', 'EOF', 'EXPOSE 80'),
  ];
  const silent = [
    df('FROM node:20', 'EXPOSE 3000', 'WORKDIR /app', 'COPY . .', 'CMD ["node", "."]'),
    df('FROM node:20', 'COPY . .', 'RUN npm ci', 'ENV NODE_ENV=production'),
    df('FROM node:20', 'ARG PORT=3000', 'COPY . .', 'EXPOSE $PORT'),
    df('FROM alpine', 'WORKDIR /srv$APP', 'COPY . .', 'ENV APP=/app'),
    df('FROM alpine', 'COPY . /app', 'CMD ["sh"]', 'ENTRYPOINT ["/app/run"]', 'USER app', 'VOLUME /data'),
    df('FROM alpine', 'COPY package.json /app/', 'EXPOSE 80'),
    df('FROM alpine AS a', 'COPY . /app', 'FROM alpine', 'EXPOSE 80'),
    df('FROM alpine', 'COPY --from=builder / /', 'EXPOSE 80'),
    // docker-library nginx style.
    df('FROM debian:bookworm-slim', 'LABEL maintainer="NGINX Docker Maintainers"', 'ENV NGINX_VERSION 1.27.0', 'RUN set -x && echo install',
      'COPY docker-entrypoint.sh /', 'ENTRYPOINT ["/docker-entrypoint.sh"]', 'EXPOSE 80', 'STOPSIGNAL SIGQUIT', 'CMD ["nginx", "-g", "daemon off;"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('names the instruction and the copy', () => {
    const [f] = ruleCatches(ID, df('FROM node:20', 'COPY . .', 'EXPOSE 3000'));
    assert.strictEqual(f.range.start.line, 2);
    assert.match(f.message, /line 3 `EXPOSE 3000` comes after line 2 `COPY \. \.`/);
    assert.strictEqual(f.related?.[0].range.start.line, 1);
  });

  it('fix moves it below FROM and its ARGs, with its comment', () => {
    const text = df('FROM node:20', 'ARG NODE_ENV=production', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', '# the HTTP port', 'EXPOSE 3000', 'CMD ["node", "."]');
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, df('FROM node:20', 'ARG NODE_ENV=production', '# the HTTP port', 'EXPOSE 3000', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "."]'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix keeps CRLF and multi-line instructions, also on the last line', () => {
    const fixed = applyFix(ID, '# escape=`\r\nFROM alpine\r\nCOPY . /app\r\nLABEL a=1 `\r\n      b=2');
    assert.strictEqual(fixed, '# escape=`\r\nFROM alpine\r\nLABEL a=1 `\r\n      b=2\r\nCOPY . /app\r\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('is suppressed by a comment above the instruction', () => {
    ruleCatchesNot(ID, df('FROM alpine', 'COPY . /app', '# layerwise ignore=metadata-after-copy reads better here', 'EXPOSE 80'));
    ruleCatchesNot(ID, df('# layerwise global ignore=metadata-after-copy', 'FROM alpine', 'COPY . /app', 'EXPOSE 80'));
  });
});
