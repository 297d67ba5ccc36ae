// Seed Dockerfiles for mutation fuzzing: the shipped examples, the CLI fixtures, and a few
// hand-written files covering what those lack (heredocs, backtick escape, CRLF, suppressions).
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const INLINE_SEEDS = [
  [
    '# syntax=docker/dockerfile:1',
    'ARG NODE_VERSION=20',
    'FROM node:${NODE_VERSION} AS deps',
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    'RUN --mount=type=cache,target=/root/.npm npm ci',
    'FROM deps AS build',
    'COPY . .',
    'RUN npm run build \\',
    '  # keep the map files',
    '  && ls dist',
    'FROM nginx:1.27',
    '# layerwise ignore=missing-base-image-label demo',
    'COPY --from=build /app/dist /usr/share/nginx/html',
    'RUN <<EOF',
    'set -e',
    'echo built > /etc/built',
    'EOF',
    'COPY <<-CONF /etc/nginx/conf.d/extra.conf',
    '\tserver_tokens off;',
    '\tCONF',
    'ENV API_TOKEN=abc',
    'CMD ["nginx", "-g", "daemon off;"]',
    '',
  ].join('\n'),
  [
    '# escape=`',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
    'SHELL ["powershell", "-Command"]',
    'RUN Write-Host one; `',
    '    Write-Host two',
    'COPY . C:/app',
    'run apt-get update',
    'run apt-get install -y curl',
    'CMD echo a',
    'CMD echo b',
    '',
  ].join('\r\n'),
  [
    '# layerwise global ignore=single-stage-build',
    'FROM python:3.12-slim',
    'LABEL org.opencontainers.image.base.name="python:3.11-slim"',
    'COPY . /app',
    'RUN pip install -r /app/requirements.txt',
    'RUN python /app/server.py &',
    'RUN apt-get update',
    'RUN apt-get install -y gcc && rm -rf /var/lib/apt/lists/*',
    'COPY --from=bulid /x /y',
    'COPY --from=0 /x /y',
    'EXPOSE 8000',
    'HEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/ || exit 1',
    'ENTRYPOINT python /app/server.py',
    '',
  ].join('\n'),
  [
    'FROM golang:1.22 AS build',
    'FROM golang:1.22 AS build',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app',
    'FROM scratch AS unused',
    'FROM gcr.io/distroless/static',
    'COPY --from=build /out/app /app',
    'USER 65532:65532',
    'ENTRYPOINT ["/app"]',
    '',
  ].join('\n'),
];

function dockerfilesUnder(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) dockerfilesUnder(full, out);
    else if (/(^|\.)(Dockerfile|Containerfile)(\.[A-Za-z]+)?$/.test(e.name) && !e.name.endsWith('.dockerignore')) out.push(full);
  }
}

/** Every seed's text; the file ones are read once. */
export function seedTexts(): string[] {
  const files: string[] = [];
  dockerfilesUnder(path.join(REPO_ROOT, 'examples'), files);
  dockerfilesUnder(path.join(REPO_ROOT, 'test', 'fixtures'), files);
  files.sort();
  return [...INLINE_SEEDS, ...files.map(f => fs.readFileSync(f, 'utf8'))];
}
