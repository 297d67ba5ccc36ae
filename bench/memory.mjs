// 4. Memory: RSS after opening 200 documents, and growth over 10,000 edits (leak check).
import { LspSession } from './lib/lspClient.mjs';
import { generateCorpus, rng } from './lib/generate.mjs';
import { editPair } from './latency.mjs';
import { summarize, absolute, comparison } from './lib/stats.mjs';

const PRELOAD = new URL('./lib/gcOnSignal.cjs', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Full GC in the server, then VmRSS; the minimum of several samples is the steady state. */
async function steadyRss(s, samples = 5) {
  const rss = [], heap = [];
  for (let i = 0; i < samples; i++) {
    const before = s.stderr.length;
    s.child.kill('SIGUSR2');
    for (let w = 0; w < 50 && !s.stderr.slice(before).includes('BENCH-MEM'); w++) await sleep(20);
    const m = /BENCH-MEM (\{.*\})/.exec(s.stderr.slice(before));
    if (m) heap.push(JSON.parse(m[1]).heapUsed);
    rss.push(s.rss());
    await sleep(150);
  }
  return { rss: Math.min(...rss), heapUsed: heap.length ? Math.min(...heap) : null };
}

async function measure(which, docs, edits, warmup) {
  const s = new LspSession(which, { nodeArgs: ['--expose-gc', '-r', PRELOAD] });
  try {
    await s.initialize();
    const idle = await steadyRss(s);
    for (const d of docs) await s.open(d.uri, d.text);
    const afterOpen = await steadyRss(s);
    const r = rng(99);
    let done = 0, baseline = null;
    const pending = new Map();
    while (done < edits + warmup) {
      const d = docs[r.int(docs.length)];
      let pair = pending.get(d.uri);
      if (!pair || pair.length === 0) { pair = editPair(r, s.text(d.uri), done); pending.set(d.uri, pair); }
      const e = pair.shift();
      await s.change(d.uri, e.range, e.text);
      done++;
      if (done === warmup) baseline = await steadyRss(s);
    }
    const final = await steadyRss(s);
    return { idle, afterOpen, baseline, final, growth: final.rss - baseline.rss, heapGrowth: final.heapUsed - baseline.heapUsed };
  } finally {
    await s.close();
  }
}

const MB = (b) => Math.round((b / 1048576) * 10) / 10;

export async function benchMemory({ quick, log }) {
  const docs = generateCorpus(200, 11).map((f, i) => ({ uri: `file:///bench/mem/${i}/Dockerfile`, text: f.text }));
  const edits = quick ? 2000 : 10000, warmup = 500;
  const ours = await measure('layerwise', docs, edits, warmup);
  const theirs = await measure('peer', docs, edits, warmup);
  for (const [k, m] of [['ours', ours], ['peer', theirs]]) {
    log(`  ${k}: idle ${MB(m.idle.rss)} MB, 200 docs open ${MB(m.afterOpen.rss)} MB, growth over ${edits} edits ${MB(m.growth)} MB RSS (heap ${MB(m.heapGrowth)} MB)`);
  }
  const one = (v) => summarize([MB(v)], 'MB');
  return {
    documents: docs.length, edits, warmupEdits: warmup,
    layerwise: ours, peer: theirs,
    rssAfterOpen: comparison('RSS with 200 documents open', one(ours.afterOpen.rss), one(theirs.afterOpen.rss), { target: 1.2 }),
    growth: absolute(`RSS growth over ${edits} edits`, MB(ours.growth), { target: 10, unit: 'MB' }),
  };
}
