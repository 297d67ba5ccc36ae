// Human output: `path:line:col severity rule-id message`, the source line, a caret under the range, a summary.
import { Finding, Severity } from '../../analysis/types';
import { Counts, FileResult, countFindings } from './result';
import { escapeControl } from './escape';

const CODES = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, dim: 2, green: 32 } as const;
type Paint = (style: keyof typeof CODES, text: string) => string;

const SEVERITY_STYLE: Record<Severity, keyof typeof CODES> = { error: 'red', warning: 'yellow', info: 'blue', hint: 'gray' };
/** Source lines longer than this are cut around the finding so the caret stays readable. */
const MAX_SHOWN = 160;

const painter = (color: boolean): Paint => color ? (style, text) => `\x1b[${CODES[style]}m${text}\x1b[0m` : (_style, text) => text;

export function formatTty(results: FileResult[], color: boolean): string {
  const counts = countFindings(results);
  return results.map(r => ttyFindings(r, color)).join('') + ttySummary(results.length, counts, color);
}

/** One file's findings, each a block and a blank line (also what report.ts streams, one file at a time). */
export function ttyFindings(r: FileResult, color: boolean): string {
  const paint = painter(color);
  let out = '';
  for (const f of r.findings) out += findingBlock(r, f, paint).join('\n') + '\n\n';
  return out;
}

function findingBlock(r: FileResult, f: Finding, paint: Paint): string[] {
  const { start, end } = f.range;
  const head = `${paint('bold', `${escapeControl(r.path)}:${start.line + 1}:${start.character + 1}`)} ${paint(SEVERITY_STYLE[f.severity], f.severity)} ${paint('dim', f.ruleId)} ${escapeControl(f.message)}`;
  const source = r.lines[start.line];
  if (source === undefined) return [head];
  // Multi-line ranges are underlined to the end of their first line.
  const endChar = end.line === start.line ? end.character : source.length;
  let from = start.character;
  let to = Math.max(endChar, from + 1);
  let shown = source;
  let offset = 0;
  if (shown.length > MAX_SHOWN) {
    offset = Math.max(0, Math.min(from - 20, shown.length - MAX_SHOWN));
    shown = (offset > 0 ? '…' : '') + shown.slice(offset, offset + MAX_SHOWN) + (offset + MAX_SHOWN < source.length ? '…' : '');
    const shift = offset > 0 ? offset - 1 : 0;
    from -= shift; to = Math.min(to - shift, shown.length);
  }
  const gutter = `${start.line + 1} | `;
  const blank = ' '.repeat(gutter.length - 2) + '| ';
  // Control characters are shown escaped (several columns each): measure the caret on the escaped text.
  // Keep tabs under tabs so the caret lines up in any terminal.
  const pad = escapeControl(shown.slice(0, from)).replace(/[^\t]/g, ' ');
  const caret = '^'.repeat(Math.max(1, escapeControl(shown.slice(from, Math.min(to, shown.length))).length + (to > shown.length ? 1 : 0)));
  return [head, paint('dim', gutter) + escapeControl(shown), paint('dim', blank) + pad + paint(SEVERITY_STYLE[f.severity], caret)];
}

/** The last line: how many problems of each severity in how many files. */
export function ttySummary(fileCount: number, c: Counts, color: boolean): string {
  const paint = painter(color);
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  const fixed = c.fixed ? `, ${c.fixed} fix${c.fixed === 1 ? '' : 'es'} applied` : '';
  const total = c.error + c.warning + c.info + c.hint;
  if (total === 0) return paint('green', `No problems found in ${files}${fixed}.`) + '\n';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [plural(c.error, 'error'), plural(c.warning, 'warning'), `${c.info} info`, plural(c.hint, 'hint')];
  return paint(c.error ? 'red' : 'yellow', `${plural(total, 'problem')} (${parts.join(', ')}) in ${files}${fixed}.`) + '\n';
}
