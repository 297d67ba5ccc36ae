// add-instead-of-copy (DL3020), copy-relative-destination (DL3045), copy-multiple-sources-to-file (DL3021),
// copied-archive-extracted (DL3010).
import { df } from '../support/ruleSpec';
import { hadolintSpec } from './hadolintSpec';

hadolintSpec('add-instead-of-copy', 'DL3020', {
  fires: [
    df('FROM alpine:3', 'ADD app.py /app/'),
    df('FROM alpine:3 AS a', 'RUN true', 'FROM a', 'add --chown=app:app src/ /app/src/'),
    df('FROM alpine:3', 'ADD https://example.com/a.sh local.txt /opt/'),
    df('FROM alpine:3', 'ADD \\', '  conf /etc/conf'),
    df('FROM alpine:3', 'ADD *.txt /docs/'),
    df('FROM alpine:3', 'ADD --checksum=sha256:' + 'c'.repeat(64) + ' data.bin /data/'),
  ],
  silent: [
    df('FROM alpine:3', 'ADD rootfs.tar.gz /'),
    df('FROM alpine:3', 'ADD https://example.com/tool /usr/local/bin/tool'),
    df('FROM alpine:3', 'ADD git@github.com:org/repo.git /src'),
    df('FROM alpine:3', 'ADD $URL /opt/'),
    df('FROM alpine:3', 'COPY app.py /app/'),
    df('FROM alpine:3', 'ADD a.tar.xz b.tgz /opt/'),
  ],
  fixes: [
    [df('FROM alpine:3', 'ADD app.py /app/'), df('FROM alpine:3', 'COPY app.py /app/')],
    [df('FROM alpine:3 AS a', 'RUN true', 'FROM a', 'add --chown=app:app src/ /app/src/'), df('FROM alpine:3 AS a', 'RUN true', 'FROM a', 'copy --chown=app:app src/ /app/src/')],
    ['# escape=`\r\nFROM alpine:3\r\nADD `\r\n  conf /etc/conf\r\n', '# escape=`\r\nFROM alpine:3\r\nCOPY `\r\n  conf /etc/conf\r\n'],
  ],
  // A wildcard may match a tar archive ADD would unpack; a URL beside a file; ADD's own flag.
  noFix: [
    df('FROM alpine:3', 'ADD *.txt /docs/'),
    df('FROM alpine:3', 'ADD https://example.com/a.sh local.txt /opt/'),
    df('FROM alpine:3', 'ADD --checksum=sha256:' + 'c'.repeat(64) + ' data.bin /data/'),
    df('FROM alpine:3', 'ADD app.TAR /opt/', 'ADD x.zst /opt/'),
  ],
});

hadolintSpec('copy-relative-destination', 'DL3045', {
  fires: [
    df('FROM node:22', 'COPY package.json .'),
    df('FROM node:22 AS deps', 'COPY a.json app/'),
    df('FROM node:22', 'COPY . .', 'WORKDIR /app'),
    df('from node:22', 'copy ["a b", "dest/"]'),
    df('FROM node:22', 'COPY <<EOF app.conf', 'x=1', 'EOF'),
    df('FROM golang:1 AS build', 'RUN go build -o /out/app', 'FROM scratch', 'COPY --from=build /out/app .'),
  ],
  silent: [
    df('FROM node:22', 'WORKDIR /app', 'COPY . .'),
    df('FROM node:22', 'COPY . /app/'),
    df('FROM node:22 AS base', 'WORKDIR /app', 'FROM base', 'COPY . .'),
    df('FROM node:22', 'COPY . $APP_HOME'),
    df('FROM node:22', 'COPY a "/quoted/"'),
    df('FROM node:22', 'ADD app.tar.gz .'),
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app C:\\app\n',
  ],
});

hadolintSpec('copy-multiple-sources-to-file', 'DL3021', {
  fires: [
    df('FROM alpine:3', 'COPY a b /dest'),
    df('FROM alpine:3 AS x', 'RUN true', 'FROM alpine:3', 'copy --from=x /a /b /dest'),
    df('FROM alpine:3', 'COPY ["a", "b", "/dest"]'),
    df('FROM alpine:3', 'COPY a \\', '  b \\', '  /dest'),
    df('FROM alpine:3', 'ADD a b /dest'),
  ],
  silent: [
    df('FROM alpine:3', 'COPY a b /dest/'),
    df('FROM alpine:3', 'COPY a /dest'),
    df('FROM alpine:3', 'COPY a b $DEST'),
    df('FROM alpine:3', 'COPY ["a", "b", "/dest/"]'),
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY a b C:\\dest\\\n',
  ],
  fixes: [
    [df('FROM alpine:3', 'COPY a b /dest'), df('FROM alpine:3', 'COPY a b /dest/')],
    [df('FROM alpine:3', 'COPY a \\', '  b \\', '  /dest'), df('FROM alpine:3', 'COPY a \\', '  b \\', '  /dest/')],
  ],
  noFix: [df('FROM alpine:3', 'COPY ["a", "b", "/dest"]')],
});

hadolintSpec('copied-archive-extracted', 'DL3010', {
  fires: [
    df('FROM alpine:3', 'COPY app.tar.gz /tmp/', 'RUN tar -xzf /tmp/app.tar.gz -C /opt'),
    df('FROM alpine:3 AS a', 'RUN true', 'FROM alpine:3', 'COPY dist/app.tgz /tmp/', 'RUN tar --extract -f /tmp/app.tgz'),
    df('FROM alpine:3', 'COPY src.bin /tmp/data.tar.xz', 'RUN cd /tmp \\', '  && tar xJf data.tar.xz'),
    df('FROM alpine:3', 'copy a.gz /tmp/', 'run gunzip /tmp/a.gz'),
    df('FROM alpine:3', 'COPY app.tar.gz /tmp/', 'RUN <<EOF', 'tar -xzf /tmp/app.tar.gz', 'EOF'),
  ],
  silent: [
    df('FROM alpine:3', 'COPY app.tar.gz /tmp/'),
    df('FROM alpine:3', 'COPY app.tar.gz /tmp/', 'RUN tar -czf /tmp/other.tar.gz /opt'),
    df('FROM alpine:3 AS b', 'RUN true', 'FROM alpine:3', 'COPY --from=b /app.tar.gz /tmp/', 'RUN tar -xzf /tmp/app.tar.gz'),
    df('FROM alpine:3', 'COPY app.tar.gz /tmp/', 'FROM alpine:3', 'RUN tar -xzf /tmp/app.tar.gz'),
    df('FROM alpine:3', 'ADD app.tar.gz /opt/'),
    df('FROM alpine:3', 'COPY a.zip /tmp/', 'RUN unzip /tmp/a.zip'),
  ],
});
