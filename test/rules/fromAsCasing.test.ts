import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('from-as-casing', {
  fires: [
    df('FROM alpine as build'),
    df('from alpine AS build'),
    df('FROM --platform=$BUILDPLATFORM golang:1.22 as build', 'FROM alpine', 'COPY --from=build /a /b'),
    df('FROM alpine As build'),
  ],
  silent: [
    df('FROM alpine AS build'),
    df('from alpine as build'),
    df('FROM alpine'),
    df('From alpine as build'),
    df('FROM alpine:as'),
  ],
  fixes: [[df('FROM alpine as build'), df('FROM alpine AS build')], [df('from alpine AS build'), df('from alpine as build')]],
});
