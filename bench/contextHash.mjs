// 7. Context hashing for cache prediction: a 20,000-file context hashed the first time, then updated
// after one file changed (a file watcher's event: only that file is read again). Peer: sha256sum
// over every file (find | xargs), i.e. what re-hashing the whole context costs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadBundled } from './lib/bundle.mjs';
import { summarize, comparison, absolute } from './lib/stats.mjs';

function makeContext(fileCount) {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-hash-'));
  const perDir = 100;
  for (let d = 0; d < fileCount / perDir; d++) {
    const sub = join(dir, 'src', `pkg${d % 20}`, `mod${d}`);
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < perDir; f++) writeFileSync(join(sub, `file${f}.js`), `// module ${d}/${f}\nexport const v${f} = ${d * perDir + f};\n`.repeat(1 + (f % 8)));
  }
  writeFileSync(join(dir, '.dockerignore'), 'node_modules\n**/*.log\n');
  return dir;
}

export async function benchContextHash({ quick, log }) {
  const { ContextHasher } = await loadBundled('client/src/engine/cachePlan/contextHasher.ts', 'contextHasher', { externalPackages: true });
  const files = 20000;
  const dir = makeContext(files);
  try {
    const firstRuns = quick ? 2 : 5, updateRuns = quick ? 10 : 50;
    const first = [], peer = [], update = [];
    let hasher, readOnUpdate = 0;
    for (let i = 0; i < firstRuns; i++) {
      let t = performance.now();
      execFileSync('sh', ['-c', 'find src -type f -print0 | xargs -0 sha256sum > /dev/null'], { cwd: dir });
      peer.push(performance.now() - t);
      hasher = new ContextHasher(dir);
      t = performance.now();
      await hasher.snapshot();
      first.push(performance.now() - t);
    }
    for (let i = 0; i < updateRuns; i++) {
      const rel = `src/pkg${i % 20}/mod${i % 200}/file${i % 100}.js`;
      writeFileSync(join(dir, rel), `// edited ${i}\n`);
      const before = hasher.stats.hashed;
      const t = performance.now();
      await hasher.update([rel]);
      update.push(performance.now() - t);
      readOnUpdate = Math.max(readOnUpdate, hasher.stats.hashed - before);
    }
    const firstS = summarize(first), peerS = summarize(peer), updateS = summarize(update);
    log(`  first hash ${firstS.median} ms, sha256sum of every file ${peerS.median} ms, update after one change ${updateS.median} ms (files re-read: ${readOnUpdate})`);
    return {
      contextFiles: files, first: firstS, peer: peerS, update: updateS, filesReadOnUpdate: readOnUpdate,
      comparisons: [
        comparison('context hash, 20,000 files, first time vs sha256sum of every file', firstS, peerS, { note: 'ours also walks, applies .dockerignore and records modes; no target: it runs once per context, in the background' }),
        comparison('context hash update after one file changed vs re-hashing every file', updateS, peerS, { target: 0.05 }),
      ],
      filesRead: absolute('files re-read by the update after one change', readOnUpdate, { target: 1, unit: 'files' }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
