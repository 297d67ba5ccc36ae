import * as assert from 'assert';
import { df, findingsOf, ruleCatches, ruleCatchesNot } from '../support/ruleSpec';
import { checkSpec } from './buildkitSpec';

const ID = 'undefined-var';

checkSpec(ID, {
  fires: [
    // a global ARG is not seen inside a stage until the stage declares it again
    df('ARG VERSION=1', 'FROM alpine', 'ENV APP_VERSION=$VERSION'),
    // used above the ARG that defines it
    df('FROM alpine', 'COPY --chown=$APP_USER app /app', 'ARG APP_USER=node'),
    // used above the ENV that defines it
    df('FROM alpine', 'WORKDIR ${NVM_DIR}', 'ENV NVM_DIR=/nvm'),
    // a typo of a defined name
    df('FROM alpine', 'ARG DIR_ASSETS=assets/', 'COPY $DIR_ASSET /srv/'),
    // a platform ARG needs its ARG in the stage
    df('FROM --platform=$BUILDPLATFORM golang AS build', 'WORKDIR /out/$TARGETARCH'),
    // multi-stage: the second stage does not see the first stage's ARG unless it builds on it
    df('FROM alpine AS a', 'ARG DIR=/a', 'FROM alpine AS b', 'WORKDIR ${DIR:-/b}', 'ARG DIR'),
    // FROM scratch has no ENV of its own: every name is known
    df('FROM scratch', 'COPY $BINARY /app'),
    // lowercase keywords
    df('arg GREETING=hi', 'from alpine', 'label greeting=$GREETING'),
    // escape directive
    df('# escape=`', 'FROM alpine', 'ARG Dest=C:\\app', 'WORKDIR $DEST'),
    // inside double quotes
    df('FROM alpine', 'ARG NAME=x', 'LABEL title="app ${NAMES}"'),
  ],
  silent: [
    df('ARG VERSION=1', 'FROM alpine', 'ARG VERSION', 'ENV APP_VERSION=$VERSION'),
    df('FROM alpine', 'ARG APP_USER=node', 'COPY --chown=$APP_USER app /app'),
    df('FROM alpine', 'ENV NVM_DIR=/nvm', 'ENV PATH=${NVM_DIR}/bin:$PATH'),
    // a name set by the same ENV is env-self-reference's (hadolint DL3044) finding, not reported twice
    df('FROM alpine', 'ENV NVM_DIR=/nvm \\', '    PATH=${NVM_DIR}/bin:$PATH'),
    // a name the Dockerfile never defines may come from the base image's ENV (unknown without an engine)
    df('FROM python:3.12', 'ENV PYTHONPATH=$PYTHONPATH:/app'),
    df('FROM golang:1.22', 'WORKDIR $GOPATH/src/app'),
    // the shell expands RUN/CMD/ENTRYPOINT, not the builder
    df('ARG VERSION=1', 'FROM alpine', 'RUN echo $VERSION $UNDEFINED', 'CMD echo $HOME'),
    // single quotes and escapes keep $ literal
    df('FROM scratch', "LABEL x='$NOT_A_VAR'", 'LABEL y=\\$ALSO_NOT'),
    // the stage builds on one that defines it
    df('FROM alpine AS base', 'ENV APP=/srv', 'FROM base', 'WORKDIR $APP'),
    // a heredoc body is not expanded by the builder
    df('FROM alpine', 'COPY <<EOF /etc/app.conf', 'home=$HOME_DIR', 'EOF'),
    // PATH always exists; proxies may be passed with --build-arg without an ARG
    df('FROM scratch', 'ENV PATH=/bin:$PATH', 'ENV http_proxy=$HTTP_PROXY'),
    // ARG words are defined one after another
    df('FROM alpine', 'ARG BASE=/opt DIR=$BASE/app', 'WORKDIR $DIR'),
    // declared platform ARG
    df('FROM alpine', 'ARG TARGETARCH', 'WORKDIR /out/${TARGETARCH}'),
    // continuation with a comment line inside it
    df('FROM alpine', 'ENV A=1 \\', '# $COMMENTED', '    B=2'),
  ],
});

describe(`${ID}: messages and the engine's view of the base image`, () => {
  it('names the cause and what the reference becomes', () => {
    const [global] = ruleCatches(ID, df('ARG V=1', 'FROM alpine', 'ENV X=${V:-2}'));
    assert.match(global.message, /global ARG.*always takes its default.*add `ARG V`/);
    const [later] = ruleCatches(ID, df('FROM alpine', 'WORKDIR $D', 'ARG D=/x'));
    assert.match(later.message, /used before line 3 `ARG D=\/x`/);
    const [typo] = ruleCatches(ID, df('FROM alpine', 'ARG DIR_ASSETS=a', 'COPY $DIR_ASSET .'));
    assert.match(typo.message, /did you mean \$DIR_ASSETS\?/);
    assert.deepStrictEqual(typo.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 15 } });
  });
  it('with the image ENV from an engine, a name neither the file nor the image defines is reported', () => {
    const text = df('FROM python:3.12', 'ENV PYTHONPATH=$PYTHONPATH:/app', 'WORKDIR $PYTHON_HOME');
    const baseImages = { 'python:3.12': { os: 'linux', architecture: 'amd64', env: ['PATH=/usr/local/bin', 'PYTHON_HOME=/usr/local'] } };
    const found = findingsOf(ID, text, { baseImages });
    assert.deepStrictEqual(found.map(f => f.range.start.line), [1]);
    assert.match(found[0].message, /neither does the base image/);
    ruleCatchesNot(ID, df('FROM python:3.12', 'WORKDIR $PYTHON_HOME'), { baseImages });
  });
  it('`node` finds the engine facts recorded for node:latest', () => {
    const baseImages = { 'node:latest': { os: 'linux', architecture: 'amd64', env: ['NODE_VERSION=22'] } };
    ruleCatches(ID, df('FROM node', 'WORKDIR /$NODE_VERSIONS'), { baseImages });
    ruleCatchesNot(ID, df('FROM node', 'WORKDIR /$NODE_VERSION'), { baseImages });
  });
});
