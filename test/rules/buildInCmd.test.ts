import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'build-in-cmd';

describe(ID, () => {
  const fires = [
    df('FROM node:20', 'CMD npm install && npm start'),
    df('from node:20', 'entrypoint npm ci && node server.js'),
    df('FROM python:3.12', 'CMD ["sh", "-c", "pip install -r requirements.txt && exec python app.py"]'),
    df('FROM ubuntu', 'CMD apt-get update && apt-get install -y curl && ./run.sh'),
    df('FROM golang:1.22 AS dev', 'CMD go build -o /app . && /app', 'FROM alpine', 'CMD ["sh"]'),
    df('FROM maven:3', 'CMD mvn package \\', '  # then run the jar', '  && java -jar target/app.jar'),
    '# escape=`\r\nFROM ruby:3.3\r\nCMD bundle install && `\r\n  rails server\r\n',
    df('FROM python:3.12', 'CMD python -m pip install flask; flask run'),
  ];
  const silent = [
    df('FROM node:20', 'RUN npm ci', 'CMD ["npm", "start"]'),
    df('FROM node:20', 'CMD echo npm install && npm start'),
    df('FROM node:20', 'CMD ["npm", "install"]'),
    df('FROM node:20', 'RUN npm install && npm run build', 'CMD node dist/server.js'),
    df('FROM alpine', 'HEALTHCHECK CMD apk add curl && curl localhost', 'CMD ["httpd", "-f"]'),
    df('FROM php:8.3', 'CMD ["php", "-S", "0.0.0.0:80"]'),
    // docker-library python style
    df('FROM python:3.12-slim', 'WORKDIR /usr/src/app', 'COPY requirements.txt ./', 'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .', 'CMD [ "python", "./your-daemon-or-script.py" ]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('points at the first build command and names them', () => {
    const [f] = ruleCatches(ID, df('FROM ubuntu', 'CMD apt-get update && apt-get install -y curl && ./run.sh'));
    assert.deepStrictEqual(f.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 18 } });
    assert.match(f.message, /runs `apt-get update`, `apt-get install -y curl` on every container start/);
  });

  const fixes: Array<[string, string, string]> = [
    ['shell form', df('FROM node:20', 'CMD npm install && npm start'), df('FROM node:20', 'RUN npm install', 'CMD ["npm", "start"]')],
    ['lowercase ENTRYPOINT', df('from node:20', 'entrypoint npm ci && node server.js'), df('from node:20', 'run npm ci', 'entrypoint ["node", "server.js"]')],
    ['sh -c', df('FROM python:3.12', 'CMD ["sh", "-c", "pip install -r requirements.txt && exec python app.py"]'),
      df('FROM python:3.12', 'RUN pip install -r requirements.txt', 'CMD ["python", "app.py"]')],
    ['sh -c that still needs a shell', df('FROM python:3.12', 'CMD ["sh", "-c", "pip install flask && flask run --port $PORT"]'),
      df('FROM python:3.12', 'RUN pip install flask', 'CMD ["sh", "-c", "flask run --port $PORT"]')],
    ['several build steps', df('FROM ubuntu', 'CMD apt-get update && apt-get install -y curl && ./run.sh', 'EXPOSE 80'),
      df('FROM ubuntu', 'RUN apt-get update && apt-get install -y curl', 'CMD ["./run.sh"]', 'EXPOSE 80')],
    ['continuation', df('FROM maven:3', 'CMD mvn package \\', '  # then run the jar', '  && java -jar target/app.jar'),
      df('FROM maven:3', 'RUN mvn package', 'CMD ["java", "-jar", "target/app.jar"]')],
    ['CRLF', 'FROM node:20\r\nCMD npm ci && npm start\r\n', 'FROM node:20\r\nRUN npm ci\r\nCMD ["npm", "start"]\r\n'],
  ];
  for (const [name, text, expected] of fixes) {
    it(`fix: ${name}`, () => {
      const fixed = applyFix(ID, text);
      assert.strictEqual(fixed, expected);
      assert.deepStrictEqual(findingsOf(ID, fixed), []);
    });
  }

  it('offers no fix when moving the build work would change the real command', () => {
    for (const t of [df('FROM node:20', 'CMD cd /app && npm install && npm start'), df('FROM node:20', 'CMD npm install || true && npm start')]) {
      const [f] = ruleCatches(ID, t);
      assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress')), [], t);
    }
  });

  it('is suppressed by a comment above the CMD or file-wide', () => {
    ruleCatchesNot(ID, df('FROM node:20', '# layerwise ignore=build-in-cmd dev image', 'CMD npm install && npm start'));
    ruleCatchesNot(ID, df('# layerwise global ignore=build-in-cmd', 'FROM node:20', 'CMD npm install && npm start'));
  });
});
