// Profiling driver (not part of `npm run bench`): opens the memory benchmark's 200 documents in
// our server and writes a heap snapshot (after a full GC) into `outDir`.
// node bench/heapProfile.mjs [outDir=/tmp] [server=dist/server.js]
import { LspSession, SERVERS } from './lib/lspClient.mjs';
import { generateCorpus } from './lib/generate.mjs';

const [dir = '/tmp', server] = process.argv.slice(2);
if (server) SERVERS.layerwise.args[SERVERS.layerwise.args.length - 2] = server;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const s = new LspSession('layerwise', { nodeArgs: ['--heapsnapshot-signal=SIGUSR1', `--diagnostic-dir=${dir}`] });
await s.initialize();
const docs = generateCorpus(200, 11).map((f, i) => ({ uri: `file:///bench/mem/${i}/Dockerfile`, text: f.text }));
const idle = s.rss();
for (const d of docs) await s.open(d.uri, d.text);
console.log(`idle ${Math.round(idle / 1048576)} MB, 200 open ${Math.round(s.rss() / 1048576)} MB, ${docs.reduce((a, d) => a + d.text.length, 0)} chars`);
s.child.kill('SIGUSR1');
for (let i = 0; i < 120 && !s.stderr.includes("Wrote snapshot"); i++) await sleep(500);
await sleep(2000);
await s.close();
