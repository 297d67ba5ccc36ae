import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'server-in-run';

describe(ID, () => {
  const fires = [
    df('FROM node:20', 'RUN npm start'),
    df('from node:20', 'run node server.js'),
    df('FROM python:3.12', 'RUN python manage.py runserver 0.0.0.0:8000'),
    df('FROM python:3.12', 'RUN pip install -r requirements.txt && \\', '  # then serve it', '  gunicorn app:app'),
    df('FROM ubuntu', 'RUN apt-get update && apt-get install -y nginx && service nginx start'),
    df('FROM eclipse-temurin:21', 'RUN java -jar /app/app.jar'),
    df('FROM python:3.12', 'RUN sh -c "flask run --host=0.0.0.0"'),
    df('FROM node:20', 'RUN <<EOF', 'set -e', 'npm ci', 'npm start', 'EOF'),
    '# escape=`\r\nFROM php:8.3\r\nRUN composer install && `\r\n  php -S 0.0.0.0:80 -t public\r\n',
    df('FROM node:20', 'RUN nohup node app.js &'),
    df('FROM debian AS web', 'RUN /etc/init.d/apache2 start', 'FROM alpine', 'COPY --from=web /etc /etc'),
    df('FROM python:3.12', 'RUN python -m http.server 8000'),
    df('ARG APP=server.js', 'FROM node:20', 'RUN node --max-old-space-size=4096 dist/main.js'),
  ];
  const silent = [
    df('FROM node:20', 'RUN echo npm start'),
    df('FROM node:20', 'RUN node -e "require(\'./server.js\')"', 'RUN node --version', 'RUN node build.js', 'RUN npm run build'),
    df('FROM postgres:16', 'RUN service postgresql start && psql -c "create user app"'),
    df('FROM eclipse-temurin:21', 'RUN java -Djarmode=layertools -jar app.jar extract', 'RUN java -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh -jar app.jar'),
    df('FROM nginx', 'RUN nginx -t', 'RUN nginx -V'),
    df('FROM node:20', 'CMD ["npm", "start"]'),
    df('FROM node:20', 'RUN timeout 5 node server.js || true'),
    df('FROM python:3.12', 'RUN python -m pip install flask', 'RUN python setup.py install', 'RUN pip install gunicorn uvicorn'),
    df('FROM python:3.12', 'RUN <<EOF', '#!/usr/bin/env python3', 'print("node server.js")', 'EOF'),
    df('FROM node:20', '# RUN npm start', 'RUN grep -q start package.json'),
    // docker-library node style
    df('FROM node:20-alpine', 'ENV NODE_ENV production', 'WORKDIR /usr/src/app', 'COPY package*.json ./', 'RUN npm ci --omit=dev \\',
      '  # clear the cache', '  && npm cache clean --force', 'COPY . .', 'EXPOSE 3000', 'USER node', 'CMD ["node", "server.js"]'),
    // docker-library python style
    df('FROM python:3.12-slim', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .', 'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('points at the server command inside a long RUN', () => {
    const [f] = ruleCatches(ID, df('FROM python:3.12', 'RUN pip install -r requirements.txt && \\', '  # then serve it', '  gunicorn app:app'));
    assert.deepStrictEqual(f.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 18 } });
    assert.match(f.message, /line 2 `RUN pip install.*` starts a server \(`gunicorn app:app`\)/);
    const [d] = ruleCatches(ID, df('FROM ubuntu', 'RUN apt-get install -y nginx && service nginx start'));
    assert.deepStrictEqual(d.range, { start: { line: 1, character: 32 }, end: { line: 1, character: 51 } });
    assert.match(d.message, /daemon/);
  });

  const fixes: Array<[string, string, string]> = [
    ['exec form', df('FROM node:20', 'WORKDIR /app', 'RUN npm start'), df('FROM node:20', 'WORKDIR /app', 'CMD ["npm", "start"]')],
    ['lowercase keeps case', df('from node:20', 'run node server.js'), df('from node:20', 'cmd ["node", "server.js"]')],
    ['shell features keep shell form', df('FROM node:20', 'RUN PORT=8080 npm start'), df('FROM node:20', 'CMD PORT=8080 npm start')],
    ['trailing & dropped', df('FROM node:20', 'RUN nohup node app.js &'), df('FROM node:20', 'CMD ["node", "app.js"]')],
    ['existing CMD replaced', df('FROM node:20', 'RUN node server.js', 'EXPOSE 80', 'CMD ["npm", "test"]'), df('FROM node:20', 'EXPOSE 80', 'CMD ["node", "server.js"]')],
    ['daemon becomes foreground', df('FROM ubuntu', 'RUN service nginx start'), df('FROM ubuntu', 'CMD ["nginx", "-g", "daemon off;"]')],
    ['CRLF', 'FROM node:20\r\nRUN npm start\r\nEXPOSE 3000\r\n', 'FROM node:20\r\nCMD ["npm", "start"]\r\nEXPOSE 3000\r\n'],
  ];
  for (const [name, text, expected] of fixes) {
    it(`fix: ${name}`, () => {
      const fixed = applyFix(ID, text);
      assert.strictEqual(fixed, expected);
      assert.deepStrictEqual(findingsOf(ID, fixed), []);
    });
  }

  it('offers no fix when the RUN does other work too', () => {
    const [f] = ruleCatches(ID, df('FROM node:20', 'RUN npm ci && npm start'));
    assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress')), []);
  });

  it('is suppressed by a comment above the RUN or file-wide', () => {
    ruleCatchesNot(ID, df('FROM node:20', '# layerwise ignore=server-in-run smoke test', 'RUN npm start'));
    ruleCatchesNot(ID, df('# layerwise global ignore=server-in-run', 'FROM node:20', 'RUN npm start'));
  });
});
