import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';
import { analyze } from '../../server/src/analysis/analyze';
import { REALISTIC } from './multiStage.fixtures';

const ID = 'single-stage-build';
const example = (name: string) => fs.readFileSync(path.resolve(__dirname, '../../../examples', name, 'Dockerfile'), 'utf8');
const realFixes = (text: string) => (ruleCatches(ID, text)[0].fixes ?? []).filter(f => !f.title.startsWith('Suppress '));

const MAVEN = df(
  'FROM maven:3.9-eclipse-temurin-21',
  'WORKDIR /app',
  'COPY pom.xml .',
  'RUN mvn -B dependency:go-offline',
  'COPY src ./src',
  'RUN mvn -B package -DskipTests',
  'EXPOSE 8080',
  'CMD ["java", "-jar", "target/app.jar"]',
);
const GO = df(
  'FROM golang:1.22',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /usr/local/bin/app .',
  'USER 65532',
  'CMD ["app"]',
);
const DOTNET = df(
  'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS app',
  'WORKDIR /src',
  'COPY . .',
  'RUN dotnet publish Api.csproj -c Release -o /app/publish',
  'WORKDIR /app/publish',
  'ENV ASPNETCORE_URLS=http://+:8080',
  'ENTRYPOINT ["dotnet", "Api.dll"]',
);

describe(ID, () => {
  const fires = [
    MAVEN,
    GO,
    DOTNET,
    df('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y build-essential cmake', 'COPY . /src', 'WORKDIR /src', 'RUN make', 'CMD ["./server"]'),
    df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["npm", "start"]'),
    'from golang:1.22-alpine3.20\r\nworkdir /src\r\ncopy . .\r\nrun go mod download && \\\r\n  # build it\r\n  go build -o /out/app .\r\ncmd ["/out/app"]\r\n',
    df('# escape=`', 'FROM rust:1.79', 'WORKDIR /usr/src/app', 'COPY . .', 'RUN cargo build --release `', '  --locked', 'CMD ["./target/release/app"]'),
    df('FROM gradle:8-jdk17', 'WORKDIR /home/gradle/app', 'COPY . .', 'RUN <<EOF', 'gradle build --no-daemon', 'EOF', 'CMD ["java", "-jar", "build/libs/app.jar"]'),
    df('ARG GO_VERSION=1.22', 'FROM golang:${GO_VERSION}', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .', 'CMD /app'),
  ];
  const silent = [
    ...Object.values(REALISTIC),
    example('go-multistage'),
    df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'CMD ["go", "run", "."]'),
    df('FROM maven:3.9-eclipse-temurin-21', 'COPY . .', 'RUN mvn -B package'),
    df('FROM eclipse-temurin:21-jre', 'COPY app.jar /app.jar', 'CMD ["java", "-jar", "/app.jar"]'),
    df('FROM node:20-slim', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["node", "dist/server.js"]'),
    df('FROM golang:1.22', 'COPY . .', 'RUN go build -o /app .', 'CMD ["bash"]'),
    df('FROM maven:3.9 AS build', 'RUN mvn package', 'CMD ["java", "-jar", "target/app.jar"]', 'FROM eclipse-temurin:21-jre', 'COPY --from=build /target/app.jar /app.jar', 'CMD ["java", "-jar", "/app.jar"]'),
    df('FROM debian:bookworm-slim', 'RUN apt-get update && apt-get install -y gcc make && make -C /src && apt-get purge -y gcc make', 'CMD ["/src/app"]'),
    df('FROM golang:1.22', 'CMD ["/app"]', 'RUN go build -o /app .'),
    df('FROM $BASE', 'RUN go build -o /app .', 'CMD ["/app"]'),
    // The toolchain is the product: docker-library python builds Python so users can compile extensions.
    df('FROM buildpack-deps:bookworm', 'ENV PYTHON_VERSION 3.12.7', 'RUN set -eux; \\', '\tapt-get update; \\', '\tapt-get install -y --no-install-recommends libbluetooth-dev tk-dev uuid-dev; \\',
      '\t./configure --enable-optimizations; \\', '\tmake -j "$(nproc)"; \\', '\tmake install', 'CMD ["python3"]'),
    df('FROM gcc:14', 'COPY . /usr/src/tool', 'RUN make -C /usr/src/tool install', 'CMD ["bash"]'),
    // Dev containers: the toolchain is what the developer works with.
    df('FROM mcr.microsoft.com/devcontainers/go:1.23', 'COPY . /src', 'RUN cd /src && go build -o /usr/local/bin/tool ./cmd/tool', 'CMD ["tool"]'),
    df('FROM golang:1.23', 'ARG USERNAME=vscode', 'RUN useradd -m $USERNAME', 'COPY . /src', 'RUN go build -o /usr/local/bin/tool /src', 'CMD ["sleep", "infinity"]'),
    // A builder image: ONBUILD steps compile the user's code on top of it.
    df('FROM golang:1.23', 'ONBUILD COPY . /src', 'ONBUILD RUN go build -o /app /src', 'RUN go build -o /usr/local/bin/helper ./helper', 'CMD ["/app"]'),
    // Toolchain installed, used and purged in the same RUN: only the result ships.
    df('FROM alpine:3.20', 'COPY src /src', 'RUN set -eux; apk add --no-cache --virtual .build-deps gcc make musl-dev; make -C /src; make -C /src install; apk del --no-network .build-deps',
      'CMD ["/usr/local/bin/app"]'),
    df('FROM debian:trixie-slim', 'COPY src /src', 'RUN apt-get update && apt-get install -y gcc make libc6-dev && make -C /src install && apt-get purge -y --auto-remove gcc make libc6-dev && rm -rf /var/lib/apt/lists/*',
      'CMD ["/usr/local/bin/app"]'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t)));

  it('names the build and the CMD, suggests the JRE, ranges over the FROM', () => {
    const [f] = ruleCatches(ID, MAVEN);
    assert.strictEqual(f.severity, 'warning');
    assert.deepStrictEqual(f.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 33 } });
    assert.match(f.message, /line 6 `RUN mvn -B package -DskipTests`/);
    assert.match(f.message, /line 8 `CMD \["java", "-jar", "target\/app.jar"\]`/);
    assert.match(f.message, /`eclipse-temurin:21-jre`/);
    assert.deepStrictEqual(f.related?.map(r => r.range.start.line), [5, 7]);
  });

  it('suggests a runtime per toolchain', () => {
    assert.match(ruleCatches(ID, DOTNET)[0].message, /mcr\.microsoft\.com\/dotnet\/aspnet:8\.0/);
    assert.match(ruleCatches(ID, GO)[0].message, /gcr\.io\/distroless\/static-debian12/);
    assert.match(ruleCatches(ID, fires[4])[0].message, /node:20-slim/);
    assert.match(ruleCatches(ID, fires[3])[0].message, /debian:bookworm-slim/);
  });

  it('keeps the distribution and release of the build image for a cgo binary, and offers no fix when the tag does not name it', () => {
    const trixie = df('FROM golang:1.24-trixie', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /usr/local/bin/app .', 'CMD ["app"]');
    assert.match(ruleCatches(ID, trixie)[0].message, /`debian:trixie-slim`/);
    assert.match(applyFix(ID, trixie), /\nFROM debian:trixie-slim\n/);
    const floating = df('FROM golang:1.24', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /usr/local/bin/app .', 'CMD ["app"]');
    assert.match(ruleCatches(ID, floating)[0].message, /`debian:<the release of golang:1\.24>-slim`/);
    assert.deepStrictEqual(realFixes(floating), []);
    const alpine = df('FROM golang:1.24-alpine', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /usr/local/bin/app .', 'CMD ["app"]');
    assert.deepStrictEqual(realFixes(alpine), []);
    // A C build on buildpack-deps:trixie is pointed at trixie, never at another release.
    assert.match(ruleCatches(ID, df('FROM buildpack-deps:trixie', 'COPY . /src', 'RUN make -C /src', 'CMD ["/src/app"]'))[0].message, /debian:trixie-slim/);
  });

  it('Maven fix: builder stage plus a JRE stage with the jar at the same path; re-lint is clean', () => {
    const fixed = applyFix(ID, MAVEN);
    assert.strictEqual(fixed, df(
      'FROM maven:3.9-eclipse-temurin-21 AS builder',
      'WORKDIR /app',
      'COPY pom.xml .',
      'RUN mvn -B dependency:go-offline',
      'COPY src ./src',
      'RUN mvn -B package -DskipTests',
      '',
      'FROM eclipse-temurin:21-jre',
      'WORKDIR /app',
      'COPY --from=builder /app/target/app.jar /app/target/app.jar',
      'EXPOSE 8080',
      'CMD ["java", "-jar", "target/app.jar"]',
    ));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
    assert.deepStrictEqual(analyze(fixed).findings.filter(f => /syntax|multi-stage|copy-from|unused-stage|duplicate-stage/.test(f.ruleId)), []);
  });

  it('Go fix: static binary onto distroless, numeric USER moved', () => {
    const fixed = applyFix(ID, GO);
    assert.strictEqual(fixed, df(
      'FROM golang:1.22 AS builder',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /usr/local/bin/app .',
      '',
      'FROM gcr.io/distroless/static-debian12',
      'WORKDIR /src',
      'COPY --from=builder /usr/local/bin/app /usr/local/bin/app',
      'USER 65532',
      'CMD ["app"]',
    ));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('.NET fix keeps the alias, copies the publish folder and the ENV', () => {
    const fixed = applyFix(ID, DOTNET);
    assert.strictEqual(fixed, df(
      'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS app',
      'WORKDIR /src',
      'COPY . .',
      'RUN dotnet publish Api.csproj -c Release -o /app/publish',
      'WORKDIR /app/publish',
      'ENV ASPNETCORE_URLS=http://+:8080',
      '',
      'FROM mcr.microsoft.com/dotnet/aspnet:8.0',
      'WORKDIR /app/publish',
      'ENV ASPNETCORE_URLS=http://+:8080',
      'COPY --from=app /app/publish /app/publish',
      'ENTRYPOINT ["dotnet", "Api.dll"]',
    ));
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fix keeps CRLF and lowercase files working (alpine runtime for a cgo build)', () => {
    const fixed = applyFix(ID, fires[5]);
    assert.strictEqual(fixed, 'from golang:1.22-alpine3.20 AS builder\r\nworkdir /src\r\ncopy . .\r\nrun go mod download && \\\r\n  # build it\r\n  go build -o /out/app .\r\n'
      + '\r\nFROM alpine:3.20\r\nWORKDIR /src\r\nCOPY --from=builder /out/app /out/app\r\ncmd ["/out/app"]\r\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('offers no fix when the artifact or the runtime user cannot be known for sure', () => {
    assert.deepStrictEqual(realFixes(fires[3]), []); // make: output unknown
    assert.deepStrictEqual(realFixes(fires[4]), []); // node server needs node_modules too
    assert.deepStrictEqual(realFixes(fires[6]), []); // rust: runtime libraries unknown
    assert.deepStrictEqual(realFixes(df('FROM golang:1.22', 'COPY . .', 'RUN go build .', 'CMD ["./app"]')), []);
    assert.deepStrictEqual(realFixes(df('FROM golang:1.22', 'RUN useradd app', 'RUN go build -o /app .', 'USER app', 'CMD ["/app"]')), []);
  });

  it('no fix when paths depend on the base image\'s unknown WORKDIR, or the CMD runs a PATH program of the same name', () => {
    assert.deepStrictEqual(realFixes(df('FROM golang:1.22', 'COPY . .', 'RUN go build -o app .', 'CMD ["./app"]')), []);
    assert.deepStrictEqual(realFixes(df('FROM golang:1.22', 'WORKDIR /', 'RUN go build -o x .', 'CMD ["x"]')), []);
  });

  it('fix without WORKDIR and without a final line break', () => {
    const fixed = applyFix(ID, 'FROM golang:1.22-bookworm\nRUN go build -o /app .\nCMD ["/app"]');
    assert.strictEqual(fixed, 'FROM golang:1.22-bookworm AS builder\nRUN go build -o /app .\n\nFROM debian:bookworm-slim\nCOPY --from=builder /app /app\nCMD ["/app"]\n');
    assert.deepStrictEqual(findingsOf(ID, fixed), []);
  });

  it('fires on the maven example workspace', () => {
    ruleCatches(ID, example('maven-single-stage'));
  });

  it('is suppressed by a comment above the FROM', () => {
    ruleCatchesNot(ID, df(`# layerwise ignore=${ID} dev image`, ...MAVEN.trimEnd().split('\n')));
    ruleCatchesNot(ID, df(`# layerwise global ignore=${ID}`, ...MAVEN.trimEnd().split('\n')));
  });
});
