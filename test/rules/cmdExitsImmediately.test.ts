import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';

const ID = 'cmd-exits-immediately';

describe(ID, () => {
  const fires = [
    df('FROM ubuntu', 'RUN apt-get install -y nginx', 'CMD service nginx start'),
    df('FROM nginx', 'CMD ["nginx"]'),
    df('from ubuntu', 'cmd /etc/init.d/nginx start'),
    df('FROM httpd:2.4', 'CMD ["httpd"]'),
    df('FROM debian', 'CMD apachectl start'),
    df('FROM debian', 'ENTRYPOINT systemctl start myapp'),
    df('FROM php:8.3-fpm', 'CMD ["php-fpm", "-D"]'),
    df('FROM node:20', 'CMD node server.js &'),
    df('FROM nginx AS web', 'CMD ["sh", "-c", "envsubst < /t > /etc/nginx/conf.d/default.conf && nginx"]', 'FROM alpine', 'CMD ["sh"]'),
    df('FROM ubuntu', 'CMD echo starting \\', '  # bring nginx up', '  && service nginx start'),
    '# escape=`\r\nFROM nginx\r\nCMD envsubst < /t > /etc/nginx/conf.d/default.conf `\r\n  && nginx\r\n',
    df('FROM nginx', 'ENTRYPOINT ["/docker-entrypoint.sh"]', 'CMD ["nginx"]'),
  ];
  const silent = [
    df('FROM nginx', 'CMD ["nginx", "-g", "daemon off;"]'),
    df('FROM nginx', "CMD nginx -g 'daemon off;'"),
    df('FROM nginx', 'ENTRYPOINT ["nginx"]', 'CMD ["-g", "daemon off;"]'),
    df('FROM ubuntu', 'RUN apt-get install -y nginx && echo "daemon off;" >> /etc/nginx/nginx.conf', 'CMD ["nginx"]'),
    df('FROM nginx', 'COPY nginx.conf /etc/nginx/nginx.conf', 'CMD ["nginx"]'),
    df('FROM httpd:2.4', 'CMD ["httpd", "-D", "FOREGROUND"]'),
    df('FROM httpd:2.4', 'CMD ["httpd-foreground"]'),
    df('FROM ubuntu', 'CMD service nginx start && tail -f /var/log/nginx/access.log'),
    df('FROM php:8.3-fpm', 'CMD ["php-fpm"]'),
    df('FROM node:20', 'CMD ["node", "server.js"]'),
    df('FROM ubuntu', 'RUN service nginx start', 'CMD ["bash"]'),
    df('FROM ubuntu', 'ENTRYPOINT ["/app"]', 'CMD ["nginx"]'),
    df('FROM ubuntu', 'CMD ["nginx"]', 'CMD ["nginx", "-g", "daemon off;"]'),
    // docker-library nginx style
    df('FROM debian:bookworm-slim', 'ENV NGINX_VERSION 1.25.4', 'RUN set -x && apt-get update && apt-get install -y nginx',
      'COPY docker-entrypoint.sh /', 'ENTRYPOINT ["/docker-entrypoint.sh"]', 'EXPOSE 80', 'STOPSIGNAL SIGQUIT', 'CMD ["nginx", "-g", "daemon off;"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('points at the command that exits and says why', () => {
    const [f] = ruleCatches(ID, df('FROM ubuntu', 'CMD echo starting \\', '  # bring nginx up', '  && service nginx start'));
    assert.deepStrictEqual(f.range, { start: { line: 3, character: 5 }, end: { line: 3, character: 24 } });
    assert.match(f.message, /starts `service nginx start`, which starts nginx as a background service/);
  });

  const fixes: Array<[string, string, string]> = [
    ['service nginx', df('FROM ubuntu', 'CMD service nginx start'), df('FROM ubuntu', 'CMD ["nginx", "-g", "daemon off;"]')],
    ['plain nginx', df('FROM nginx', 'CMD ["nginx"]', 'EXPOSE 80'), df('FROM nginx', 'CMD ["nginx", "-g", "daemon off;"]', 'EXPOSE 80')],
    ['init.d lowercase', df('from ubuntu', 'cmd /etc/init.d/nginx start'), df('from ubuntu', 'cmd ["nginx", "-g", "daemon off;"]')],
    ['httpd', df('FROM httpd:2.4', 'CMD ["httpd"]'), df('FROM httpd:2.4', 'CMD ["httpd", "-D", "FOREGROUND"]')],
    ['service apache2', df('FROM debian', 'CMD service apache2 start'), df('FROM debian', 'CMD ["apache2ctl", "-D", "FOREGROUND"]')],
    ['php-fpm -D', df('FROM php:8.3-fpm', 'CMD ["php-fpm", "-D"]'), df('FROM php:8.3-fpm', 'CMD ["php-fpm", "-F"]')],
    ['trailing &', df('FROM node:20', 'CMD node server.js &'), df('FROM node:20', 'CMD node server.js')],
    ['last of several commands', df('FROM nginx', 'CMD envsubst < /t > /etc/nginx/conf.d/default.conf && nginx'),
      df('FROM nginx', "CMD envsubst < /t > /etc/nginx/conf.d/default.conf && exec nginx -g 'daemon off;'")],
    ['CRLF and backtick escape', '# escape=`\r\nFROM nginx\r\nCMD envsubst < /t > /etc/nginx/conf.d/default.conf `\r\n  && nginx\r\n',
      "# escape=`\r\nFROM nginx\r\nCMD envsubst < /t > /etc/nginx/conf.d/default.conf `\r\n  && exec nginx -g 'daemon off;'\r\n"],
  ];
  for (const [name, text, expected] of fixes) {
    it(`fix: ${name}`, () => {
      const fixed = applyFix(ID, text);
      assert.strictEqual(fixed, expected);
      assert.deepStrictEqual(findingsOf(ID, fixed), []);
    });
  }

  it('offers no fix for services it does not know how to run in the foreground', () => {
    const [f] = ruleCatches(ID, df('FROM debian', 'CMD service postgresql start'));
    assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress')), []);
  });

  it('is suppressed by a comment above the CMD or file-wide', () => {
    ruleCatchesNot(ID, df('FROM nginx', '# layerwise ignore=cmd-exits-immediately config has daemon off', 'CMD ["nginx"]'));
    ruleCatchesNot(ID, df('# layerwise global ignore=cmd-exits-immediately', 'FROM nginx', 'CMD ["nginx"]'));
  });

  describe('CMD ["nginx"] with an nginx.conf copied from the build context', () => {
    const reader = (files: Record<string, string>) => ({ readContextFile: (rel: string) => files[rel] });
    const DAEMON = 'worker_processes auto;\nevents { worker_connections 1024; }\nhttp { include /etc/nginx/conf.d/*.conf; }\n';
    const OFF = '# run in the foreground for Docker\ndaemon off;\n' + DAEMON;
    const image = df('FROM nginx:1.27', 'COPY nginx.conf /etc/nginx/nginx.conf', 'COPY site/ /usr/share/nginx/html/', 'CMD ["nginx"]');

    it('fires when the copied file does not set daemon off, naming the file and the copy', () => {
      const [f] = ruleCatches(ID, image, reader({ 'nginx.conf': DAEMON }));
      assert.match(f.message, /the nginx\.conf it uses \(nginx\.conf, copied at line 2\) does not set `daemon off;`/);
      const fixed = applyFix(ID, image, undefined, reader({ 'nginx.conf': DAEMON }));
      assert.strictEqual(fixed, df('FROM nginx:1.27', 'COPY nginx.conf /etc/nginx/nginx.conf', 'COPY site/ /usr/share/nginx/html/', 'CMD ["nginx", "-g", "daemon off;"]'));
      assert.deepStrictEqual(findingsOf(ID, fixed, reader({ 'nginx.conf': DAEMON })), []);
    });

    it('a commented-out `# daemon off;` does not count', () => {
      ruleCatches(ID, image, reader({ 'nginx.conf': '# daemon off;\n' + DAEMON }));
    });

    it('finds the file through a folder copy into /etc/nginx/ and through WORKDIR', () => {
      ruleCatches(ID, df('FROM nginx', 'COPY conf/ /etc/nginx/', 'CMD ["nginx"]'), reader({ 'conf/nginx.conf': DAEMON }));
      ruleCatches(ID, df('FROM nginx', 'WORKDIR /etc/nginx', 'COPY nginx.conf ./nginx.conf', 'CMD ["nginx"]'), reader({ 'nginx.conf': DAEMON }));
    });

    it('stays silent when the file sets daemon off, or when it cannot be read', () => {
      ruleCatchesNot(ID, image, reader({ 'nginx.conf': OFF }));
      ruleCatchesNot(ID, image, reader({}));
      ruleCatchesNot(ID, image);
      ruleCatchesNot(ID, df('FROM nginx', 'COPY --from=build /out/nginx.conf /etc/nginx/nginx.conf', 'CMD ["nginx"]'), reader({ 'nginx.conf': DAEMON }));
    });

    it('a conf.d file cannot turn daemon mode off (daemon is a main-context directive): still fires', () => {
      ruleCatches(ID, df('FROM nginx', 'COPY default.conf /etc/nginx/conf.d/default.conf', 'CMD ["nginx"]'), reader({ 'default.conf': 'daemon off;\n' }));
    });

    it('no -g fix when the file says `daemon on;` (it would be a duplicate directive)', () => {
      const [f] = ruleCatches(ID, image, reader({ 'nginx.conf': 'daemon on;\n' + DAEMON }));
      assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress')), []);
    });
  });
});
