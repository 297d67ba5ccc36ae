// 5. Build path: our engine build() (context tar honouring .dockerignore + dockerode) vs the
// docker CLI, same Dockerfile, same 20,000-file context, same engine, no cache, alternating.
import { spawn } from 'node:child_process';
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
  return dir;
}

function cliBuild(dir, tag, buildkit, dockerfile) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const env = { ...process.env, DOCKER_HOST, DOCKER_BUILDKIT: buildkit ? '1' : '0' };
    const p = spawn(CLI, ['build', '--no-cache', '--force-rm', '-q', '-f', join(dir, dockerfile), '-t', tag, dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const ours = async (builder, tag, dockerfile) => {
    const t = performance.now();
    const r = await engineMod.build(engine, { dockerfilePath: join(dir, dockerfile), contextDir: dir, tag, noCache: true, builder });
    if (!r.ok) throw new Error(`Layerwise build failed: ${r.error?.message}`);
    return { ms: performance.now() - t, context: r.context };
  };
  const runs = quick ? 2 : 5;
  const out = { contextFiles: files, ignoredFiles: 550, runs, cli: `${CLI} (Debian docker.io)`, engine: engine.info, modes: {} };
  try {
    // Literal COPY paths (we send only those folders) and the same copies as a pattern (we send everything).
    const MODES = [['classic', 'classic', 'Dockerfile'], ['buildkit', 'buildkit', 'Dockerfile'],
      ['classic-whole', 'classic', 'Dockerfile.whole'], ['buildkit-whole', 'buildkit', 'Dockerfile.whole']];
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
  } finally {
    for (const tag of tags) await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    engine.dispose?.();
  }
  return out;
}
