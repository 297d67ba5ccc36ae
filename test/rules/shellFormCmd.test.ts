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
    df('FROM alpine', 'CMD echo $HOME'),
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
    for (const t of [df('FROM alpine', 'CMD app | tee /log'), df('FROM alpine', 'CMD PORT=80 app')]) {
      const [f] = ruleCatches(ID, t);
      assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress')), [], t);
    }
  });

  it('is suppressed by a comment above the CMD, file-wide, or by the setting', () => {
    ruleCatchesNot(ID, df('FROM node:20', '# layerwise ignore=shell-form-cmd', 'CMD node server.js'));
    ruleCatchesNot(ID, df('# layerwise global ignore=shell-form-cmd', 'FROM node:20', 'CMD node server.js'));
    ruleCatchesNot(ID, df('FROM node:20', 'CMD node server.js'), { rules: { 'shell-form-cmd': 'off' } });
  });
});
