import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('reserved-stage-name', {
  fires: [
    df('FROM alpine AS scratch'),
    df('FROM alpine AS context'),
    df('FROM alpine AS Scratch'),
    df('FROM golang AS build', 'FROM alpine AS context', 'COPY --from=build /a /b'),
  ],
  silent: [
    df('FROM scratch'),
    df('FROM alpine AS scratchpad'),
    df('FROM alpine AS build-context'),
    df('FROM scratch AS final'),
  ],
});
