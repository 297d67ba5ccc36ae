// Quick fixes that restructure a Dockerfile, applied and built on a real engine: the edited file
// still builds and the image runs the same command with the same output. The engine has no
// registry, so the toolchain images the fixes name (golang:…-bookworm, debian:bookworm-slim) are
// small busybox images tagged locally, with a stand-in `go` that "builds" a shell script.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { build, Engine } from '../../client/src/engine';
import { analyze } from '../../server/src/analysis/analyze';
import { applyEdits, pickFix } from '../support/ruleSpec';
import { BASE, removeImages, tempDir, testEngine, uniqueTag } from './support';

const FAKE_LABEL = 'layerwise.test.fake';

// Enough of the Go toolchain for these builds: `go mod download` fills a cache, `go build -o X` writes
// a script that prints what main.go's Println prints.
const GO_SHIM = [
  '#!/bin/sh',
  'set -e',
  'case "$1" in',
  '  mod) mkdir -p /go/pkg/mod && cp go.sum /go/pkg/mod/fetched && echo downloaded ;;',
  '  build)',
  '    out=app; shift',
  '    while [ $# -gt 0 ]; do case "$1" in -o) out=$2; shift 2 ;; *) shift ;; esac; done',
  '    msg=$(sed -n \'s/.*Println("\\([^"]*\\)").*/\\1/p\' main.go)',
  '    mkdir -p "$(dirname "$out")"',
  '    printf \'#!/bin/sh\\necho "%s"\\n\' "$msg" > "$out"; chmod +x "$out" ;;',
  '  *) echo "go shim: $*" >&2; exit 2 ;;',
  'esac',
  '',
].join('\n');

const GO_APP = {
  'go.mod': 'module example.com/app\n\ngo 1.24\n',
  'go.sum': 'example.com/dep v1.0.0 h1:abc=\n',
  'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from app") }\n',
};

describe('engine: restructuring quick fixes build and behave the same', function () {
  this.timeout(180000);
  let engine: Engine;
  const tags: string[] = [];
  const fakes = ['golang:1.24-bookworm', 'debian:bookworm-slim'];

  before(async () => {
    engine = await testEngine();
    const docker = await engine.docker();
    for (const ref of fakes) {
      const existing = await docker.getImage(ref).inspect().catch(() => undefined);
      // Never replace a real image of that name on someone's engine.
      if (existing && !existing.Config?.Labels?.[FAKE_LABEL]) throw new Error(`${ref} exists on this engine and is not a test stand-in; run the engine tests on a private engine (scripts/engine-up.sh)`);
    }
    // Like the real images, both set PATH (the imported busybox base has none).
    const path = 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
    await buildImage('golang:1.24-bookworm', { Dockerfile: `FROM ${BASE}\n${path}\nCOPY go /usr/local/bin/go\nENV GOPATH=/go\nLABEL ${FAKE_LABEL}=golang\n`, go: GO_SHIM }, ['go']);
    await buildImage('debian:bookworm-slim', { Dockerfile: `FROM ${BASE}\n${path}\nLABEL ${FAKE_LABEL}=debian\n` });
  });
  after(async () => { await removeImages(engine, [...tags, ...fakes]); engine.dispose(); });

  async function buildImage(tag: string, files: Record<string, string>, executable: string[] = []): Promise<{ output: string }> {
    const dir = tempDir(files);
    for (const f of executable) fs.chmodSync(path.join(dir, f), 0o755);
    let output = '';
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag, builder: 'classic', onOutput: s => (output += s) });
    assert.strictEqual(result.ok, true, `${tag}: ${result.error?.message}\n${output}`);
    return { output };
  }

  /** Runs the image's own CMD/ENTRYPOINT and returns what it printed. */
  async function runDefault(image: string): Promise<string> {
    const docker = await engine.docker();
    const container = await docker.createContainer({ Image: image, Tty: false, HostConfig: { NetworkMode: 'none' } });
    try {
      await container.start();
      const { StatusCode } = await container.wait();
      const buf = await container.logs({ stdout: true, stderr: true }) as unknown as Buffer;
      let out = '';
      for (let i = 0; i + 8 <= buf.length;) { const n = buf.readUInt32BE(i + 4); out += buf.subarray(i + 8, i + 8 + n).toString(); i += 8 + n; }
      assert.strictEqual(StatusCode, 0, `${image} exited ${StatusCode}: ${out}`);
      return out;
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  }

  /** Applies the rule's preferred fix to the file in `files`, builds both versions and compares their runs. */
  async function fixBuildsAndBehaves(ruleId: string, files: Record<string, string>, expectedOutput: string, title?: RegExp): Promise<{ fixed: string; dir: string }> {
    const original = files.Dockerfile;
    const contextFiles = Object.keys(files).filter(f => !f.includes('/'));
    const finding = analyze(original, { contextFiles, syntaxChecks: false }).findings.find(f => f.ruleId === ruleId);
    assert.ok(finding, `${ruleId} should fire on:\n${original}`);
    const fix = pickFix(finding, title);
    assert.ok(fix, `${ruleId} offers no fix: ${(finding.fixes ?? []).map(f => f.title).join(' | ')}`);
    const fixed = applyEdits(original, fix.edits);
    const before = uniqueTag(ruleId + '-before');
    const after = uniqueTag(ruleId + '-after');
    tags.push(before, after);
    await buildImage(before, files, Object.keys(files).filter(f => f.endsWith('.sh')));
    const dir = tempDir({ ...files, Dockerfile: fixed });
    let output = '';
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: after, builder: 'classic', onOutput: s => (output += s) });
    assert.strictEqual(result.ok, true, `the fixed file does not build: ${result.error?.message}\n${fixed}\n${output}`);
    const [a, b] = [await runDefault(before), await runDefault(after)];
    assert.strictEqual(a, expectedOutput);
    assert.strictEqual(b, a, `the fixed image behaves differently:\n${fixed}`);
    assert.deepStrictEqual(analyze(fixed, { contextFiles, syntaxChecks: false }).findings.filter(f => f.ruleId === ruleId), [], 're-lint is clean');
    return { fixed, dir };
  }

  it('single-stage-build: the split into a builder and a same-release runtime stage builds and runs the same program', async () => {
    const { fixed } = await fixBuildsAndBehaves('single-stage-build', {
      Dockerfile: 'FROM golang:1.24-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\nEXPOSE 8080\nCMD ["app"]\n',
      ...GO_APP,
    }, 'hello from app\n');
    assert.match(fixed, /\nFROM debian:bookworm-slim\n/);
    assert.match(fixed, /COPY --from=builder \/usr\/local\/bin\/app \/usr\/local\/bin\/app/);
  });

  it('unused-stage: removing an unnamed dead stage leaves a file that builds and runs the same', async () => {
    await fixBuildsAndBehaves('unused-stage', {
      Dockerfile: `# an experiment nobody uses\nFROM ${BASE}\nRUN echo old > /old.txt\n\nFROM ${BASE}\nCOPY msg.txt /msg.txt\nCMD ["cat", "/msg.txt"]\n`,
      'msg.txt': 'hello from the final stage\n',
    }, 'hello from the final stage\n', /^Remove stage #0$/);
  });

  it('dependency-prefetch: the prefetch builds, runs the same, and a source edit re-uses the download', async () => {
    const files = { Dockerfile: 'FROM golang:1.24-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\nCMD ["app"]\n', ...GO_APP };
    const { fixed, dir } = await fixBuildsAndBehaves('dependency-prefetch', files, 'hello from app\n');
    assert.match(fixed, /COPY go\.mod go\.sum \.\/\nRUN go mod download\nCOPY \. \./);
    // Edit a source file and build again: the download step comes from the cache, the build does not.
    fs.writeFileSync(path.join(dir, 'main.go'), GO_APP['main.go'].replace('hello from app', 'hello again'));
    let output = '';
    const t = uniqueTag('prefetch-rebuild');
    tags.push(t);
    const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag: t, builder: 'classic', onOutput: s => (output += s) });
    assert.strictEqual(result.ok, true, result.error?.message);
    const steps = output.split(/\nStep \d+\/\d+ : /).slice(1);
    const download = steps.find(s => s.startsWith('RUN go mod download'));
    const compile = steps.find(s => s.startsWith('RUN go build'));
    assert.match(download ?? '', /Using cache/, output);
    assert.doesNotMatch(compile ?? '', /Using cache/, output);
    assert.strictEqual(await runDefault(t), 'hello again\n');
  });
});
