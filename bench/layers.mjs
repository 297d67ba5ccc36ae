// 7. Layer contents: `inspectImage()` (export stream → every layer decoded and hashed → dive's measures)
// vs just reading the same export stream, on a locally built ~220 MB image of 20 layers (large files,
// thousands of small ones, a removal and a chmod-only copy). Each run is a fresh process, so its
// peak RSS shows that memory stays bounded while the image is far larger.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, loadBundled } from './lib/bundle.mjs';
import { absolute, comparison, summarize } from './lib/stats.mjs';

const DOCKER_HOST = process.env.LAYERWISE_BENCH_DOCKER_HOST || process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
const IMAGE = 'layerwise-bench/layers:20';

function dockerfile() {
  const lines = ['FROM local/busybox:1', 'RUN mkdir -p /data /many'];
  // 12 layers of one 15 MB file each (incompressible, like binaries).
  for (let i = 0; i < 12; i++) lines.push(`RUN head -c 15000000 /dev/urandom > /data/big${i}`);
  // 5 layers of 2,000 files of 2 kB (like node_modules or site-packages).
  for (let i = 0; i < 5; i++) lines.push(`RUN mkdir /many/${i} && cd /many/${i} && for f in $(seq 1 2000); do head -c 2000 /dev/urandom > f$f; done`);
  lines.push('RUN rm /data/big0 && rm -rf /many/0');
  lines.push('RUN chmod 600 /data/big1');
  return lines.join('\n') + '\n';
}

async function ensureImage(engineMod, log) {
  const engine = new engineMod.Engine({ host: DOCKER_HOST, recovery: false });
  try {
    const docker = await engine.docker();
    const exists = await docker.getImage(IMAGE).inspect().then(() => true, () => false);
    if (!exists) {
      log(`  building ${IMAGE} (20 layers, ~220 MB) on ${DOCKER_HOST}`);
      const dir = mkdtempSync(join(tmpdir(), 'lw-bench-layers-'));
      writeFileSync(join(dir, 'Dockerfile'), dockerfile());
      try {
        const r = await engineMod.build(engine, { dockerfilePath: join(dir, 'Dockerfile'), contextDir: dir, tag: IMAGE, builder: 'classic' });
        if (!r.ok) throw new Error(`building the bench image failed: ${r.error?.message}`);
      } finally { rmSync(dir, { recursive: true, force: true }); }
    }
    const info = await docker.getImage(IMAGE).inspect();
    return { sizeBytes: info.Size, layers: info.RootFS.Layers.length };
  } finally { engine.dispose(); }
}

function child(bundle, mode) {
  const out = execFileSync(process.execPath, [join(ROOT, 'bench/lib/layersChild.cjs'), bundle, mode, DOCKER_HOST, IMAGE], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop());
}

export async function benchLayers({ quick, log }) {
  const engineMod = await loadBundled('client/src/engine/index.ts', 'engine', { externalPackages: true });
  const bundle = `${ROOT}out/bench-bundle/engine.cjs`;
  const image = await ensureImage(engineMod, log);
  const runs = quick ? 2 : 5;
  const read = [];
  const inspect = [];
  let last;
  // One untimed run each first (page cache), then alternate so both see the same machine load.
  child(bundle, 'read');
  child(bundle, 'inspect');
  for (let i = 0; i < runs; i++) {
    read.push(child(bundle, 'read'));
    inspect.push(last = child(bundle, 'inspect'));
  }
  const mb = (b) => Math.round(b / 1e5) / 10;
  log(`  image ${IMAGE}: ${mb(image.sizeBytes)} MB in ${image.layers} layers; wasted ${mb(last.wastedBytes)} MB, efficiency ${(last.efficiency * 100).toFixed(1)}%`);
  const readMs = summarize(read.map((r) => r.ms));
  const inspectMs = summarize(inspect.map((r) => r.ms));
  const readRss = summarize(read.map((r) => r.maxRssMB), 'MB');
  const inspectRss = summarize(inspect.map((r) => r.maxRssMB), 'MB');
  log(`  read the export: ${readMs.median} ms (peak RSS ${readRss.median} MB); inspect: ${inspectMs.median} ms (peak RSS ${inspectRss.median} MB)`);
  return {
    image: { name: IMAGE, sizeMB: mb(image.sizeBytes), layers: image.layers }, runs,
    time: comparison('layer contents: inspect vs reading the export stream (220 MB, 20 layers)', inspectMs, readMs, { target: 2.0 }),
    memory: absolute('layer contents: peak RSS of the inspecting process (image 220 MB)', inspectRss, { target: 150, unit: 'MB', note: `reading alone: ${readRss.median} MB` }),
  };
}
