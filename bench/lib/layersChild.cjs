// One measurement in a fresh process (so its peak RSS is its own): `read` consumes the image export
// stream and counts bytes (the floor: what any layer analysis must at least do); `inspect` runs
// Layerwise's layer-contents analysis on the same export. Prints one JSON line.
const { performance } = require('node:perf_hooks');
const [, , bundle, mode, host, image] = process.argv;
const engineMod = require(bundle);

async function main() {
  const engine = new engineMod.Engine({ host, recovery: false });
  const docker = await engine.docker();
  const t = performance.now();
  let bytes = 0;
  let result;
  if (mode === 'read') {
    const stream = await docker.getImage(image).get();
    for await (const chunk of stream) bytes += chunk.length;
  } else {
    result = await engineMod.inspectImage(engine, image, { cacheDir: false });
    bytes = result.sizeBytes;
  }
  const ms = performance.now() - t;
  engine.dispose();
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ms, bytes, maxRssMB, wastedBytes: result?.wastedBytes, efficiency: result?.efficiency, layers: result?.layers.length }));
}
main().catch(e => { console.error(e.message); process.exit(1); });
