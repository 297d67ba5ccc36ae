// Non-interactive flags (yum DL3030, dnf DL3038, zypper DL3034), cache cleaning in the same RUN
// (yum DL3032, dnf DL3040, zypper DL3036, yarn DL3060), apt → apt-get (DL3027), dist-upgrade (DL3005, DL3035).
import * as assert from 'assert';
import { df, ruleCatches, ruleCatchesNot } from '../support/ruleSpec';
import { hadolintSpec } from './hadolintSpec';

// Some of these rules are off in the recommended profile: the direct checks turn them on.
const ON = { rules: { 'apt-pin-versions': 'warning', 'go-pin-versions': 'warning', 'dnf-clean-all': 'warning' } } as const;
import { RULES_BY_ID } from '../../server/src/rules';

hadolintSpec('yum-y', 'DL3030', {
  fires: [
    df('FROM centos:7', 'RUN yum install httpd'),
    df('FROM centos:7 AS a', 'RUN echo', 'FROM a', 'run yum --enablerepo=epel install \\', '    jq'),
    df('FROM centos:7', 'RUN <<EOF', 'yum groupinstall "Development Tools"', 'EOF'),
    '# escape=`\r\nFROM centos:7\r\nRUN yum install `\r\n  httpd\r\n',
    df('FROM centos:7', 'ONBUILD RUN yum install httpd'),
  ],
  silent: [
    df('FROM centos:7', 'RUN yum install -y httpd'),
    df('FROM centos:7', 'ONBUILD RUN ["yum", "install", "httpd"]'),
    df('FROM centos:7', 'RUN yum -qy install httpd && yum install --assumeyes jq'),
    df('FROM centos:7', 'RUN yum clean all'),
    df('FROM centos:7', 'RUN ["yum", "install", "httpd"]'),
    df('FROM centos:7', 'RUN dnf install httpd'), // dnf-y's
  ],
  fixes: [
    [df('FROM centos:7', 'RUN yum install httpd && yum clean all'), df('FROM centos:7', 'RUN yum install -y httpd && yum clean all')],
    ['# escape=`\r\nFROM centos:7\r\nRUN yum install `\r\n  httpd\r\n', '# escape=`\r\nFROM centos:7\r\nRUN yum install -y `\r\n  httpd\r\n'],
    [df('FROM centos:7', 'RUN <<EOF', 'yum --enablerepo=epel localinstall ./x.rpm', 'EOF'), df('FROM centos:7', 'RUN <<EOF', 'yum --enablerepo=epel localinstall -y ./x.rpm', 'EOF')],
    [df('FROM centos:7', 'ONBUILD RUN yum install httpd'), df('FROM centos:7', 'ONBUILD RUN yum install -y httpd')],
  ],
});

hadolintSpec('dnf-y', 'DL3038', {
  fires: [
    df('FROM fedora:40', 'RUN dnf install git'),
    df('FROM fedora:40 AS a', 'RUN echo', 'FROM a', 'run dnf --setopt=install_weak_deps=False install \\', '    git'),
    df('FROM fedora:40', 'RUN <<EOF', 'dnf install git', 'EOF'),
    df('FROM fedora:40', 'RUN if true; then dnf install -q git; fi'),
  ],
  silent: [
    df('FROM fedora:40', 'RUN dnf install -y git'),
    df('FROM fedora:40', 'RUN dnf -yq install git && dnf --assumeyes install jq'),
    df('FROM fedora:40', 'RUN microdnf install git'), // microdnf never asks
    df('FROM fedora:40', 'RUN dnf clean all'),
  ],
  fixes: [[df('FROM fedora:40', 'RUN dnf install git && dnf clean all'), df('FROM fedora:40', 'RUN dnf install -y git && dnf clean all')]],
});

hadolintSpec('zypper-non-interactive', 'DL3034', {
  fires: [
    df('FROM opensuse/leap:15.6', 'RUN zypper install curl'),
    df('FROM opensuse/leap:15.6 AS a', 'RUN echo', 'FROM a', 'run zypper --gpg-auto-import-keys in \\', '    curl'),
    df('FROM opensuse/leap:15.6', 'RUN <<EOF', 'zypper rm vim', 'EOF'),
    df('FROM opensuse/leap:15.6', 'RUN zypper refresh && zypper patch'),
  ],
  silent: [
    df('FROM opensuse/leap:15.6', 'RUN zypper -n install curl'),
    df('FROM opensuse/leap:15.6', 'RUN zypper --non-interactive in curl && zypper install -y jq && zypper in --no-confirm vim'),
    df('FROM opensuse/leap:15.6', 'RUN zypper refresh'),
    df('FROM opensuse/leap:15.6', 'RUN zypper clean --all'),
  ],
  fixes: [
    [df('FROM opensuse/leap:15.6', 'RUN zypper install curl && zypper clean'), df('FROM opensuse/leap:15.6', 'RUN zypper -n install curl && zypper clean')],
    [df('FROM opensuse/leap:15.6', 'RUN zypper --gpg-auto-import-keys in curl'), df('FROM opensuse/leap:15.6', 'RUN zypper -n --gpg-auto-import-keys in curl')],
  ],
});

hadolintSpec('yum-clean-all', 'DL3032', {
  fires: [
    df('FROM centos:7', 'RUN yum install -y httpd'),
    df('FROM centos:7 AS build', 'RUN echo', 'FROM centos:7', 'run yum install -y \\', '    httpd'),
    df('FROM centos:7', 'RUN <<EOF', 'yum install -y httpd', 'EOF'),
    df('FROM centos:7', 'RUN yum clean all && yum install -y httpd'), // cleaned before, not after
    df('FROM centos:7', 'RUN yum install -y httpd && rm -rf /tmp/*'),
  ],
  silent: [
    df('FROM centos:7', 'RUN yum install -y httpd && yum clean all'),
    df('FROM centos:7', 'RUN yum install -y httpd \\', '  && rm -rf /var/cache/yum'),
    df('FROM centos:7', 'RUN --mount=type=cache,target=/var/cache/yum yum install -y httpd'),
    df('FROM centos:7 AS build', 'RUN yum install -y gcc', 'FROM centos:7', 'COPY --from=build /usr/bin/gcc /x'), // the builder's cache never ships
    df('FROM centos:7', 'RUN yum install -y httpd && dnf clean all'),
  ],
  fixes: [[df('FROM centos:7', 'RUN yum install -y httpd'), df('FROM centos:7', 'RUN yum install -y httpd && yum clean all')]],
  noFix: [
    df('FROM centos:7', 'ONBUILD RUN yum install -y httpd'),
    df('FROM centos:7', 'RUN <<EOF', 'yum install -y httpd', 'EOF'),
    df('FROM centos:7', 'RUN yum install -y httpd # the web server'),
  ],
});

hadolintSpec('dnf-clean-all', 'DL3040', {
  fires: [
    df('FROM fedora:40', 'RUN dnf install -y git'),
    df('FROM fedora:40 AS a', 'RUN echo', 'FROM a', 'run dnf upgrade -y \\', '  && dnf install -y git'),
    df('FROM fedora:40', 'RUN <<EOF', 'microdnf install git', 'EOF'),
    df('FROM fedora:40', 'RUN dnf install -y git && dnf clean all && dnf install -y jq'),
  ],
  silent: [
    df('FROM fedora:40', 'RUN dnf install -y git && dnf clean all'),
    df('FROM fedora:40', 'RUN microdnf install git && microdnf clean all'),
    df('FROM fedora:40', 'RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y git'),
    df('FROM fedora:40', 'RUN dnf install -y git && rm -rf /var/cache/dnf'),
    df('FROM fedora:40 AS build', 'RUN dnf install -y gcc', 'FROM fedora:40', 'COPY --from=build /x /x'),
  ],
  fixes: [
    [df('FROM fedora:40', 'RUN dnf install -y git'), df('FROM fedora:40', 'RUN dnf install -y git && dnf clean all')],
    [df('FROM fedora:40', 'RUN microdnf install \\', '  git'), df('FROM fedora:40', 'RUN microdnf install \\', '  git && microdnf clean all')],
  ],
});

hadolintSpec('zypper-clean', 'DL3036', {
  fires: [
    df('FROM opensuse/leap:15.6', 'RUN zypper -n install curl'),
    df('FROM opensuse/leap:15.6 AS a', 'RUN echo', 'FROM a', 'run zypper -n in \\', '    curl'),
    df('FROM opensuse/leap:15.6', 'RUN <<EOF', 'zypper -n install curl', 'EOF'),
    df('FROM opensuse/leap:15.6', 'RUN zypper clean && zypper -n install curl'),
  ],
  silent: [
    df('FROM opensuse/leap:15.6', 'RUN zypper -n install curl && zypper clean --all'),
    df('FROM opensuse/leap:15.6', 'RUN zypper -n in curl && zypper cc -a'),
    df('FROM opensuse/leap:15.6', 'RUN --mount=type=cache,target=/var/cache/zypp zypper -n install curl'),
    df('FROM opensuse/leap:15.6', 'RUN zypper -n refresh'),
  ],
  fixes: [[df('FROM opensuse/leap:15.6', 'RUN zypper -n install curl'), df('FROM opensuse/leap:15.6', 'RUN zypper -n install curl && zypper clean --all')]],
});

hadolintSpec('yarn-cache-clean', 'DL3060', {
  fires: [
    df('FROM node:22', 'RUN yarn install --frozen-lockfile'),
    df('FROM node:22 AS deps', 'RUN echo', 'FROM node:22', 'run yarn install \\', '  && yarn build'),
    df('FROM node:22', 'RUN <<EOF', 'yarn install --production', 'EOF'),
    df('FROM node:22', 'RUN yarn cache clean && yarn install'),
  ],
  silent: [
    df('FROM node:22', 'RUN yarn install --frozen-lockfile && yarn cache clean'),
    df('FROM node:22', 'RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install'),
    df('FROM node:22 AS build', 'RUN yarn install && yarn build', 'FROM nginx:1.27', 'COPY --from=build /app/dist /usr/share/nginx/html'),
    df('FROM node:22', 'RUN yarn build'),
    df('FROM node:22', 'RUN yarn install && rm -rf /usr/local/share/.cache/yarn'),
  ],
  fixes: [[df('FROM node:22', 'RUN yarn install --frozen-lockfile'), df('FROM node:22', 'RUN yarn install --frozen-lockfile && yarn cache clean')]],
});

hadolintSpec('apt-get-not-apt', 'DL3027', {
  fires: [
    df('FROM ubuntu:24.04', 'RUN apt update && apt install -y curl'),
    df('FROM ubuntu:24.04 AS a', 'RUN echo', 'FROM a', 'run apt-get update \\', '  && apt install -y curl'),
    df('FROM ubuntu:24.04', 'RUN <<EOF', 'apt install -y curl', 'EOF'),
    df('FROM ubuntu:24.04', 'RUN apt list --installed'),
  ],
  silent: [
    df('FROM ubuntu:24.04', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'),
    df('FROM ubuntu:24.04', 'RUN apt-cache policy curl'),
    df('FROM ubuntu:24.04', 'RUN echo "apt install curl" > /notes'),
    df('FROM ubuntu:24.04', 'CMD apt list'),
    df('FROM ubuntu:24.04', 'RUN aptitude install -y curl'),
  ],
  fixes: [
    [df('FROM ubuntu:24.04', 'RUN apt update && apt install -y curl'), df('FROM ubuntu:24.04', 'RUN apt-get update && apt-get install -y curl')],
    [df('FROM ubuntu:24.04', 'ONBUILD RUN apt install -y curl'), df('FROM ubuntu:24.04', 'ONBUILD RUN apt-get install -y curl')],
    [df('FROM ubuntu:24.04', 'RUN <<EOF', 'apt -y install curl', 'apt-get clean', 'EOF'), df('FROM ubuntu:24.04', 'RUN <<EOF', 'apt-get -y install curl', 'apt-get clean', 'EOF')],
    [df('FROM ubuntu:24.04', 'RUN apt update \\', ' && apt purge -y vim && rm -rf /var/lib/apt/lists/*'), df('FROM ubuntu:24.04', 'RUN apt-get update \\', ' && apt-get purge -y vim && rm -rf /var/lib/apt/lists/*')],
  ],
  noFix: [
    df('FROM ubuntu:24.04', 'RUN apt update && apt upgrade -y'), // apt upgrade installs new dependencies, apt-get upgrade does not
    df('FROM ubuntu:24.04', 'RUN apt list --installed'),
    df('FROM ubuntu:24.04', 'RUN /usr/bin/apt install -y curl'),
  ],
});

hadolintSpec('apt-no-dist-upgrade', 'DL3005', {
  fires: [
    df('FROM debian:12', 'RUN apt-get update && apt-get dist-upgrade -y'),
    df('FROM debian:12 AS a', 'RUN echo', 'FROM a', 'run apt-get update \\', '  && apt-get -y full-upgrade'),
    df('FROM debian:12', 'RUN <<EOF', 'apt full-upgrade -y', 'EOF'),
    df('FROM debian:12', 'RUN apt-get -qq -y dist-upgrade'),
  ],
  silent: [
    df('FROM debian:12', 'RUN apt-get update && apt-get upgrade -y'),
    df('FROM debian:12', 'RUN apt-get install -y curl'),
    df('FROM debian:12', 'RUN echo dist-upgrade'),
    df('FROM debian:12', 'RUN zypper dup'), // zypper-no-dist-upgrade's
  ],
});

hadolintSpec('zypper-no-dist-upgrade', 'DL3035', {
  fires: [
    df('FROM opensuse/leap:15.6', 'RUN zypper -n dist-upgrade'),
    df('FROM opensuse/leap:15.6 AS a', 'RUN echo', 'FROM a', 'run zypper refresh \\', '  && zypper -n dup'),
    df('FROM opensuse/leap:15.6', 'RUN <<EOF', 'zypper --non-interactive dup --no-recommends', 'EOF'),
    df('FROM opensuse/leap:15.6', 'RUN zypper ref; zypper -n dup'),
  ],
  silent: [
    df('FROM opensuse/leap:15.6', 'RUN zypper -n update'),
    df('FROM opensuse/leap:15.6', 'RUN zypper -n install dup-tools'),
    df('FROM opensuse/leap:15.6', 'RUN apt-get dist-upgrade'),
    df('FROM opensuse/leap:15.6', 'RUN zypper -n patch'),
  ],
});

describe('package-manager rule metadata', () => {
  it('says which rules are off in the recommended profile and what hadolint calls them', () => {
    for (const id of ['apt-pin-versions', 'apk-pin-versions', 'yum-pin-versions', 'dnf-pin-versions', 'zypper-pin-versions', 'apt-get-not-apt', 'apt-no-dist-upgrade', 'zypper-no-dist-upgrade']) {
      assert.strictEqual(RULES_BY_ID.get(id)?.recommended, false, id);
    }
    for (const id of ['yum-y', 'dnf-y', 'zypper-non-interactive', 'yum-clean-all', 'dnf-clean-all', 'zypper-clean', 'yarn-cache-clean', 'pip-pin-versions', 'npm-pin-versions', 'gem-pin-versions', 'go-pin-versions']) {
      assert.notStrictEqual(RULES_BY_ID.get(id)?.recommended, false, id);
    }
    assert.strictEqual(RULES_BY_ID.get('yarn-cache-clean')?.hadolintSeverity, 'info');
    assert.strictEqual(RULES_BY_ID.get('yum-y')?.hadolintSeverity, 'warning');
    // hadolint retired DL3005: the code still maps (old ignore comments work), the hadolint profile leaves it off.
    assert.deepStrictEqual(RULES_BY_ID.get('apt-no-dist-upgrade')?.equivalents, { hadolint: ['DL3005'] });
    assert.strictEqual(RULES_BY_ID.get('apt-no-dist-upgrade')?.hadolintSeverity, undefined);
  });
  it('reads RUN as POSIX shell only: # hadolint shell=pwsh silences every package rule', () => {
    const all = { rules: Object.fromEntries(['yum-y', 'yum-pin-versions', 'yum-clean-all', 'apt-get-not-apt', 'apt-no-dist-upgrade'].map(id => [id, 'warning' as const])) };
    const text = df('FROM centos:7', 'RUN yum install httpd && apt update && apt-get dist-upgrade');
    for (const id of Object.keys(all.rules)) {
      ruleCatches(id, text, all);
      ruleCatchesNot(id, '# hadolint shell=pwsh\n' + text, all);
    }
  });
  it('names the installer the fix cleans up after', () => {
    const [f] = ruleCatches('dnf-clean-all', df('FROM fedora:40', 'RUN microdnf install git'), ON);
    assert.match(f.message, /`microdnf clean all`/);
  });
});
