// Profiling driver (not part of `npm run bench`): runs our server under --cpu-prof while it
// takes `edits` edits anywhere in a many-findings file, the way bench/incremental.mjs does.
// node bench/profile.mjs [lines=10000] [edits=100] [full|incremental] [outDir=/tmp] [server=dist/server.js]
import { LspSession, SERVERS } from './lib/lspClient.mjs';
import { rng } from './lib/generate.mjs';
import { manyFindingsDockerfile } from './lib/manyFindings.mjs';
import { summarize } from './lib/stats.mjs';

const [lines = 10000, edits = 100, mode = 'incremental', dir = '/tmp', server] = process.argv.slice(2);
if (server) SERVERS.layerwise.args[SERVERS.layerwise.args.length - 2] = server;
const text = manyFindingsDockerfile(Number(lines), Number(lines));
const s = new LspSession('layerwise', { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
await s.initialize();
const uri = 'file:///bench/profile/Dockerfile';
const open = await s.open(uri, text);
const r = rng(1);
const times = [];
for (let i = 0; i < Number(edits); i++) {
  const lines = s.text(uri).split('\n');
  const line = r.int(lines.length - 1);
  const len = lines[line].length;
  const e = lines[line].endsWith(' ')
    ? { range: { start: { line, character: len - 1 }, end: { line, character: len } }, text: '' }
    : { range: { start: { line, character: len }, end: { line, character: len } }, text: ' ' };
  const res = mode === 'full' ? await s.changeFull(uri, e.range, e.text) : await s.change(uri, e.range, e.text);
  if (res) times.push(res.ms);
}
console.log(`open ${Math.round(open.ms)} ms, ${open.count} findings; edits`, summarize(times));
await s.close();
