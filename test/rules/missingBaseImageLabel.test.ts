import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'missing-base-image-label';
const OCI = 'org.opencontainers.image.base.name';

describe(ID, () => {
  const fires = [
    df('FROM nginx:1.25', 'COPY site /usr/share/nginx/html'),
    df('from nginx', 'label maintainer=me'),
    df('FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM alpine:3.19', 'COPY --from=build /app /app'),
    df('FROM node:20 AS base', 'RUN npm ci', 'FROM base AS final', 'CMD ["node", "server.js"]'),
    df('ARG NODE_VERSION=20', 'FROM node:${NODE_VERSION}', 'RUN npm ci'),
    df('FROM alpine AS debug', 'RUN apk add gdb', 'FROM busybox', 'CMD ["sh"]'),
    df('FROM nginx', 'LABEL base=nginx'),
    // Images built on dev container images are published too (devcontainers/images, vscode-dev-containers patches).
    df('ARG ORIGINAL_IMAGE=mcr.microsoft.com/vscode/devcontainers/base:bionic', 'FROM ${ORIGINAL_IMAGE}', 'RUN apt-get update && apt-get upgrade -y systemd && rm -rf /var/lib/apt/lists/*'),
    // A non-final stage that labels itself as a published image is shipped too.
    df('FROM golang:1.23 AS cli', 'LABEL org.opencontainers.image.title="tool-cli"', 'RUN go build -o /cli .', 'FROM alpine:3.20', `LABEL ${OCI}=alpine:3.20`),
    df('FROM python:3.12', 'LABEL a=b \\', '  # a comment inside the continuation', '  c=d'),
    '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN echo `\r\n  hi\r\n',
    df('FROM --platform=$BUILDPLATFORM node:20'),
  ];
  const silent = [
    df('FROM nginx:1.25', `LABEL ${OCI}="nginx:1.25"`),
    df('FROM nginx:1.25', 'LABEL base_image=nginx:1.25'),
    df('FROM scratch', 'COPY app /app', 'ENTRYPOINT ["/app"]'),
    df('FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM scratch', 'COPY --from=build /app /app'),
    df('FROM golang:1.22', 'RUN go build -o /app .', 'FROM gcr.io/distroless/static', 'LABEL base_image="gcr.io/distroless/static"', 'COPY --from=0 /app /app'),
    df('FROM node:20 AS base', 'LABEL base_image="node:20"', 'FROM base AS final', 'CMD ["node", "server.js"]'),
    df('FROM alpine AS assets', 'RUN mkdir /a', 'FROM busybox', 'LABEL base_image=busybox', 'RUN --mount=type=bind,from=assets,target=/a cp -r /a /b'),
    df('FROM python:3.12-slim', 'LABEL maintainer="me" \\', '  # the base, for docker inspect', `  ${OCI}="python:3.12-slim"`),
    df('FROM node:20 AS deps', 'RUN npm ci', 'FROM node:20-slim', 'LABEL base_image=node:20-slim', 'COPY --from=deps /node_modules /node_modules', '# layerwise ignore=missing-base-image-label not shipped', 'FROM deps AS test'),
    // Lint, test and validate stages (buildx/moby hack files) are never shipped: only the last stage counts.
    df('FROM golang:1.23 AS base', 'FROM base AS lint', 'RUN golangci-lint run', 'FROM base AS validate', 'RUN git diff --exit-code',
      'FROM scratch', 'COPY --from=base /go/bin /'),
    df('FROM golangci/golangci-lint:v1.61 AS golangci-lint', 'FROM golang:1.23 AS test', 'RUN go test ./...', 'FROM alpine:3.20', `LABEL ${OCI}=alpine:3.20`),
    // docker-library style: nginx on debian, with the label
    df('FROM debian:bookworm-slim', 'LABEL maintainer="NGINX Docker Maintainers"', 'LABEL base_image="debian:bookworm-slim"',
      'ENV NGINX_VERSION 1.25.4', 'RUN set -x \\', '    && groupadd --system --gid 101 nginx \\', '    && apt-get update', 'EXPOSE 80', 'STOPSIGNAL SIGQUIT', 'CMD ["nginx", "-g", "daemon off;"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('only flags stages that can be shipped, on the image reference', () => {
    const found = findingsOf(ID, df('FROM golang:1.22 AS build', 'RUN go build', 'FROM alpine:3.19', 'COPY --from=build /app /app'));
    assert.strictEqual(found.length, 1);
    assert.deepStrictEqual(found[0].range, { start: { line: 2, character: 5 }, end: { line: 2, character: 16 } });
    assert.match(found[0].message, /line 3 `FROM alpine:3\.19`/);
  });

  it('flags the last stage, not an unconsumed intermediate one, unless it carries OCI image labels', () => {
    assert.deepStrictEqual(findingsOf(ID, df('FROM alpine AS debug', 'RUN true', 'FROM busybox')).map(f => f.range.start.line), [2]);
    const labelled = df('FROM alpine AS debug', 'LABEL org.opencontainers.image.title=debug', 'FROM busybox');
    assert.deepStrictEqual(findingsOf(ID, labelled).map(f => f.range.start.line), [0, 2]);
  });

  it('accepts the keys from the setting and offers one fix per key', () => {
    ruleCatchesNot(ID, df('FROM nginx', 'LABEL base=nginx'), { baseImageLabelKeys: ['base'] });
    const [f] = ruleCatches(ID, df('FROM nginx'));
    assert.deepStrictEqual(f.fixes?.filter(x => !x.title.startsWith('Suppress')).map(x => [x.title, !!x.isPreferred]), [
      [`Add LABEL ${OCI}="nginx"`, true], ['Add LABEL base_image="nginx"', false],
    ]);
  });

  it('fix adds the label right after FROM', () => {
    const fixed = applyFix(ID, df('FROM nginx:1.25', 'COPY site /usr/share/nginx/html'));
    assert.strictEqual(fixed, df('FROM nginx:1.25', `LABEL ${OCI}="nginx:1.25"`, 'COPY site /usr/share/nginx/html'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix with the second key', () => {
    const fixed = applyFix(ID, df('FROM nginx:1.25'), 'Add LABEL base_image="nginx:1.25"');
    assert.strictEqual(fixed, df('FROM nginx:1.25', 'LABEL base_image="nginx:1.25"'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix goes after the ARG lines that follow FROM and re-declares a global ARG', () => {
    const text = df('ARG NODE_VERSION=20', 'FROM node:${NODE_VERSION}', 'ARG APP=web', 'RUN npm ci');
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, df('ARG NODE_VERSION=20', 'FROM node:${NODE_VERSION}', 'ARG APP=web', 'ARG NODE_VERSION', `LABEL ${OCI}="node:\${NODE_VERSION}"`, 'RUN npm ci'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
    const already = df('ARG NODE_VERSION=20', 'FROM node:${NODE_VERSION}', 'ARG NODE_VERSION', 'RUN npm ci');
    assert.strictEqual(applyFix(ID, already), df('ARG NODE_VERSION=20', 'FROM node:${NODE_VERSION}', 'ARG NODE_VERSION', `LABEL ${OCI}="node:\${NODE_VERSION}"`, 'RUN npm ci'));
  });

  it('fix on a stage chain names the root image', () => {
    const text = df('FROM node:20 AS base', 'RUN npm ci', 'FROM base AS final', 'CMD ["node", "server.js"]');
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, df('FROM node:20 AS base', 'RUN npm ci', 'FROM base AS final', `LABEL ${OCI}="node:20"`, 'CMD ["node", "server.js"]'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix keeps CRLF and handles a file without a final line break', () => {
    const crlf = '# escape=`\r\nFROM alpine:3.19\r\nRUN echo `\r\n  hi\r\n';
    assert.strictEqual(applyFix(ID, crlf), `# escape=\`\r\nFROM alpine:3.19\r\nLABEL ${OCI}="alpine:3.19"\r\nRUN echo \`\r\n  hi\r\n`);
    const bare = 'FROM alpine:3.19';
    const fixed = applyFix(ID, bare);
    assert.strictEqual(fixed, `FROM alpine:3.19\nLABEL ${OCI}="alpine:3.19"`);
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('is suppressed by a comment above FROM, file-wide, or by the setting', () => {
    ruleCatchesNot(ID, df('# layerwise ignore=missing-base-image-label', 'FROM nginx'));
    ruleCatchesNot(ID, df('# layerwise global ignore=missing-base-image-label', 'FROM nginx'));
    ruleCatchesNot(ID, df('FROM nginx'), { rules: { 'base-image-label': 'off' } });
  });
});
