// Preloaded into the benchmarked server processes (node -r, with --expose-gc) so the memory
// benchmark can ask for a full GC before sampling RSS, without touching the servers' code.
// It writes one line to stderr, which LSP over stdio leaves alone.
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
  const m = process.memoryUsage();
  process.stderr.write(`BENCH-MEM ${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, external: m.external })}\n`);
});
