// 5. Build path: our engine build() vs the docker CLI, same Dockerfile, same 20,000-file context,
// same engine, alternating. Classic: both upload a tar (no cache). BuildKit: both serve the context
// over a session; first builds (builder cache emptied) and rebuilds after one file changed.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadBundled } from './lib/bundle.mjs';
import { summarize, comparison } from './lib/stats.mjs';

const DOCKER_HOST = process.env.LAYERWISE_BENCH_DOCKER_HOST || 'unix:///tmp/dockerci/docker.sock';
const CLI = '/usr/bin/docker';
const BASE = 'local/busybox:1';

/** 20,000 small source files in nested folders, plus ignored noise the CLI and we must both skip. */
function makeContext(fileCount) {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-ctx-'));
  const perDir = 100;
  for (let d = 0; d < fileCount / perDir; d++) {
    const sub = join(dir, 'src', `pkg${d % 20}`, `mod${d}`);
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < perDir; f++) writeFileSync(join(sub, `file${f}.js`), `// module ${d}/${f}\nexport const v${f} = ${d * perDir + f};\n`.repeat(1 + (f % 8)));
  }
  mkdirSync(join(dir, 'node_modules', 'big'), { recursive: true });
  for (let i = 0; i < 500; i++) writeFileSync(join(dir, 'node_modules', 'big', `dep${i}.js`), 'x'.repeat(4096));
  for (let i = 0; i < 50; i++) writeFileSync(join(dir, `debug${i}.log`), 'log line\n'.repeat(200));
  writeFileSync(join(dir, '.dockerignore'), 'node_modules\n**/*.log\n.git\n');
  writeFileSync(join(dir, 'Dockerfile'), [
    `FROM ${BASE}`,
    'WORKDIR /ctx',
    // The whole context travels to the engine; one package is copied so the engine's own
    // layer work (the same for both clients) does not drown the difference we measure.
    // No RUN step: it would need the engine's bridge network, which a shared machine may lack.
    'COPY src/pkg0/ ./src/pkg0/',
    'COPY src/pkg1/mod1/ ./src/pkg1/mod1/',
    '',
  ].join('\n'));
  // The same copies written with a pattern: Layerwise cannot narrow the context and sends all of it, as the classic CLI does.
  writeFileSync(join(dir, 'Dockerfile.whole'), [
    `FROM ${BASE}`, 'WORKDIR /ctx', 'COPY src/pkg0* ./src/pkg0/', 'COPY src/pkg1/mod1/ ./src/pkg1/mod1/', '',
  ].join('\n'));
  // The whole context into the image: what most Dockerfiles do (BuildKit session modes).
  writeFileSync(join(dir, 'Dockerfile.all'), [`FROM ${BASE}`, 'WORKDIR /ctx', 'COPY . .', ''].join('\n'));
  return dir;
}

function cliBuild(dir, tag, buildkit, dockerfile, noCache = true) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const env = { ...process.env, DOCKER_HOST, DOCKER_BUILDKIT: buildkit ? '1' : '0' };
    const p = spawn(CLI, ['build', ...(noCache ? ['--no-cache'] : []), '--force-rm', '-q', '-f', join(dir, dockerfile), '-t', tag, dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(performance.now() - t) : reject(new Error(`docker build failed (${code}): ${err.slice(-500)}`))));
  });
}

export async function benchBuild({ quick, log }) {
  const engineMod = await loadBundled('client/src/engine/index.ts', 'engine', { externalPackages: true });
  const engine = new engineMod.Engine({ host: DOCKER_HOST, recovery: false });
  const docker = await engine.docker();
  const files = 20000;
  const dir = makeContext(files);
  const tags = [];
  const ours = async (builder, tag, dockerfile, noCache = true) => {
    const t = performance.now();
    const r = await engineMod.build(engine, { dockerfilePath: join(dir, dockerfile), contextDir: dir, tag, noCache, builder });
    if (!r.ok) throw new Error(`Layerwise build failed: ${r.error?.message}`);
    return { ms: performance.now() - t, context: r.context };
  };
  const runs = quick ? 2 : 5;
  const out = { contextFiles: files, ignoredFiles: 550, runs, cli: `${CLI} (Debian docker.io)`, engine: engine.info, modes: {} };
  try {
    // Literal COPY paths (we send only those folders) and the same copies as a pattern (we send everything).
    // Classic builds upload a tar (both clients); BuildKit ones are below (session).
    const MODES = [['classic', 'classic', 'Dockerfile'], ['classic-whole', 'classic', 'Dockerfile.whole']];
    for (const [mode, builder, dockerfile] of MODES) {
      const t = { layerwise: [], cli: [] };
      let contextStats;
      // One untimed build each first: both start with the base image and the context files in the page cache.
      for (let i = -1; i < runs; i++) {
        for (const who of i % 2 ? ['cli', 'layerwise'] : ['layerwise', 'cli']) {
          const tag = `layerwise-bench/${who}:${mode}-${i + 1}`;
          tags.push(tag);
          let ms;
          if (who === 'cli') ms = await cliBuild(dir, tag, builder === 'buildkit', dockerfile);
          else { const r = await ours(builder, tag, dockerfile); ms = r.ms; contextStats = r.context; }
          if (i >= 0) t[who].push(ms);
        }
      }
      const o = summarize(t.layerwise), c = summarize(t.cli);
      log(`  ${mode}: ours ${o.median} ms, docker CLI ${c.median} ms`);
      out.modes[mode] = { contextStats, comparison: comparison(`build, ${files}-file context, ${builder} builder, ${dockerfile === 'Dockerfile' ? 'literal COPY paths' : 'COPY with a pattern (whole context)'}, no cache`, o, c, { target: 1.05 }) };
    }
    await benchSessionModes({ dir, runs, log, ours, tags, out, files });
  } finally {
    for (const tag of tags) await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    engine.dispose?.();
  }
  return out;
}

/** Empties the builder's cache, its copies of earlier contexts included: the next build is a first build. */
function pruneBuilder() {
  execFileSync(CLI, ['builder', 'prune', '-af'], { env: { ...process.env, DOCKER_HOST }, stdio: 'ignore' });
}

/**
 * BuildKit: both clients serve the context over a session. First build (the builder's cache
 * emptied before each) and rebuild after one source file changed (the builder keeps its copy of
 * the context and fetches only that file), with `COPY . .` and with literal COPY paths.
 */
async function benchSessionModes({ dir, runs, log, ours, tags, out, files }) {
  const changing = join(dir, 'src', 'pkg0', 'mod0', 'file3.js');
  let edits = 0;
  const change = () => writeFileSync(changing, `// edit ${++edits}\nexport const v3 = ${edits};\n`);
  for (const [name, dockerfile, what] of [['copy-all', 'Dockerfile.all', 'COPY . .'], ['literal', 'Dockerfile', 'literal COPY paths']]) {
    for (const phase of ['first', 'rebuild']) {
      const mode = `buildkit-session-${phase}-${name}`;
      const t = { layerwise: [], cli: [] };
      let contextStats;
      for (let i = -1; i < runs; i++) {
        for (const who of i % 2 ? ['cli', 'layerwise'] : ['layerwise', 'cli']) {
          const tag = `layerwise-bench/${who}:${mode}-${i + 1}`;
          tags.push(tag);
          if (phase === 'first') pruneBuilder();
          else change();
          // Rebuilds keep the layer cache, as a developer's next build does; the changed file busts the COPY.
          const noCache = phase === 'first';
          let ms;
          if (who === 'cli') ms = await cliBuild(dir, tag, true, dockerfile, noCache);
          else { const r = await ours('buildkit', tag, dockerfile, noCache); ms = r.ms; contextStats = r.context; }
          if (i >= 0) t[who].push(ms);
        }
      }
      const o = summarize(t.layerwise), c = summarize(t.cli);
      log(`  ${mode}: ours ${o.median} ms, docker CLI ${c.median} ms (ours sent ${contextStats?.files} files, ${contextStats?.bytes} bytes)`);
      out.modes[mode] = {
        contextStats,
        comparison: comparison(`BuildKit ${phase === 'first' ? 'first build' : 'rebuild after one file changed'}, ${files}-file context over the session, ${what}`, o, c, { target: 1.1 }),
      };
    }
  }
}
