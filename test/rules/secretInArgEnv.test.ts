import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, findingsOf, df } from '../support/ruleSpec';
import { secretWordIn } from '../../server/src/rules/security/secretNames';

const ID = 'secret-in-arg-env';

// The official python image declares its release manager's signing-key fingerprint as GPG_KEY.
const PYTHON_OFFICIAL = df(
  'FROM buildpack-deps:bookworm',
  'ENV PATH /usr/local/bin:$PATH',
  'ENV LANG C.UTF-8',
  'ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D',
  'ENV PYTHON_VERSION 3.11.9',
  'RUN set -eux; \\',
  '  wget -O python.tar.xz "https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"; \\',
  '  gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$GPG_KEY"',
  'CMD ["python3"]',
);
const NGINX_OFFICIAL = df(
  'FROM debian:bookworm-slim',
  'LABEL maintainer="NGINX Docker Maintainers <docker-maint@nginx.com>"',
  'ENV NGINX_VERSION   1.27.0',
  'ENV NJS_VERSION     0.8.4',
  'ENV PKG_RELEASE     1~bookworm',
  'RUN set -x \\',
  '    && NGINX_GPGKEYS="573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62" \\',
  '    && apt-get update',
  'STOPSIGNAL SIGQUIT',
  'CMD ["nginx", "-g", "daemon off;"]',
);
const GOLANG_NODE_POSTGRES = df(
  'FROM golang:1.22 AS build',
  'ENV GOPATH /go',
  'ENV GOTOOLCHAIN=local',
  'ARG TARGETARCH',
  'FROM node:20',
  'ENV NODE_VERSION 20.14.0',
  'ENV YARN_VERSION 1.22.19',
  'FROM postgres:16',
  'ENV PG_MAJOR 16',
  'ENV POSTGRES_PASSWORD_FILE=/run/secrets/postgres-password',
);

describe(ID, () => {
  const fires = [
    df('FROM node:20', 'ARG NPM_TOKEN', 'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci'),
    df('FROM alpine', 'ENV DB_PASSWORD=hunter2'),
    df('FROM golang:1.22 AS build', 'RUN go build ./...', 'from alpine', 'arg github_token', 'run echo $github_token'),
    df('ARG API_KEY', 'FROM alpine:${API_KEY}'),
    df('FROM alpine', 'ENV AWS_SECRET_ACCESS_KEY abc123'),
    '# escape=`\r\nFROM alpine\r\nENV A=1 `\r\n    CLIENT_SECRET=$CLIENT_SECRET\r\nCMD ["sh"]\r\n',
    df('FROM alpine', 'ENV A=1 \\', '  # the token for uploads', '  SENTRY_AUTH_TOKEN=${SENTRY_AUTH_TOKEN}'),
    df('FROM alpine', 'ARG apiKey=""'),
    df('FROM alpine', 'ARG SSH_PRIVATE_KEY', 'RUN echo "$SSH_PRIVATE_KEY" > /root/.ssh/id_ed25519'),
  ];
  const silent = [
    PYTHON_OFFICIAL,
    NGINX_OFFICIAL,
    GOLANG_NODE_POSTGRES,
    df('FROM alpine', 'ARG AWS_ACCESS_KEY_ID', 'ENV SSH_PUBLIC_KEY="ssh-ed25519 AAAAC3Nza"'),
    df('FROM alpine', 'ENV KEYBOARD=us PWD=/app KEY_SERVER=hkps://keys.openpgp.org'),
    df('FROM node:20', 'RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci'),
    df('FROM alpine', 'RUN <<EOF', 'export ENV_TOKEN=x', 'ENV API_TOKEN=y', 'EOF'),
    df('FROM alpine', 'ENV NPM_TOKEN=', 'ENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json'),
    df('FROM alpine', '# ENV DB_PASSWORD=hunter2', 'LABEL password.policy=strict'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('points at the name, says where the value ends up and how to mount it instead', () => {
    const [arg] = ruleCatches(ID, df('FROM node:20', 'ARG NPM_TOKEN=dummy'));
    assert.deepStrictEqual(arg.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 13 } });
    assert.match(arg.message, /line 2 `ARG NPM_TOKEN=dummy` declares `NPM_TOKEN`/);
    assert.match(arg.message, /docker history/);
    assert.match(arg.message, /RUN --mount=type=secret,id=npm_token/);
    const [env] = ruleCatches(ID, df('FROM alpine', 'ENV A=1 DB_PASSWORD=hunter2'));
    assert.deepStrictEqual(env.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 19 } });
    assert.match(env.message, /docker inspect/);
  });

  it('reports each secret of a multi-name instruction once', () => {
    const found = findingsOf(ID, df('FROM alpine', 'ENV DB_USER=app DB_PASSWORD=x API_TOKEN=y'));
    assert.deepStrictEqual(found.map(f => f.range.start.character), [16, 30]);
  });

  it('offers no rewrite (moving a secret to a mount changes how the build is invoked), only suppression', () => {
    const [f] = ruleCatches(ID, df('FROM alpine', 'ENV DB_PASSWORD=hunter2'));
    assert.deepStrictEqual((f.fixes ?? []).map(x => x.title.startsWith('Suppress ')), [true, true]);
  });

  it('is suppressed by a comment above the instruction, for the file, or by category', () => {
    ruleCatchesNot(ID, df('FROM alpine', '# layerwise ignore=secret-in-arg-env dummy value for tests', 'ENV DB_PASSWORD=x'));
    ruleCatchesNot(ID, df('# layerwise global ignore=secret-in-arg-env', 'FROM alpine', 'ARG NPM_TOKEN'));
    ruleCatchesNot(ID, df('FROM alpine', 'ARG NPM_TOKEN'), { rules: { security: 'off' } });
  });

  it('matches whole words of the name only', () => {
    const secret = ['GITHUB_TOKEN', 'npm_config__auth', 'DB_PASS', 'MYSQL_ROOT_PASSWORD', 'SECRET_KEY_BASE', 'STRIPE_API_KEY', 'registryCredentials', 'GPG_PASSPHRASE'];
    const notSecret = ['KEY', 'PWD', 'PASSWORD_FILE', 'TOKEN_URL', 'GPG_KEY', 'PUBLIC_KEY', 'AWS_ACCESS_KEY_ID', 'GOTOOLCHAIN', 'KEYBOARD', 'MONKEY', 'TOKENIZER_MODEL', 'AUTH_URL', 'MAPBOX_PUBLIC_TOKEN'];
    assert.deepStrictEqual(secret.filter(n => !secretWordIn(n)), []);
    assert.deepStrictEqual(notSecret.filter(n => secretWordIn(n)), []);
  });
});
