// Generated multi-stage Dockerfiles with many findings (apt, pip, npm and go stages written the
// way that triggers the cache, label and CMD rules), global ARGs on top: the files the
// incremental benchmarks edit anywhere.
import { rng } from './generate.mjs';

const STAGES = [
  (i) => [`FROM debian:\${DEBIAN_VERSION} AS apt${i}`, 'RUN apt-get update', 'RUN apt-get install -y curl git', 'COPY . /src',
    'RUN apt-get install -y make', 'RUN rm -rf /var/lib/apt/lists/*', 'ENV A=1', 'ENV B=2', 'CMD make run'],
  (i) => [`FROM python:3.12 AS pip${i}`, 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt', 'EXPOSE 8000',
    'LABEL version=1', 'RUN cd /app', 'CMD python app.py'],
  (i) => [`FROM node:\${NODE_VERSION} AS npm${i}`, 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'RUN npm run build',
    'ENV NODE_ENV=production', 'CMD npm start &'],
  (i) => [`FROM golang:1.22 AS go${i}`, 'WORKDIR /src', 'COPY . .', 'RUN go mod download', 'RUN go build -o /out/app ./...',
    'ARG API_TOKEN', 'CMD ["/out/app"]', 'CMD /out/app'],
];

/** About `lines` lines; deterministic for a seed. */
export function manyFindingsDockerfile(lines, seed = 7) {
  const r = rng(seed);
  const out = ['# syntax=docker/dockerfile:1', 'ARG DEBIAN_VERSION=bookworm', 'ARG NODE_VERSION=20', ''];
  for (let i = 0; out.length < lines - 3; i++) out.push(...STAGES[r.int(STAGES.length)](i), '');
  out.push('FROM alpine:3.20', 'CMD ["sh"]');
  return out.join('\n') + '\n';
}
