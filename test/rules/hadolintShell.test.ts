// hadolint's shell DL rules: fires/silent tables, every quick fix applied and re-linted.
import { hadolintSpec } from './hadolintSpec';
import { df } from '../support/ruleSpec';

hadolintSpec('sudo-in-run', 'DL3004', {
  fires: [
    df('FROM debian', 'RUN sudo apt-get update'),
    df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN make && \\', '    sudo make install'),
    df('FROM debian', 'RUN <<EOF', 'set -e', 'sudo -E pip install x', 'EOF'),
    df('from ubuntu', 'run if [ -f x ]; then sudo rm x; fi'),
    df('FROM debian', 'RUN ["sudo", "ls"]'),
    '# escape=`\r\nFROM debian\r\nRUN make `\r\n  && /usr/bin/sudo make install\r\n',
    df('FROM debian', 'ONBUILD RUN sudo make install'),
  ],
  silent: [
    df('FROM debian', 'RUN apt-get install -y sudo'),
    df('FROM debian', 'RUN echo "%wheel ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/wheel'),
    df('FROM debian', 'USER root', 'RUN make install'),
    df('FROM debian', '# RUN sudo make install', 'RUN make'),
    df('FROM debian', 'CMD sudo -u app ./start'),
  ],
});

hadolintSpec('system-command-in-run', 'DL3001', {
  fires: [
    df('FROM debian', 'RUN service nginx start && curl localhost'),
    df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN ps aux \\', '  | grep x'),
    df('FROM debian', 'RUN <<EOF', 'mount -t tmpfs none /mnt', 'EOF'),
    df('from debian', 'run kill 1'),
    df('FROM debian', 'RUN ssh git@example.com'),
  ],
  silent: [
    df('FROM debian', 'RUN apt-get install -y vim procps openssh-client'),
    df('FROM debian', 'RUN --mount=type=cache,target=/root/.cache make'),
    df('FROM debian', 'RUN server & pid=$!; ./load-data; kill $pid'),
    df('FROM debian', 'RUN vim --version'),
    df('FROM debian', 'CMD service nginx start && tail -f /dev/null'),
    // Program names are looked up as own keys only (not Object.prototype's).
    df('FROM debian', 'RUN constructor && toString && __proto__ x'),
  ],
});

hadolintSpec('useradd-high-uid', 'DL3046', {
  fires: [
    df('FROM debian', 'RUN useradd -u 1000000 app'),
    df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN groupadd g && \\', '    useradd --uid=123456 -g g app'),
    df('FROM debian', 'ARG UID=2000000', 'RUN useradd -u ${UID} app'),
    df('FROM debian', 'RUN <<EOF', 'useradd -m --uid 987654 app', 'EOF'),
    df('from debian', 'run useradd -u100000 app'),
  ],
  silent: [
    df('FROM debian', 'RUN useradd -u 1000 app'),
    df('FROM debian', 'RUN useradd -l -u 1000000 app'),
    df('FROM debian', 'RUN useradd --no-log-init --uid 1000000 app'),
    df('FROM debian', 'ONBUILD RUN useradd -l -u 1000000 app'),
    df('FROM debian', 'ARG UID', 'RUN useradd -u ${UID} app'),
    df('FROM debian', 'RUN useradd -mlu 1000000 app'),
  ],
  fixes: [
    [df('FROM debian', 'RUN useradd -u 1000000 app'), df('FROM debian', 'RUN useradd -l -u 1000000 app')],
    [df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN groupadd g && \\', '    useradd --uid=123456 -g g app'), df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN groupadd g && \\', '    useradd -l --uid=123456 -g g app')],
  ],
});

hadolintSpec('wget-progress', 'DL3047', {
  fires: [
    df('FROM debian:bookworm', 'RUN wget https://example.com/a.tgz'),
    df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN cd /tmp && \\', '    wget -O a.tgz https://example.com/a.tgz'),
    df('FROM alpine', 'RUN <<EOF', 'wget https://example.com/a', 'EOF'),
    df('from ubuntu', 'run wget -c https://example.com/a'),
    df('FROM debian', 'onbuild run wget https://example.com/a'),
  ],
  silent: [
    df('FROM debian', 'RUN wget -q https://example.com/a'),
    df('FROM debian', 'RUN wget -nv https://example.com/a && wget --no-verbose https://example.com/b'),
    df('FROM debian', 'RUN wget --progress=dot:giga https://example.com/a'),
    df('FROM debian', 'RUN wget -qO- https://example.com/a | sh'),
    df('FROM debian', 'RUN apt-get install -y wget'),
    df('FROM debian', 'RUN wget -o /tmp/log https://example.com/a'),
  ],
  fixes: [
    [df('FROM debian:bookworm', 'RUN wget https://example.com/a.tgz'), df('FROM debian:bookworm', 'RUN wget --progress=dot:giga https://example.com/a.tgz')],
    [df('FROM ubuntu:24.04 AS a', 'RUN echo', 'FROM a', 'RUN cd /tmp && \\', '    wget -O a.tgz https://example.com/a.tgz'), df('FROM ubuntu:24.04 AS a', 'RUN echo', 'FROM a', 'RUN cd /tmp && \\', '    wget --progress=dot:giga -O a.tgz https://example.com/a.tgz')],
  ],
});

hadolintSpec('consecutive-run', 'DL3059', {
  fires: [
    df('FROM debian', 'RUN apt-get update', 'RUN apt-get install -y curl'),
    df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN a', '# why b', 'RUN \\', '    b'),
    df('FROM debian', 'RUN a', 'RUN <<EOF', 'b', 'EOF'),
    df('from debian', 'run mkdir /x', 'run touch /x/y'),
  ],
  silent: [
    df('FROM debian', 'RUN a', 'WORKDIR /x', 'RUN b'),
    df('FROM debian', 'RUN a && b && c', 'RUN d'),
    df('FROM debian', 'RUN --mount=type=cache,target=/root/.cache a', 'RUN b'),
    df('FROM debian AS one', 'RUN a', 'FROM debian', 'RUN b'),
    df('FROM debian', 'RUN a', 'RUN b && c && d'),
    df('FROM debian', 'RUN a; b', 'RUN c'),
    df('FROM debian', 'RUN echo "$(uname -m)" > /arch', 'RUN c'),
    df('FROM debian', 'ONBUILD RUN a', 'ONBUILD RUN b'),
  ],
  fixes: [
    [df('FROM debian', 'RUN apt-get update', 'RUN apt-get install -y curl'), df('FROM debian', 'RUN apt-get update && \\', '    apt-get install -y curl')],
    [df('from debian', 'run mkdir /x', 'run touch /x/y', 'CMD ["x"]'), df('from debian', 'run mkdir /x && \\', '    touch /x/y', 'CMD ["x"]')],
  ],
});

hadolintSpec('curl-and-wget', 'DL4001', {
  fires: [
    df('FROM debian', 'RUN curl -fsSLO https://example.com/a && wget https://example.com/b'),
    df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN curl -O https://example.com/a', 'RUN echo \\', '  && wget -q https://example.com/b'),
    df('FROM debian', 'RUN wget -q https://example.com/a', 'RUN <<EOF', 'curl -O https://example.com/b', 'EOF'),
    df('from debian', 'run curl -O https://example.com/a', 'run wget -q https://example.com/b'),
  ],
  silent: [
    df('FROM debian', 'RUN apt-get install -y curl wget'),
    df('FROM debian AS a', 'RUN curl -O https://example.com/a', 'FROM debian', 'RUN wget -q https://example.com/b'),
    df('FROM debian', 'RUN curl -O https://example.com/a && curl -O https://example.com/b'),
    df('FROM debian', 'RUN wget -q https://example.com/a', 'HEALTHCHECK CMD curl -f http://localhost/'),
  ],
});

hadolintSpec('symlink-bin-sh', 'DL4005', {
  fires: [
    df('FROM debian', 'RUN ln -sf /bin/bash /bin/sh'),
    df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN rm /bin/sh && \\', '    ln -s bash /bin/sh'),
    df('FROM debian', 'RUN <<EOF', 'ln -snf /bin/bash /bin/sh', 'EOF'),
    df('from ubuntu', 'run ln -sf /bin/bash /bin/sh'),
  ],
  silent: [
    df('FROM debian', 'SHELL ["/bin/bash", "-c"]', 'RUN echo $BASH_VERSION'),
    df('FROM debian', 'RUN ln -s /bin/sh /usr/local/bin/sh'),
    df('FROM debian', 'RUN ln -sf /usr/bin/python3 /usr/bin/python'),
    df('FROM debian', 'RUN echo ln -sf /bin/bash /bin/sh'),
  ],
});

hadolintSpec('pipefail-missing', 'DL4006', {
  fires: [
    df('FROM debian:bookworm', 'RUN curl -fsSL https://example.com/a.tgz | tar -xz'),
    df('FROM debian AS a', 'RUN echo', 'FROM a', 'RUN echo x \\', '  | tee /y'),
    df('FROM alpine', 'RUN <<EOF', 'wget -qO- https://example.com/a | sh', 'EOF'),
    df('from ubuntu', 'shell ["/bin/bash", "-c"]', 'run cat a | grep b'),
    df('FROM debian', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'FROM debian', 'RUN a | b'),
    df('FROM debian', 'SHELL ["/bin/sh", "-o", "pipefail", "-c"]', 'RUN a | b'),
  ],
  silent: [
    df('FROM debian', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN curl -fsSL https://example.com/a.tgz | tar -xz'),
    df('FROM alpine', 'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]', 'RUN wget -qO- https://example.com/a | sh'),
    df('FROM debian AS base', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'FROM base', 'RUN a | b'),
    df('FROM debian', 'RUN a || b', 'RUN echo "a | b"'),
    df('FROM debian', 'RUN set -o pipefail && a | b'),
    df('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', 'RUN Get-Process | Stop-Process'),
    df('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN dir | findstr x'),
  ],
  fixes: [
    [df('FROM debian:bookworm', 'RUN curl -fsSL https://example.com/a.tgz | tar -xz'), df('FROM debian:bookworm', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN curl -fsSL https://example.com/a.tgz | tar -xz')],
    [df('from ubuntu:24.04', 'run echo', '# fetch', 'run curl -fsSL https://x | tar -x', 'run a | b'), df('from ubuntu:24.04', 'run echo', 'shell ["/bin/bash", "-o", "pipefail", "-c"]', '# fetch', 'run curl -fsSL https://x | tar -x', 'run a | b')],
  ],
});
