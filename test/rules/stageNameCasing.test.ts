import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('stage-name-casing', {
  fires: [
    df('FROM alpine AS Build', 'RUN true'),
    df('FROM alpine AS BASE', 'FROM BASE AS app'),
    df('from alpine as myStage'),
    df('FROM golang:1.22 AS builder', 'FROM alpine AS Runtime', 'COPY --from=builder /a /b'),
  ],
  silent: [
    df('FROM alpine AS build'),
    df('FROM alpine'),
    df('FROM alpine AS build-2', 'FROM build-2'),
    df('FROM ALPINE_IMAGE_NAME_IS_NOT_A_STAGE'),
    df('FROM alpine AS x', 'COPY --from=X /a /b'),
  ],
  fixes: [[df('FROM alpine AS Build', 'RUN true'), df('FROM alpine AS build', 'RUN true')]],
});
