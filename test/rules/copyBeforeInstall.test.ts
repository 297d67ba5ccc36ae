import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'copy-before-install';

describe(ID, () => {
  const fires = [
    df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]'),
    df('FROM node:20', 'WORKDIR /app', 'COPY ./ ./', 'RUN yarn install --frozen-lockfile'),
    df('FROM python:3.12', 'WORKDIR /app', 'ADD . /app', 'RUN pip install --no-cache-dir -r requirements.txt'),
    df('FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go mod download && go build -o /app .', 'FROM alpine', 'COPY --from=build /app /app'),
    df('from ruby:3.3', 'workdir /app', 'copy . .', 'run bundle config set without development \\', '  # keep production gems only', '  && bundle install'),
    '# escape=`\r\nFROM node:20\r\nWORKDIR C:/app\r\nCOPY . .\r\nRUN pnpm install `\r\n  --frozen-lockfile\r\n',
    df('FROM node:20', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'COPY src/ ./src/', 'RUN npm ci', 'RUN npm run build'),
    df('FROM node:20', 'ARG DIR=/app', 'WORKDIR $DIR', 'COPY . .', 'RUN <<EOF', 'npm ci', 'EOF'),
    df('FROM maven:3-eclipse-temurin-21', 'WORKDIR /app', 'COPY . .', 'RUN mvn -B dependency:go-offline', 'RUN mvn -B package'),
    df('FROM php:8.3', 'WORKDIR /app', 'COPY . .', 'RUN composer install --no-dev'),
  ];
  const silent = [
    // The manifests-first layout this rule asks for.
    df('FROM node:20', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build'),
    // Installing the project itself needs its sources.
    df('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN pip install --no-cache-dir .'),
    df('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN pip install -e . -r requirements.txt'),
    df('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN poetry install'),
    // A build compiles the sources: it belongs after the copy.
    df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app ./cmd/server'),
    df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm run build && npm ci'),
    df('FROM rust:1', 'WORKDIR /app', 'COPY . .', 'RUN cargo build --release'),
    // Copy in another stage; installs of named packages.
    df('FROM node:20 AS deps', 'COPY . .', 'FROM node:20', 'RUN npm ci'),
    df('FROM node:20', 'COPY . .', 'RUN npm install -g pnpm@9'),
    df('FROM node:20', 'COPY . .', 'RUN npm install express'),
    df('FROM node:20', 'RUN <<EOF', 'COPY . .', 'EOF', 'RUN npm ci'),
    // docker-library style: no whole-context copy at all.
    df('FROM debian:bookworm-slim', 'RUN set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates; rm -rf /var/lib/apt/lists/*',
      'COPY docker-entrypoint.sh /usr/local/bin/', 'ENTRYPOINT ["docker-entrypoint.sh"]', 'EXPOSE 5432', 'CMD ["postgres"]'),
    df('FROM python:3.12-slim', 'ENV PYTHONUNBUFFERED=1', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install -r requirements.txt', 'COPY . .', 'CMD ["gunicorn", "app:app"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('names the install and counts the steps it reruns', () => {
    const [f] = ruleCatches(ID, df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'RUN npm run build', 'EXPOSE 3000', 'CMD ["node", "."]'));
    assert.strictEqual(f.range.start.line, 2);
    assert.match(f.message, /editing any file in the build context rebuilds line 4 `RUN npm ci` and the 3 steps after it/);
    assert.strictEqual(f.related?.[0].range.start.line, 3);
  });

  it('fix copies the npm manifests first, keeps --chown, and moves the install up', () => {
    const text = df('FROM node:20', 'WORKDIR /app', 'COPY --chown=node:node . .', '# dependencies', 'RUN npm ci', 'RUN npm run build');
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, df('FROM node:20', 'WORKDIR /app', 'COPY --chown=node:node package*.json ./', '# dependencies', 'RUN npm ci',
      'COPY --chown=node:node . .', 'RUN npm run build'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix moves a WORKDIR in between along with the install, keeping CRLF', () => {
    const text = 'FROM python:3.12\r\nCOPY . /srv\r\nWORKDIR /srv\r\nRUN pip install -r requirements/prod.txt\r\nCMD ["python", "app.py"]\r\n';
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, 'FROM python:3.12\r\nWORKDIR /srv\r\nCOPY requirements/prod.txt /srv/requirements/\r\n'
      + 'RUN pip install -r requirements/prod.txt\r\nCOPY . /srv\r\nCMD ["python", "app.py"]\r\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('uses only the manifests the build context has', () => {
    const text = df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN yarn');
    const fixed = applyFix(ID, text, undefined, { contextFiles: ['package.json', 'yarn.lock', 'src'] });
    assert.strictEqual(fixed, df('FROM node:20', 'WORKDIR /app', 'COPY package.json yarn.lock ./', 'RUN yarn', 'COPY . .'));
    const noLock = applyFix(ID, text, undefined, { contextFiles: ['package.json', 'src'] });
    assert.strictEqual(noLock, df('FROM node:20', 'WORKDIR /app', 'COPY package.json ./', 'RUN yarn', 'COPY . .'));
    const [f] = ruleCatches(ID, text, { contextFiles: ['src', 'README.md'] });
    assert.deepStrictEqual(f.fixes?.filter(x => !x.title.startsWith('Suppress ')), []);
  });

  it('offers no fix when the install cannot move on its own', () => {
    for (const text of [
      df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go mod download && go build -o /app .'),
      df('FROM php:8.3', 'WORKDIR /app', 'COPY . .', 'RUN composer install --no-dev'),
      df('FROM node:20', 'COPY . .', 'RUN npm run gen', 'RUN npm ci'),
      df('FROM node:20', 'COPY . .', 'RUN cd /app && npm ci'),
    ]) {
      const [f] = ruleCatches(ID, text);
      assert.deepStrictEqual(f.fixes?.filter(x => !x.title.startsWith('Suppress ')), [], text);
    }
  });

  it('fix for a source folder moves the install above it', () => {
    const text = df('FROM node:20', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'COPY src/ ./src/', 'RUN npm ci', 'RUN npm run build');
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, df('FROM node:20', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY src/ ./src/', 'RUN npm run build'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('keeps lowercase keywords and the escape character', () => {
    const text = '# escape=`\r\nFROM node:20\r\nWORKDIR C:/app\r\ncopy . .\r\nRUN pnpm install `\r\n  --frozen-lockfile\r\n';
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, '# escape=`\r\nFROM node:20\r\nWORKDIR C:/app\r\ncopy package.json pnpm-lock.yaml ./\r\nRUN pnpm install `\r\n  --frozen-lockfile\r\ncopy . .\r\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('is suppressed by a comment above the copy', () => {
    ruleCatchesNot(ID, df('FROM node:20', '# layerwise ignore=copy-before-install tiny app', 'COPY . .', 'RUN npm ci'));
    ruleCatchesNot(ID, df('# layerwise global ignore=copy-before-install', 'FROM node:20', 'COPY . .', 'RUN npm ci'));
  });
});
