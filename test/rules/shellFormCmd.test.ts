import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'shell-form-cmd';

describe(ID, () => {
  const fires = [
    df('FROM node:20', 'CMD node server.js'),
    df('from node:20', 'entrypoint node server.js'),
    df('FROM nginx', 'CMD envsubst < /t > /etc/nginx/conf.d/default.conf && nginx -g "daemon off;"'),
    df('FROM node:20 AS build', 'CMD npm test', 'FROM node:20', 'CMD ["node", "server.js"]'),
    df('FROM python:3.12', 'CMD gunicorn \\', '  # bind everywhere', '  -b 0.0.0.0:8000 app:app'),
    '# escape=`\r\nFROM python:3.12\r\nCMD python `\r\n  app.py\r\n',
    // Debian/Ubuntu: /bin/sh is dash, which forks even a lone command and stays PID 1.
    df('FROM ubuntu:24.04', 'COPY server /usr/local/bin/', 'CMD server --listen :8080'),
    // kubernetes/examples rethinkdb: the official image is Debian-based.
    df('FROM rethinkdb:1.16.0', 'COPY run.sh /usr/bin/run.sh', 'CMD "/usr/bin/run.sh"'),
    df('FROM node:20-bookworm', 'ENTRYPOINT ["docker-entrypoint.sh"]', 'CMD node server.js'),
    // busybox ash execs a last simple command, but not one after a pipe.
    df('FROM node:20-alpine', 'CMD node server.js | tee /var/log/app.log'),
    // bash (Red Hat family) does not exec out of a compound command.
    df('FROM fedora:41', 'CMD if [ -f /etc/app.conf ]; then app --config /etc/app.conf; else app; fi'),
    // A shell-form CMD after an exec-form ENTRYPOINT becomes its arguments: `python /bin/sh -c app.py`.
    df('FROM python:3.12-alpine', 'COPY app.py /', 'ENTRYPOINT ["python"]', 'CMD app.py'),
    df('FROM eclipse-temurin:21-jre', 'COPY app.jar /app.jar', 'ENTRYPOINT ["java", "-jar", "/app.jar"]', 'CMD --spring.profiles.active=prod'),
    df('FROM python:3.12-alpine', 'CMD app.py', 'ENTRYPOINT ["python"]'),
  ];
  const silent = [
    df('FROM node:20', 'CMD ["node", "server.js"]'),
    df('FROM node:20', 'ENTRYPOINT ["docker-entrypoint.sh"]', 'CMD ["node"]'),
    df('FROM node:20', 'CMD exec node server.js'),
    df('FROM nginx', 'CMD envsubst < /t > /etc/nginx/conf.d/default.conf && exec nginx -g "daemon off;"'),
    df('FROM mcr.microsoft.com/powershell', 'SHELL ["pwsh", "-Command"]', 'CMD Write-Host hi'),
    df('FROM alpine AS base', 'SHELL ["/bin/bash", "-c"]', 'FROM base', 'CMD echo hi'),
    df('FROM alpine', 'HEALTHCHECK CMD wget -q localhost || exit 1', 'CMD ["httpd", "-f"]'),
    df('FROM alpine', 'RUN echo hi'),
    // busybox ash (Alpine) and bash replace themselves with the last simple command: it is PID 1.
    df('FROM alpine', 'CMD echo $HOME'),
    df('FROM node:20-alpine', 'WORKDIR /app', 'CMD cd /app && node server.js'),
    df('FROM node:20-alpine AS base', 'WORKDIR /app', 'FROM base', 'CMD PORT=80 node server.js'),
    df('FROM fedora:41', 'CMD python3 -m http.server 8000'),
    df('FROM node:20-alpine', 'ENTRYPOINT ["docker-entrypoint.sh"]', 'CMD node server.js'),
    // microservices-demo loadgenerator (python:alpine): a redirect keeps it a simple command, which ash execs.
    df('FROM python:3.14-alpine', 'ENTRYPOINT locust --host="http://${FRONTEND_ADDR}" --headless -u "${USERS:-10}" 2>&1'),
    // Unknown base image: its /bin/sh is unknown, so say nothing rather than guess.
    df('FROM registry.example.com/team/base:1.4', 'CMD ./server'),
    // Windows: backtick-continued JSON is exec form (escape=`), and cmd.exe is not /bin/sh.
    '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nCMD [ `\r\n  "powershell", `\r\n  "-Command", "Start-Service W3SVC; Wait-Event" `\r\n]\r\n',
    df('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022', 'CMD ping -t localhost'),
    // docker-library postgres style
    df('FROM debian:bookworm-slim', 'ENV PGDATA /var/lib/postgresql/data', 'COPY docker-entrypoint.sh /usr/local/bin/',
      'ENTRYPOINT ["docker-entrypoint.sh"]', 'STOPSIGNAL SIGINT', 'EXPOSE 5432', 'CMD ["postgres"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('is information, on the first line of the instruction', () => {
    const [f] = ruleCatches(ID, df('FROM python:3.12', 'CMD gunicorn \\', '  -b 0.0.0.0:8000 app:app'));
    assert.strictEqual(f.severity, 'info');
    assert.strictEqual(f.range.start.line, 1);
    assert.strictEqual(f.range.end.line, 1);
    assert.match(f.message, /line 2 `CMD gunicorn` uses shell form/);
  });

  const fixes: Array<[string, string, string]> = [
    ['exec form', df('FROM node:20', 'CMD node server.js'), df('FROM node:20', 'CMD ["node", "server.js"]')],
    ['lowercase ENTRYPOINT', df('from node:20', 'entrypoint node server.js'), df('from node:20', 'entrypoint ["node", "server.js"]')],
    ['quotes that only group', df('FROM nginx', "CMD nginx -g 'daemon off;'"), df('FROM nginx', 'CMD ["nginx", "-g", "daemon off;"]')],
    ['continuation joined', df('FROM python:3.12', 'CMD gunicorn \\', '  # bind everywhere', '  -b 0.0.0.0:8000 app:app', 'EXPOSE 8000'),
      df('FROM python:3.12', 'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]', 'EXPOSE 8000')],
    ['backtick escape and CRLF', '# escape=`\r\nFROM python:3.12\r\nCMD python `\r\n  app.py\r\n', '# escape=`\r\nFROM python:3.12\r\nCMD ["python", "app.py"]\r\n'],
    ['needs a shell: exec the last command', df('FROM nginx', 'CMD envsubst < /t > /etc/nginx/conf.d/default.conf && nginx -g "daemon off;"'),
      df('FROM nginx', 'CMD envsubst < /t > /etc/nginx/conf.d/default.conf && exec nginx -g "daemon off;"')],
    ['needs a shell: variable', df('FROM node:20', 'CMD node server.js --port $PORT'), df('FROM node:20', 'CMD exec node server.js --port $PORT')],
  ];
  for (const [name, text, expected] of fixes) {
    it(`fix: ${name}`, () => {
      const fixed = applyFix(ID, text);
      assert.strictEqual(fixed, expected);
      assert.deepStrictEqual(findingsOf(ID, fixed), []);
    });
  }

  it('offers no fix for a pipeline or leading assignment', () => {
    for (const t of [df('FROM alpine', 'CMD app | tee /log'), df('FROM debian:bookworm', 'CMD PORT=80 app')]) {
      const [f] = ruleCatches(ID, t);
      assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress')), [], t);
    }
  });

  it('says which shell the base image has', () => {
    const [dash] = ruleCatches(ID, df('FROM node:20', 'CMD node server.js'));
    assert.match(dash.message, /\/bin\/sh in `node:20` is dash, which stays PID 1/);
    const [ash] = ruleCatches(ID, df('FROM node:20-alpine', 'CMD node server.js | tee /log'));
    assert.match(ash.message, /busybox ash in `node:20-alpine`\) stays PID 1/);
  });

  it('explains the arguments an exec-form ENTRYPOINT receives, and the fix passes the words', () => {
    const text = df('FROM python:3.12-alpine', 'COPY app.py /', 'ENTRYPOINT ["python"]', 'CMD app.py');
    const [f] = ruleCatches(ID, text);
    assert.match(f.message, /passes `\/bin\/sh -c "app\.py"` as arguments to the ENTRYPOINT `python`/);
    const fixed = applyFix(ID, text);
    assert.strictEqual(fixed, df('FROM python:3.12-alpine', 'COPY app.py /', 'ENTRYPOINT ["python"]', 'CMD ["app.py"]'));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('is suppressed by a comment above the CMD, file-wide, or by the setting', () => {
    ruleCatchesNot(ID, df('FROM node:20', '# layerwise ignore=shell-form-cmd', 'CMD node server.js'));
    ruleCatchesNot(ID, df('# layerwise global ignore=shell-form-cmd', 'FROM node:20', 'CMD node server.js'));
    ruleCatchesNot(ID, df('FROM node:20', 'CMD node server.js'), { rules: { 'shell-form-cmd': 'off' } });
  });
});
