// `node out/test/fuzz/scanCorpus.js DIR…`: the scanner property over every Dockerfile under the
// given directories (a local corpus that is not in the repository), with the share of texts the
// scanner answered for. Exits 1 on the first difference.
import * as fs from 'fs';
import * as path from 'path';
import { checkScanner, ScanTally } from './scanProperty';

function* dockerfiles(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== '.git') yield* dockerfiles(p); }
    else if (e.isFile() && /dockerfile/i.test(e.name) && fs.statSync(p).size < 1000 * 1024) yield p;
  }
}

const tally: ScanTally = { texts: 0, answered: 0 };
let files = 0, failures = 0;
for (const dir of process.argv.slice(2)) {
  for (const file of dockerfiles(dir)) {
    files++;
    try { checkScanner(fs.readFileSync(file, 'utf8'), tally); } catch (e) {
      failures++;
      console.log(`FAIL ${file}\n  ${(e as Error).message.split('\n').join('\n  ')}`);
      if (failures >= 10) process.exit(1);
    }
  }
}
console.log(`${files} files, ${tally.texts} texts (whole files and chunks), scanner answered ${tally.answered} (${(100 * tally.answered / Math.max(1, tally.texts)).toFixed(1)} %), ${failures} differences`);
process.exitCode = failures ? 1 : 0;
