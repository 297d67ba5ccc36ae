// `--fix`: applies each finding's preferred quick fix (never the suppression comments), re-linting between passes.
import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, Analysis } from '../analysis/analyze';
import { AnalysisOptions, Finding, Fix, TextEdit } from '../analysis/types';

/** Fixes can make room for others (or reveal new findings); a few passes settle every case seen so far. */
const MAX_PASSES = 5;

export interface FixOutcome { text: string; analysis: Analysis; applied: number }

export function fixText(text: string, options: AnalysisOptions): FixOutcome {
  let analysis = analyze(text, options);
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const chosen = chooseFixes(analysis.findings, text);
    if (chosen.length === 0) break;
    const doc = TextDocument.create('file:///fix', 'dockerfile', 0, text);
    const next = TextDocument.applyEdits(doc, chosen.flatMap(f => f.edits));
    if (next === text) break;
    text = next;
    applied += chosen.length;
    analysis = analyze(text, options);
  }
  return { text, analysis, applied };
}

/** Preferred, non-suppression fixes whose edits overlap no fix already chosen in this pass. */
function chooseFixes(findings: Finding[], text: string): Fix[] {
  const doc = TextDocument.create('file:///fix', 'dockerfile', 0, text);
  const taken: Array<[number, number]> = [];
  const chosen: Fix[] = [];
  for (const f of findings) {
    const fix = (f.fixes ?? []).find(x => x.isPreferred && !x.title.startsWith('Suppress '));
    if (!fix || fix.edits.length === 0) continue;
    const spans = fix.edits.map((e: TextEdit) => [doc.offsetAt(e.range.start), doc.offsetAt(e.range.end)] as [number, number]);
    // Touching spans count as overlapping: two insertions at one point would have an undefined order.
    const clash = spans.some(([s, e]) => taken.some(([ts, te]) => s <= te && ts <= e))
      || spans.some(([s, e], i) => spans.some(([s2, e2], j) => i !== j && s < e2 && s2 < e));
    if (clash) continue;
    taken.push(...spans);
    chosen.push(fix);
  }
  return chosen;
}

export type WriteOutcome = 'written' | 'changed';

/**
 * Writes the fixed text only if the file still holds the bytes that were linted, through a temporary
 * file in the same folder renamed over the real file (a reader never sees half a file, and a change
 * made meanwhile by another process or editor is reported instead of overwritten). Symlinks are
 * followed, so the link stays a link; mode and (when allowed) owner are kept.
 */
export function writeFixed(file: string, original: Buffer, text: string, bom: boolean): WriteOutcome {
  const target = fs.realpathSync(file);
  const stat = fs.statSync(target);
  const data = Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.layerwise-${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    try { fs.chownSync(temp, stat.uid, stat.gid); } catch { /* not ours to give away: the new file keeps our owner */ }
    fs.chmodSync(temp, stat.mode & 0o7777); // after chown, which clears set-id bits; not narrowed by the umask
    if (!fs.readFileSync(target).equals(original)) return 'changed';
    fs.renameSync(temp, target);
    return 'written';
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
