// Preloaded (-r) into `layerwise lint` by bench/corpus.mjs: records the CPU time of each thread, so
// the bench can show how much of a run is serial (the main thread) and how much is on the workers.
// Linux only (/proc/thread-self/stat); elsewhere it records nothing. Output: one JSON file per thread
// in LAYERWISE_BENCH_CPU_DIR.
const fs = require('fs');
const path = require('path');
const { isMainThread, threadId, parentPort } = require('worker_threads');

const dir = process.env.LAYERWISE_BENCH_CPU_DIR;
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** This thread's user+system CPU in ms, or undefined where /proc/thread-self is missing. */
function threadCpuMs() {
  try {
    const fields = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

function record(extra) {
  const ms = threadCpuMs();
  if (ms === undefined) return;
  fs.writeFileSync(path.join(dir, `${isMainThread ? 'main' : `worker-${threadId}`}.json`), JSON.stringify({ thread: isMainThread ? 'main' : 'worker', ms, ...extra }));
}

if (dir) {
  if (isMainThread) {
    // The process's own usage counts every thread, the exited workers and V8's GC/compiler helpers too.
    process.on('exit', () => { const u = process.cpuUsage(); record({ processMs: (u.user + u.system) / 1000 }); });
  } else if (parentPort) {
    // Workers may be terminated without an exit event: record after every reply instead.
    const post = parentPort.postMessage.bind(parentPort);
    parentPort.postMessage = (...args) => { const r = post(...args); record(); return r; };
  }
}
