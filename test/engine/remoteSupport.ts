// What every remote engine must do for Layerwise: list images, build, show history, run.
import * as assert from 'assert';
import * as path from 'path';
import { BuilderKind, BuilderSetting, Engine, build, layerHistory, listImages, previewPrune, pruneImages, runImage } from '../../client/src/engine';
import { tempDir } from './support';

/**
 * Builds FROM `base` on `engine`, checks the listing and the history, runs it and reads its output, then
 * prunes dangling images (`prune: 'preview'` only computes what would go, for an engine shared with other tests).
 */
export async function buildListHistoryRun(engine: Engine, base: string, tag: string, builder: BuilderSetting = 'classic', prune: 'run' | 'preview' = 'run'): Promise<BuilderKind> {
  const before = await listImages(engine);
  assert.ok(before.some(g => g.images.some(i => i.repoTags.some(t => t === base || t.endsWith(`/${base}`)))), `the engine lists ${base}: ${JSON.stringify(before.map(g => g.repository))}`);
  const marker = `remote-${process.pid}`;
  const dir = tempDir({ Dockerfile: `FROM ${base}\nRUN echo ${marker} > /marker.txt\nCMD ["cat", "/marker.txt"]\n` });
  const result = await build(engine, { dockerfilePath: path.join(dir, 'Dockerfile'), contextDir: dir, tag, builder });
  assert.ok(result.ok, `build failed: ${result.error?.message}`);
  const history = await layerHistory(engine, tag);
  assert.ok(history.layers.some(l => l.createdBy.includes(`echo ${marker}`)), `history shows the RUN layer: ${history.layers.map(l => l.createdBy).join(' | ')}`);
  const running = await runImage(engine, { image: tag, ports: [], autoRemove: false });
  let output = '';
  running.stdout.on('data', d => (output += d));
  const { exitCode } = await running.wait();
  if (!(running.stdout as NodeJS.ReadableStream & { readableEnded?: boolean }).readableEnded) await new Promise(r => running.stdout.once('end', r));
  const docker = await engine.docker();
  await docker.getContainer(running.id).remove({ force: true }).catch(() => undefined);
  assert.strictEqual(exitCode, 0);
  assert.strictEqual(output.trim(), marker);
  const preview = await previewPrune(engine);
  assert.ok(preview.count >= 0 && !preview.images.some(i => i.repoTags.includes(tag)), 'a tagged image is never a prune candidate');
  if (prune === 'run') {
    await pruneImages(engine);
    const after = await listImages(engine);
    assert.ok(after.some(g => g.images.some(i => i.repoTags.includes(tag))), 'prune keeps tagged images');
  }
  return result.builder;
}
