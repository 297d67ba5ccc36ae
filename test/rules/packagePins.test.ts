// The "pin versions" rules: apt (DL3008), apk (DL3018), pip (DL3013), npm (DL3016), gem (DL3028),
// go (DL3062), yum (DL3033), dnf (DL3041), zypper (DL3037). None has a fix: the version is the author's.
import * as assert from 'assert';
import { df, ruleCatches } from '../support/ruleSpec';
import { hadolintSpec } from './hadolintSpec';

// Some of these rules are off in the recommended profile: the direct checks turn them on.
const ON = { rules: { 'apt-pin-versions': 'warning', 'go-pin-versions': 'warning', 'dnf-clean-all': 'warning' } } as const;

hadolintSpec('apt-pin-versions', 'DL3008', {
  fires: [
    df('FROM debian:12', 'RUN apt-get update && apt-get install -y --no-install-recommends curl'),
    df('FROM debian:12 AS build', 'RUN echo', 'FROM debian:12', 'run apt-get install -y \\', '    curl=7.88.1-10 \\', '    git'),
    df('FROM debian:12', 'RUN <<EOF', 'apt-get update', 'apt-get install -y python3', 'EOF'),
    '# escape=`\r\nFROM debian:12\r\nRUN apt-get install -y `\r\n  curl\r\n',
    df('FROM debian:12', 'ARG PACKAGES="curl git"', 'RUN apt-get install -y $PACKAGES'),
    df('FROM debian:12', 'RUN if [ -n "$X" ]; then apt-get install -y curl; fi'),
    df('FROM debian:12', 'RUN apt-get -y -o Dpkg::Options::=--force-confold install curl > /dev/null'),
    df('FROM debian:12', 'ONBUILD RUN apt-get install -y curl'), // runs in every image built on this one
  ],
  silent: [
    df('FROM debian:12', 'RUN apt-get install -y curl=7.88.1-10 git=1:2.39.2-1.1'),
    df('FROM debian:12', 'RUN apt-get install -y -t bookworm-backports golang-go=2:1.21~2'),
    df('FROM debian:12', 'RUN apt-get install -y curl/bookworm-backports ./local.deb'),
    df('FROM debian:12', 'RUN apt-get install -y "$BUILD_DEPS"'), // a variable we cannot see
    df('FROM debian:12', 'ARG CURL_VERSION', 'RUN apt-get install -y curl=${CURL_VERSION}'),
    df('FROM debian:12', 'RUN apt-get install -s curl'), // simulate: installs nothing
    df('FROM debian:12', 'RUN apt install curl'), // hadolint's DL3008 reads apt-get only (DL3027 covers apt)
    df('FROM debian:12', 'RUN ["apt-get", "install", "-y", "curl"]'),
    df('FROM debian:12', 'RUN echo apt-get install curl'),
  ],
  noFix: [df('FROM debian:12', 'RUN apt-get install -y curl')],
});

hadolintSpec('apk-pin-versions', 'DL3018', {
  fires: [
    df('FROM alpine:3.20', 'RUN apk add --no-cache curl'),
    df('FROM alpine:3.20 AS a', 'RUN echo', 'FROM a', 'RUN apk add --no-cache --virtual .build-deps \\', '    gcc \\', '    musl-dev=1.2.5-r0'),
    df('FROM alpine:3.20', 'RUN <<EOF', 'apk add git', 'EOF'),
    df('from alpine:3.20', 'run apk -U add --repository http://dl-cdn.alpinelinux.org/alpine/edge/testing foo'),
  ],
  silent: [
    df('FROM alpine:3.20', 'RUN apk add --no-cache curl=8.9.0-r0 git~2.45'),
    df('FROM alpine:3.20', 'RUN apk add --no-cache --virtual .deps "python3>3.11" ./local.apk'),
    df('FROM alpine:3.20', 'RUN apk add --no-cache $runDeps'),
    df('FROM alpine:3.20', 'RUN apk del curl && apk update'),
    df('FROM alpine:3.20', 'RUN apk add -t .deps -X http://example.org/repo curl=8.9.0-r0'),
    df('FROM alpine:3.20', 'RUN apk add --no-cache tzdata=2024a-r0 $([ "$(apk --print-arch)" != "ppc64le" ] && echo nss_wrapper)'),
  ],
});

hadolintSpec('pip-pin-versions', 'DL3013', {
  fires: [
    df('FROM python:3.12', 'RUN pip install --no-cache-dir flask'),
    df('FROM python:3.12 AS a', 'RUN echo', 'FROM a', 'RUN python3 -m pip install \\', '    flask==3.0.3 \\', '    requests'),
    df('FROM python:3.12', 'RUN <<EOF', 'pip3 install -U pip', 'EOF'),
    df('from python:3.12', 'run pip install -i https://pypi.org/simple gunicorn'),
    df('FROM python:3.12', 'RUN pip install git+https://github.com/org/repo.git'),
  ],
  silent: [
    df('FROM python:3.12', 'RUN pip install flask==3.0.3 "requests>=2.31" numpy~=1.26'),
    df('FROM python:3.12', 'RUN pip install -r requirements.txt'),
    df('FROM python:3.12', 'RUN pip install -c constraints.txt flask'),
    df('FROM python:3.12', 'RUN pip install -e . && pip install .[dev]'),
    df('FROM python:3.12', 'RUN pip install ./dist/app-1.0-py3-none-any.whl git+https://github.com/org/repo.git@v1.2'),
    df('FROM python:3.12', 'RUN pip install --target /opt/lib --retries 3 flask==3.0.3'),
    df('FROM python:3.12', 'RUN pipenv install requests'),
    df('FROM python:3.12', 'RUN pip install $(grep -v "^#" req.txt | tr "\\n" " ")'),
  ],
});

hadolintSpec('npm-pin-versions', 'DL3016', {
  fires: [
    df('FROM node:22', 'RUN npm install -g nodemon'),
    df('FROM node:22 AS a', 'RUN echo', 'FROM a', 'RUN npm install --loglevel warn \\', '    express@4.19.2 \\', '    @types/node'),
    df('FROM node:22', 'RUN <<EOF', 'npm i -g pnpm', 'EOF'),
    df('from node:22', 'run npm install git+https://github.com/org/repo.git'),
  ],
  silent: [
    df('FROM node:22', 'RUN npm install'),
    df('FROM node:22', 'RUN npm ci --omit=dev'),
    df('FROM node:22', 'RUN npm install -g npm@10.8.2 @angular/cli@18 pnpm@latest'),
    df('FROM node:22', 'RUN npm install ./local-pkg ../other /opt/pkg.tgz git+https://github.com/org/repo.git#v1.0'),
    df('FROM node:22', 'RUN npm run build'),
    df('FROM node:22', 'RUN npm install .'),
    df('FROM node:22', 'RUN npm install -g $(cat tools) && npm install -g `cat more`'),
  ],
});

hadolintSpec('gem-pin-versions', 'DL3028', {
  fires: [
    df('FROM ruby:3.3', 'RUN gem install bundler'),
    df('FROM ruby:3.3 AS a', 'RUN echo', 'FROM a', 'RUN gem install --no-document \\', '    rails:7.1.3 \\', '    puma'),
    df('FROM ruby:3.3', 'RUN <<EOF', 'gem i thor', 'EOF'),
    df('from ruby:3.3', 'run gem install -N nokogiri -- --use-system-libraries'),
  ],
  silent: [
    df('FROM ruby:3.3', 'RUN gem install bundler:2.5.6'),
    df('FROM ruby:3.3', 'RUN gem install bundler -v 2.5.6'),
    df('FROM ruby:3.3', 'RUN gem install rails --version "~> 7.1"'),
    df('FROM ruby:3.3', 'RUN gem install ./vendor/mygem-1.0.gem'),
    df('FROM ruby:3.3', 'RUN gem update --system && bundle install'),
  ],
});

hadolintSpec('go-pin-versions', 'DL3062', {
  fires: [
    df('FROM golang:1.23', 'RUN go install golang.org/x/tools/gopls@latest'),
    df('FROM golang:1.10 AS tools', 'RUN go get github.com/gorilla/mux \\', '    github.com/lib/pq@v1.10.9'),
    df('FROM golang:1.23', 'RUN <<EOF', 'go install github.com/go-delve/delve/cmd/dlv', 'EOF'),
    df('from golang:1.23', 'run go install -tags netgo honnef.co/go/tools/cmd/staticcheck'),
  ],
  silent: [
    df('FROM golang:1.23', 'RUN go install golang.org/x/tools/gopls@v0.16.2'),
    df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN go install github.com/org/app/cmd/app'), // go.mod pins it
    df('FROM golang:1.23', 'RUN go install ./... && go run main.go'),
    df('FROM golang:1.23', 'RUN --mount=type=bind,target=. go install github.com/org/app/cmd/app'),
    df('FROM golang:1.23', 'RUN go build -o /app . && go mod download'),
    df('FROM golang:1.23', 'RUN go install tool'),
    df('FROM golang:1.23', 'ONBUILD RUN cd /src && go install github.com/org/app/cmd/app'),
  ],
});

hadolintSpec('yum-pin-versions', 'DL3033', {
  fires: [
    df('FROM centos:7', 'RUN yum install -y httpd'),
    df('FROM centos:7 AS a', 'RUN echo', 'FROM a', 'RUN yum install -y \\', '    httpd-2.4.6 \\', '    python3-devel'),
    df('FROM centos:7', 'RUN <<EOF', 'yum -y install epel-release', 'EOF'),
    df('from centos:7', 'run yum --enablerepo epel install -y jq'),
  ],
  silent: [
    df('FROM centos:7', 'RUN yum install -y httpd-2.4.6-99.el7 nodejs-18.19.0'),
    df('FROM centos:7', 'RUN yum install -y https://example.org/epel-release-7.noarch.rpm /usr/bin/ps @development'),
    df('FROM centos:7', 'RUN yum module install -y nodejs:18'),
    df('FROM centos:7', 'RUN yum update -y && yum clean all'),
    df('FROM centos:7', 'ENV PKGS="httpd-2.4.6"', 'RUN yum install -y $PKGS'),
  ],
});

hadolintSpec('dnf-pin-versions', 'DL3041', {
  fires: [
    df('FROM fedora:40', 'RUN dnf install -y git'),
    df('FROM fedora:40 AS a', 'RUN echo', 'FROM a', 'RUN microdnf install -y \\', '    shadow-utils'),
    df('FROM fedora:40', 'RUN <<EOF', 'dnf -y install gcc-c++', 'EOF'),
    df('from fedora:40', 'run dnf install -y --setopt=tsflags=nodocs jq'),
  ],
  silent: [
    df('FROM fedora:40', 'RUN dnf install -y git-2.45.2 jq-1.7.1'),
    df('FROM fedora:40', 'RUN dnf group install -y "Development Tools"'),
    df('FROM fedora:40', 'RUN dnf module install -y nodejs:20'),
    df('FROM fedora:40', 'RUN dnf install -y @c-development ./pkg-1.0.rpm'),
    df('FROM fedora:40', 'RUN dnf upgrade -y'),
  ],
});

hadolintSpec('zypper-pin-versions', 'DL3037', {
  fires: [
    df('FROM opensuse/leap:15.6', 'RUN zypper -n install curl'),
    df('FROM opensuse/leap:15.6 AS a', 'RUN echo', 'FROM a', 'RUN zypper -n in \\', '    git=2.43.0 \\', '    vim'),
    df('FROM opensuse/leap:15.6', 'RUN <<EOF', 'zypper --non-interactive install -y jq', 'EOF'),
    df('from opensuse/leap:15.6', 'run zypper -n install --from repo-oss make'),
  ],
  silent: [
    df('FROM opensuse/leap:15.6', 'RUN zypper -n install curl=8.6.0 "git>=2.43"'),
    df('FROM opensuse/leap:15.6', 'RUN zypper -n install -t pattern devel_basis'),
    df('FROM opensuse/leap:15.6', 'RUN zypper -n install ./pkg-1.0.rpm'),
    df('FROM opensuse/leap:15.6', 'RUN zypper -n refresh && zypper -n update'),
  ],
});

describe('pin messages', () => {
  it('read the packages before a command substitution, and none of its pieces', () => {
    const [f] = ruleCatches('apk-pin-versions', df('FROM alpine:3.20', 'RUN apk add --no-cache bash tzdata $([ "$(apk --print-arch)" != "ppc64le" ] && echo nss_wrapper) zstd'), { rules: { 'apk-pin-versions': 'warning' } });
    assert.match(f.message, /for `bash`, `tzdata`:/);
  });
  it('name the loose packages and how to pin them, and say why there is no fix', () => {
    const [f] = ruleCatches('apt-pin-versions', df('FROM debian:12', 'RUN apt-get install -y a b=1 c d e'), ON);
    assert.match(f.message, /`a`, `c`, `d` and 1 more/);
    assert.match(f.message, /`a=<version>`/);
    assert.match(f.message, /no automatic fix/);
    assert.deepStrictEqual(f.fixes?.filter(x => !x.title.startsWith('Suppress ')) ?? [], []);
  });
  it('say which go command ran', () => {
    const [f] = ruleCatches('go-pin-versions', df('FROM golang:1.10', 'RUN go get github.com/gorilla/mux'), ON);
    assert.match(f.message, /runs `go get`/);
  });
});
