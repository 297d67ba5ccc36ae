import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('undefined-arg-in-from', {
  fires: [
    df('FROM node:${NODE_VERSION}'),
    df('FROM alpine', 'ARG TAG=1', 'FROM busybox:$TAG'),
    df('ARG version=1', 'FROM busybox:${VERSION}'),
    df('FROM --platform=$MYPLATFORM alpine'),
  ],
  silent: [
    df('ARG NODE_VERSION=20', 'FROM node:${NODE_VERSION}'),
    df('FROM --platform=$BUILDPLATFORM golang'),
    df('ARG TAG', 'FROM alpine:${TAG:-3.20}'),
    df('FROM alpine', 'ARG X', 'RUN echo $X'),
  ],
});
