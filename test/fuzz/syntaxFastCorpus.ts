// `node out/test/fuzz/syntaxFastCorpus.js DIR…`: the fast-syntax property over every Dockerfile
// under the given directories (a local corpus of real files; not part of CI). Prints how many
// chunks took the fast path and exits non-zero on any difference from validate().
import * as fs from 'fs';
import * as path from 'path';
import { checkSyntaxFast } from './syntaxFastProperty';

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile() && /dockerfile/i.test(e.name) && fs.statSync(full).size < 1000 * 1024) out.push(full);
  }
}

const files: string[] = [];
for (const dir of process.argv.slice(2)) walk(dir, files);
const count = { chunks: 0, fast: 0 };
let failures = 0;
for (const file of files.sort()) {
  try {
    checkSyntaxFast(fs.readFileSync(file, 'utf8'), count);
  } catch (e) {
    failures++;
    console.log(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
console.log(`${files.length} files, ${count.chunks} chunks, ${count.fast} on the fast path (${(100 * count.fast / Math.max(1, count.chunks)).toFixed(1)} %), ${failures} differing`);
process.exitCode = failures > 0 || files.length === 0 ? 1 : 0;
