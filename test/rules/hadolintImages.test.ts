// untagged-base-image (DL3006), latest-base-image (DL3007), untrusted-registry (DL3026), last-user-root (DL3002).
import * as assert from 'assert';
import { df, findingsOf } from '../support/ruleSpec';
import { hadolintSpec } from './hadolintSpec';
import { imageAllowed } from '../../server/src/rules/hadolint/instructions/untrustedRegistry';

hadolintSpec('untagged-base-image', 'DL3006', {
  fires: [
    df('FROM debian'),
    df('FROM debian:12 AS build', 'RUN make', 'FROM gcr.io/distroless/static', 'COPY --from=build /a /a'),
    df('from localhost:5000/app'),
    df('ARG X=1', 'FROM \\', '  ubuntu'),
    df('FROM --platform=$BUILDPLATFORM golang AS build'),
  ],
  silent: [
    df('FROM debian:12'),
    df('FROM scratch'),
    df('FROM debian@sha256:' + 'a'.repeat(64)),
    df('FROM debian:12 AS build', 'FROM build'),
    df('ARG IMAGE=debian:12', 'FROM ${IMAGE}'),
    df('FROM localhost:5000/app:1.0'),
    df('FROM registry.example.com/team/$NAME'),
    df('FROM REPLACE-ME'),
  ],
});

hadolintSpec('latest-base-image', 'DL3007', {
  fires: [
    df('FROM node:latest'),
    df('FROM node:22 AS a', 'FROM ghcr.io/org/tool:latest'),
    df('from localhost:5000/app:latest as x'),
    df('FROM --platform=linux/amd64 \\', '  alpine:latest'),
  ],
  silent: [
    df('FROM node:22'),
    df('FROM node'),
    df('FROM node:latest@sha256:' + 'b'.repeat(64)),
    df('FROM node:22 AS latest', 'FROM latest'),
    df('FROM node:latest-slim'),
  ],
});

hadolintSpec('untrusted-registry', 'DL3026', {
  options: { trustedRegistries: ['docker.io', '*.corp.example'] },
  fires: [
    df('FROM ghcr.io/org/app:1'),
    df('FROM debian:12 AS a', 'COPY --from=quay.io/org/tool:1 /bin/tool /bin/'),
    df('FROM debian:12', 'RUN --mount=type=bind,from=gcr.io/x/y:1,target=/y true'),
    df('from localhost:5000/app:1'),
    df('ARG REG=evil.example', 'FROM ${REG}/app:1'),
  ],
  silent: [
    df('FROM debian:12', 'FROM node:22'),
    df('FROM registry.corp.example/app:1 AS base', 'FROM base', 'COPY --from=base /a /a'),
    df('FROM scratch'),
    df('FROM debian:12 AS build', 'FROM debian:12', 'COPY --from=build /a /a', 'COPY --from=0 /b /b', 'RUN --mount=from=build,target=/x true'),
    df('FROM docker.io/library/debian:12'),
    df('FROM $UNKNOWN'),
  ],
});

describe('untrusted-registry without a configured list', () => {
  it('stays silent (hadolint: no trustedRegistries, no check)', () => {
    assert.deepStrictEqual(findingsOf('untrusted-registry', df('FROM ghcr.io/org/app:1')), []);
  });
  it('matches hadolint\'s patterns: *, *.suffix, prefix.*, exact', () => {
    assert.ok(imageAllowed('ghcr.io/a/b', ['*']));
    assert.ok(imageAllowed('eu.gcr.io/a/b', ['*.gcr.io']));
    assert.ok(imageAllowed('registry.local:5000/a', ['registry.*']));
    assert.ok(!imageAllowed('ghcr.io/a/b', ['docker.io']));
    assert.ok(imageAllowed('node:22', ['hub.docker.com']));
    assert.ok(!imageAllowed('node:22', ['ghcr.io']));
  });
});

hadolintSpec('last-user-root', 'DL3002', {
  fires: [
    df('FROM debian:12', 'USER root'),
    df('FROM debian:12', 'USER 0:0'),
    df('FROM debian:12 AS base', 'USER root', 'FROM alpine:3', 'USER app'),
    df('from debian:12', 'user app', 'run make', 'user root:root'),
    df('FROM debian:12', 'USER \\', '  0'),
  ],
  silent: [
    df('FROM debian:12', 'USER app'),
    df('FROM debian:12', 'USER root', 'RUN apt-get update', 'USER 1000:1000'),
    df('FROM debian:12'),
    df('FROM debian:12 AS base', 'USER root', 'USER app', 'FROM base', 'RUN make'),
    df('FROM debian:12', 'USER rootless'),
    df('FROM debian:12', 'RUN <<EOF', 'USER root', 'EOF'),
  ],
});
