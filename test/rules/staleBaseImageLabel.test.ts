import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'stale-base-image-label';
const OCI = 'org.opencontainers.image.base.name';

describe(ID, () => {
  const fires = [
    df('FROM nginx:1.25', 'LABEL base_image="nginx:1.23"'),
    df('from nginx:1.25', `label ${OCI}=nginx:1.23`),
    df('FROM node:20', 'LABEL base_image=node'),
    df('ARG NODE_VERSION=22', 'FROM node:${NODE_VERSION}', 'ARG NODE_VERSION', 'LABEL base_image="node:20"'),
    df('FROM node:22 AS base', 'LABEL base_image="node:20"', 'FROM base AS final'),
    df('FROM golang:1.22 AS build', 'FROM alpine:3.20', 'LABEL maintainer=me \\', '  # keep in sync with FROM', "  base_image='alpine:3.19'"),
    '# escape=`\r\nFROM python:3.12\r\nLABEL base_image="python:3.11" `\r\n  other=x\r\n',
    df('ARG V=3.20', 'FROM alpine:3.19', 'ARG V', 'LABEL base_image="alpine:${V}"'),
  ];
  const silent = [
    df('FROM nginx:1.25', 'LABEL base_image="nginx:1.25"'),
    df('FROM docker.io/library/nginx:1.23', 'LABEL base_image="nginx:1.23"'),
    df('FROM nginx', 'LABEL base_image="nginx:latest"'),
    df('ARG NODE_VERSION=20', 'FROM node:${NODE_VERSION}', 'ARG NODE_VERSION', `LABEL ${OCI}="node:\${NODE_VERSION}"`),
    // an ARG without a default: the value is only known at build time
    df('ARG NODE_VERSION', 'FROM node:${NODE_VERSION}', 'LABEL base_image="node:20"'),
    // the global ARG is not re-declared in the stage, so the label cannot be expanded here
    df('ARG V=20', 'FROM node:${V}', 'LABEL base_image="node:${V}"'),
    df('FROM nginx:1.25@sha256:0123abcd', 'LABEL base_image="nginx:1.25"'),
    df('FROM node:20 AS base', 'LABEL base_image="node:20"', 'FROM base AS final', 'LABEL other=x'),
    df('FROM scratch', 'LABEL base_image="alpine:3.19"'),
    df('FROM nginx:1.25', 'LABEL base="nginx:1.23"'),
    df('FROM node:20-bookworm-slim', 'LABEL org.opencontainers.image.base.name="node:20-bookworm-slim"', 'ENV NODE_ENV production',
      'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'COPY . .', 'USER node', 'CMD ["node", "server.js"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('points at the label value and names both images', () => {
    const [f] = ruleCatches(ID, df('FROM nginx:1.25', 'LABEL base_image="nginx:1.23"'));
    assert.deepStrictEqual(f.range, { start: { line: 1, character: 17 }, end: { line: 1, character: 29 } });
    assert.match(f.message, /says nginx:1\.23 but the stage is built on nginx:1\.25/);
    assert.strictEqual(f.related?.[0].range.start.line, 0);
  });

  it('reports an inherited label once, in the stage that declares it', () => {
    assert.strictEqual(findingsOf(ID, df('FROM node:22 AS base', 'LABEL base_image="node:20"', 'FROM base AS final')).length, 1);
  });

  it('honours the configured keys', () => {
    ruleCatches(ID, df('FROM nginx:1.25', 'LABEL base="nginx:1.23"'), { baseImageLabelKeys: ['base'] });
  });

  const fixes: Array<[string, string, string]> = [
    ['double quotes kept', df('FROM nginx:1.25', 'LABEL base_image="nginx:1.23"'), df('FROM nginx:1.25', 'LABEL base_image="nginx:1.25"')],
    ['unquoted kept', df('FROM nginx:1.25', 'LABEL base_image=nginx:1.23 other=x'), df('FROM nginx:1.25', 'LABEL base_image=nginx:1.25 other=x')],
    ['single quotes on a continuation line', df('FROM alpine:3.20', 'LABEL maintainer=me \\', '  # keep in sync', "  base_image='alpine:3.19'"),
      df('FROM alpine:3.20', 'LABEL maintainer=me \\', '  # keep in sync', "  base_image='alpine:3.20'")],
    ['ARG form when the ARG is declared', df('ARG NODE_VERSION=22', 'FROM node:${NODE_VERSION}', 'ARG NODE_VERSION', 'LABEL base_image="node:20"'),
      df('ARG NODE_VERSION=22', 'FROM node:${NODE_VERSION}', 'ARG NODE_VERSION', 'LABEL base_image="node:${NODE_VERSION}"')],
    ['root image of a chain', df('FROM node:22 AS base', 'LABEL base_image="node:20"', 'FROM base AS final'),
      df('FROM node:22 AS base', 'LABEL base_image="node:22"', 'FROM base AS final')],
  ];
  for (const [name, text, expected] of fixes) {
    it(`fix: ${name}`, () => {
      const fixed = applyFix(ID, text);
      assert.strictEqual(fixed, expected);
      assert.deepStrictEqual(findingsOf(ID, fixed), []);
    });
  }

  it('fix keeps CRLF and the backtick escape', () => {
    const fixed = applyFix(ID, '# escape=`\r\nFROM python:3.12\r\nLABEL base_image="python:3.11" `\r\n  other=x\r\n');
    assert.strictEqual(fixed, '# escape=`\r\nFROM python:3.12\r\nLABEL base_image="python:3.12" `\r\n  other=x\r\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('is suppressed by a comment above the LABEL or file-wide', () => {
    ruleCatchesNot(ID, df('FROM nginx:1.25', '# layerwise ignore=stale-base-image-label pinned on purpose', 'LABEL base_image="nginx:1.23"'));
    ruleCatchesNot(ID, df('# layerwise global ignore=stale-base-image-label', 'FROM nginx:1.25', 'LABEL base_image="nginx:1.23"'));
  });
});
