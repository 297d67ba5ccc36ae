// hadolint's 2026 rules: user-not-numeric (DL3066) and copy-whole-filesystem (DL3067), and the
// BuildKit rules that now also answer to hadolint's DL3063, DL3064 and DL3065.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { df } from '../support/ruleSpec';
import { hadolintSpec } from './hadolintSpec';

hadolintSpec('user-not-numeric', 'DL3066', {
  fires: [
    df('FROM nginx:1.27', 'USER nginx'),
    df('FROM node:22', 'USER node:node', 'CMD ["node", "app.js"]'),
    // Only the last USER counts: it is the one containers start as.
    df('FROM debian:12', 'USER 1000', 'RUN true', 'USER app'),
    // A build stage built on by nothing else still ships (it can be the --target).
    df('FROM alpine:3 AS tools', 'USER tool', 'FROM alpine:3', 'USER 1000'),
  ],
  silent: [
    df('FROM nginx:1.27', 'USER 101'),
    df('FROM nginx:1.27', 'USER 101:101'),
    df('FROM nginx:1.27', 'USER nginx', 'USER 101'),
    // root is uid 0 in every image (last-user-root speaks about it).
    df('FROM debian:12', 'USER root'),
    // A variable's value is not known here (a build argument, or the base image's ENV: .NET's APP_UID).
    df('FROM mcr.microsoft.com/dotnet/aspnet:8.0', 'USER $APP_UID'),
    df('FROM alpine:3', 'ARG UID=1000', 'USER ${UID}:${UID}'),
    // A stage another stage builds on does not ship on its own.
    df('FROM alpine:3 AS base', 'USER app', 'FROM base', 'USER 1000'),
    df('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022', 'USER ContainerUser'),
    df('FROM alpine:3', 'RUN <<EOF', 'USER app', 'EOF'),
  ],
});

hadolintSpec('copy-whole-filesystem', 'DL3067', {
  fires: [
    df('FROM ubuntu:24.04 AS base', 'RUN apt-get update', 'FROM alpine:3.20', 'COPY --from=base / /'),
    df('FROM alpine:3.20', 'COPY --from=debian:12 / /'),
    df('FROM golang:1.22 AS build', 'FROM build AS more', 'FROM alpine:3.20', 'COPY --link --from=more "/" "/"'),
  ],
  silent: [
    // Exporting a scratch stage of artifacts is the normal pattern.
    df('FROM golang:1.22 AS build', 'RUN go build -o /out/app', 'FROM scratch AS artifacts', 'COPY --from=build /out /', 'FROM alpine:3.20', 'COPY --from=artifacts / /'),
    // tonistiigi/xx is made to be copied whole into a build stage.
    df('FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.6.1 AS xx', 'FROM --platform=$BUILDPLATFORM golang:1.22', 'COPY --from=xx / /'),
    df('FROM golang:1.22', 'COPY --from=tonistiigi/xx / /'),
    // An image of CLI binaries (awesome-compose's dev-envs stages): a name alone does not say it is an OS.
    df('FROM python:3.12 AS dev', 'COPY --from=gloursdocker/docker / /'),
    df('FROM ubuntu:24.04 AS base', 'FROM alpine:3.20', 'COPY --from=base /etc/ssl /etc/ssl'),
    df('FROM ubuntu:24.04 AS base', 'FROM alpine:3.20', 'COPY --from=base / /rootfs/'),
    df('ARG IMG', 'FROM ${IMG} AS base', 'FROM alpine:3.20', 'COPY --from=base / /'),
    df('FROM alpine:3.20', 'COPY / /'),
  ],
});

describe('BuildKit checks that hadolint added in 2026', () => {
  const hadolint = (text: string) => analyze(text, { profile: 'hadolint', syntaxChecks: false }).findings.map(f => `${f.ruleId}:${f.severity}`);
  it('DL3063 reserved-stage-name, DL3064 secret-in-arg-env and DL3065 redundant-target-platform run in the hadolint profile', () => {
    assert.ok(hadolint(df('FROM alpine:3 AS scratch')).includes('reserved-stage-name:warning'));
    assert.ok(hadolint(df('FROM alpine:3', 'ARG GITHUB_TOKEN')).includes('secret-in-arg-env:warning'));
    assert.ok(hadolint(df('FROM --platform=$TARGETPLATFORM alpine:3')).includes('redundant-target-platform:warning'));
  });
  it('is silenced by hadolint\'s codes', () => {
    const found = (text: string) => analyze(text, { syntaxChecks: false }).findings.map(f => f.ruleId);
    assert.ok(!found(df('# hadolint ignore=DL3063', 'FROM alpine:3 AS scratch')).includes('reserved-stage-name'));
    assert.ok(!found(df('FROM alpine:3', '# hadolint ignore=DL3064', 'ARG GITHUB_TOKEN')).includes('secret-in-arg-env'));
    assert.ok(!found(df('# hadolint ignore=DL3065', 'FROM --platform=$TARGETPLATFORM alpine:3')).includes('redundant-target-platform'));
  });
});
