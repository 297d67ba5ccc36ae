import { df } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';
checkSpec('workdir-relative-path', {
  fires: [
    df('FROM nginx', 'WORKDIR usr/share/nginx/html'),
    df('FROM alpine', 'WORKDIR app', 'WORKDIR /srv'),
    df('FROM alpine AS a', 'WORKDIR /x', 'FROM alpine', 'WORKDIR sub'),
    df('FROM alpine', 'workdir "app"'),
    // hadolint's DL3000 also flags these; the result is certain, so they are hints with a fix (hadolintInstructions.test.ts).
    df('FROM alpine', 'WORKDIR /app', 'WORKDIR src'),
    df('FROM alpine AS base', 'WORKDIR /app', 'FROM base', 'WORKDIR src'),
  ],
  silent: [
    df('FROM alpine', 'WORKDIR /app'),
    df('FROM alpine', 'WORKDIR $HOME/app'),
    df('FROM alpine', 'WORKDIR "/app"'),
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nWORKDIR C:\\app\n',
  ],
});
