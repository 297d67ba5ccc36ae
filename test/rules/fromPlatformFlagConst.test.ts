import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('from-platform-flag-const', {
  fires: [
    df('FROM --platform=linux/amd64 alpine AS base'),
    df('FROM --platform=linux/arm64 alpine'),
    df('from --platform=linux/amd64 alpine as build'),
    df('FROM golang AS b', 'FROM --platform=linux/amd64 alpine AS final'),
  ],
  silent: [
    df('FROM --platform=$BUILDPLATFORM alpine'),
    df('FROM alpine'),
    df('FROM --platform=linux/amd64 alpine AS build_amd64', 'FROM --platform=linux/arm64 alpine AS build_arm64'),
    df('FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine'),
  ],
});
