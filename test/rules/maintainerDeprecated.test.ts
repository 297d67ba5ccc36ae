import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('maintainer-deprecated', {
  fires: [
    df('FROM alpine', 'MAINTAINER Jane <jane@example.com>'),
    df('FROM alpine', 'maintainer jane'),
    df('FROM golang AS b', 'MAINTAINER x', 'FROM alpine'),
    df('FROM alpine', 'MAINTAINER "quoted name"'),
  ],
  silent: [
    df('FROM alpine', 'LABEL org.opencontainers.image.authors="Jane"'),
    df('FROM alpine', 'LABEL maintainer="Jane"'),
    df('FROM alpine', 'RUN echo MAINTAINER'),
    df('FROM alpine'),
  ],
  fixes: [[df('FROM alpine', 'MAINTAINER Jane <jane@example.com>'), df('FROM alpine', 'LABEL org.opencontainers.image.authors="Jane <jane@example.com>"')]],
});
