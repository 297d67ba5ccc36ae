import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('redundant-target-platform', {
  fires: [
    df('FROM --platform=$TARGETPLATFORM alpine'),
    df('FROM --platform=${TARGETPLATFORM} alpine AS build'),
    df('from --platform=$TARGETPLATFORM alpine'),
    df('FROM golang AS b', 'FROM --platform=$TARGETPLATFORM alpine', 'COPY --from=b /a /b'),
  ],
  silent: [
    df('FROM --platform=$BUILDPLATFORM golang'),
    df('FROM alpine'),
    df('FROM --platform=linux/amd64 alpine'),
    df('FROM --platform=${TARGETOS}/${TARGETARCH} alpine'),
  ],
  fixes: [[df('FROM --platform=$TARGETPLATFORM alpine AS x'), df('FROM alpine AS x')]],
});
