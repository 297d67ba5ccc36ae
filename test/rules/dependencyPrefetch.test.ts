import * as assert from 'assert';
import { ruleCatches, ruleCatchesNot, applyFix, findingsOf, df } from '../support/ruleSpec';
import { analyze } from '../../server/src/analysis/analyze';

const ID = 'dependency-prefetch';
const GO_FILES = ['go.mod', 'go.sum', 'main.go', 'internal', 'Dockerfile'];

describe(ID, () => {
  const fires: Array<[string, string[] | undefined]> = [
    [df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/app .', 'CMD ["/out/app"]'), GO_FILES],
    [df('FROM maven:3.9-eclipse-temurin-21 AS build', 'WORKDIR /app', 'COPY . .', 'RUN mvn -B package -DskipTests'), ['pom.xml', 'src']],
    [df('FROM gradle:8-jdk21', 'WORKDIR /home/gradle/app', 'COPY --chown=gradle:gradle . .', 'RUN gradle build --no-daemon'), ['build.gradle', 'src']],
    [df('FROM rust:1.82', 'WORKDIR /usr/src/app', 'COPY . .', 'RUN cargo build --release'), ['Cargo.toml', 'Cargo.lock', 'src']],
    [df('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /src', 'COPY . .', 'RUN dotnet publish Api.csproj -c Release -o /app'), ['Api.csproj', 'Program.cs']],
    // Context unknown (stdin, an untitled editor): the finding stands, without a fix.
    [df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /app ./cmd/server'), undefined],
    // microservices-demo style: the prefetch happens in the stage, but after the whole-context copy.
    [df('from golang:1.23-alpine', 'workdir /src', 'copy . .', 'run go build -o /app .'), GO_FILES],
  ];
  const silent: Array<[string, string[] | undefined]> = [
    // The canonical prefetch before the sources.
    [df('FROM golang:1.23', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o /app .'), GO_FILES],
    [df('FROM maven:3.9', 'WORKDIR /app', 'COPY pom.xml .', 'RUN mvn -B dependency:go-offline', 'COPY src ./src', 'COPY . .', 'RUN mvn -B package'), ['pom.xml', 'src']],
    // A cache mount keeps the downloads between builds.
    [df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN --mount=type=cache,target=/go/pkg/mod go build -o /app .'), GO_FILES],
    // Vendored modules, or a module with no dependencies (no go.sum): nothing to download.
    [df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .'), ['go.mod', 'go.sum', 'vendor', 'main.go']],
    [df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN go build -mod=vendor -o /app .'), undefined],
    [df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .'), ['go.mod', 'main.go']],
    [df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .'), ['main.go', 'server']],
    // Offline builds and tools installed by version download nothing from the context's manifests.
    [df('FROM maven:3.9', 'COPY . .', 'RUN mvn -o package'), ['pom.xml']],
    [df('FROM golang:1.23', 'COPY . .', 'RUN go install golang.org/x/tools/cmd/goimports@v0.26.0'), GO_FILES],
    [df('FROM rust:1.82', 'COPY . .', 'RUN cargo build --frozen --release'), ['Cargo.toml']],
    // A prefetch in the same RUN after the copy is copy-before-install's finding, not this one.
    [df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN go mod download && go build -o /app .'), GO_FILES],
    // The base stage already prefetched.
    [df('FROM golang:1.23 AS deps', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'FROM deps AS build', 'COPY . .', 'RUN go build -o /app .'), GO_FILES],
    // No go.mod at the top of the context (GOPATH-era samples, vendored copies of a package): nothing to fetch for sure.
    [df('FROM golang:1.12', 'WORKDIR /go/src/github.com/creack/pty', 'ADD . .', 'RUN go build'), ['Dockerfile.golang', 'doc.go', 'pty_linux.go', 'run.go']],
    // microservices-demo adservice: a custom Gradle task fetches the repositories before the sources arrive.
    [df('FROM eclipse-temurin:21-jdk AS builder', 'WORKDIR /app', 'COPY ["build.gradle", "gradlew", "./"]', 'COPY gradle gradle', 'RUN ./gradlew downloadRepos',
      'COPY . .', 'RUN ./gradlew installDist'), ['build.gradle', 'gradlew', 'gradle', 'src']],
    // No whole-context copy: only the listed sources.
    [df('FROM golang:1.23', 'WORKDIR /src', 'COPY main.go go.mod ./', 'RUN go build -o /app .'), GO_FILES],
  ];
  fires.forEach(([t, files], i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t, { contextFiles: files })));
  silent.forEach(([t, files], i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t, { contextFiles: files })));

  it('is information on the build RUN, naming the copy and the cache-mount alternative', () => {
    const [f] = ruleCatches(ID, fires[0][0], { contextFiles: GO_FILES });
    assert.strictEqual(f.severity, 'info');
    assert.strictEqual(f.range.start.line, 3);
    assert.match(f.message, /line 4 `RUN go build -o \/out\/app \.` downloads every Go module dependency again .* after line 3 `COPY \. \.`/);
    assert.match(f.message, /--mount=type=cache,target=\/go\/pkg\/mod/);
  });

  const fixes: Array<[string, string, string[], string]> = [
    ['go: go.mod and go.sum', fires[0][0], GO_FILES,
      df('FROM golang:1.23', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o /out/app .', 'CMD ["/out/app"]')],
    ['maven: pom.xml', fires[1][0], ['pom.xml', 'src'],
      df('FROM maven:3.9-eclipse-temurin-21 AS build', 'WORKDIR /app', 'COPY pom.xml ./', 'RUN mvn -B dependency:go-offline', 'COPY . .', 'RUN mvn -B package -DskipTests')],
    ['gradle: keeps --chown', fires[2][0], ['build.gradle', 'src'],
      df('FROM gradle:8-jdk21', 'WORKDIR /home/gradle/app', 'COPY --chown=gradle:gradle build.gradle ./', 'RUN gradle dependencies --no-daemon', 'COPY --chown=gradle:gradle . .', 'RUN gradle build --no-daemon')],
    ['cargo: stub target for fetch', fires[3][0], ['Cargo.toml', 'Cargo.lock', 'src'],
      df('FROM rust:1.82', 'WORKDIR /usr/src/app', 'COPY Cargo.toml Cargo.lock ./', 'RUN mkdir -p src && echo "fn main() {}" > src/main.rs && cargo fetch && rm -rf src', 'COPY . .', 'RUN cargo build --release')],
    ['dotnet: the one project', fires[4][0], ['Api.csproj', 'Program.cs'],
      df('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /src', 'COPY Api.csproj ./', 'RUN dotnet restore Api.csproj', 'COPY . .', 'RUN dotnet publish Api.csproj -c Release -o /app')],
    ['lowercase keywords', fires[6][0], GO_FILES,
      df('from golang:1.23-alpine', 'workdir /src', 'copy go.mod go.sum ./', 'run go mod download', 'copy . .', 'run go build -o /app .')],
  ];
  for (const [name, text, files, expected] of fixes) {
    it(`fix: ${name}; re-lint is clean`, () => {
      const fixed = applyFix(ID, text, undefined, { contextFiles: files });
      assert.strictEqual(fixed, expected);
      assert.deepStrictEqual(findingsOf(ID, fixed, { contextFiles: files }), []);
      assert.deepStrictEqual(analyze(fixed, { contextFiles: files }).findings.filter(f => f.ruleId === 'copy-before-install' || f.ruleId === 'syntax'), []);
    });
  }

  it('offers no fix where a manifest-only prefetch could fail or land elsewhere', () => {
    const noFix = (text: string, files?: string[]) => {
      const [f] = ruleCatches(ID, text, { contextFiles: files });
      assert.deepStrictEqual((f.fixes ?? []).filter(x => !x.title.startsWith('Suppress ')), [], text);
    };
    const go = df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .');
    noFix(go, undefined);
    noFix(go, ['go.mod', 'go.sum', 'go.work', 'api', 'web']); // a workspace needs every member's go.mod
    // GoogleCloudPlatform samples style: `go mod tidy` in the build RUN also downloads everything again.
    noFix(df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN go mod tidy && go build -o /app ./server'), undefined);
    noFix(df('FROM maven:3.9', 'WORKDIR /app', 'COPY . .', 'RUN mvn package'), ['pom.xml', 'core', 'web']); // modules
    noFix(df('FROM gradle:8', 'WORKDIR /app', 'COPY . .', 'RUN gradle build'), ['build.gradle', 'settings.gradle', 'app']);
    noFix(df('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /src', 'COPY . .', 'RUN dotnet publish -c Release -o /app'), ['App.sln', 'Api', 'Core']);
    noFix(df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN cd cmd/server && go build -o /app .'), GO_FILES);
    noFix(df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'WORKDIR /src/cmd', 'RUN go build -o /app .'), GO_FILES);
    noFix(df('FROM golang:1.23', 'COPY . /src', 'RUN cd /src && go build -o /app .'), GO_FILES);
  });

  it('is suppressed by a comment above the RUN', () => {
    ruleCatchesNot(ID, df('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', `# layerwise ignore=${ID} one-off CI image`, 'RUN go build -o /app .'), { contextFiles: GO_FILES });
  });
});
