import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('invalid-default-arg-in-from', {
  fires: [
    df('ARG TAG', 'FROM busybox:${TAG}'),
    df('ARG BASE_IMAGE', 'FROM ${BASE_IMAGE}'),
    df('ARG V', 'FROM golang:${V}-alpine'),
    df('ARG REG=', 'FROM ${REG}/alpine'),
  ],
  silent: [
    df('ARG TAG=latest', 'FROM busybox:${TAG}'),
    df('ARG VARIANT', 'FROM busybox:stable${VARIANT}'),
    df('ARG TAG', 'FROM alpine:${TAG:-3.14}'),
    df('ARG GO=1.22', 'ARG DISTRO="bookworm"', 'ARG IMAGE="golang:${GO}-${DISTRO}"', 'FROM ${IMAGE}'),
    df('ARG S="supported"', 'FROM alpine AS delve-supported', 'FROM delve-${S}'),
    df('FROM node:${UNDECLARED}'),
  ],
});
