// The lint report, one file at a time: each file's part is rendered where the file was analysed
// (a worker thread or the main thread) and the parts are written in input order as they arrive.
// The bytes are exactly those of the whole-report formatters (formatJson, formatSarif, …), which
// stay for callers that hold every result.
import { RuleInfo, ruleCatalog } from '../catalog';
import { version } from '../../../../package.json';
import { FileResult, Counts } from './result';
import { jsonEntry } from './json';
import { ruleIndex, sarifLog, sarifResults } from './sarif';
import { CHECKSTYLE_HEAD, CHECKSTYLE_TAIL, checkstyleFile, gitlabIssues, githubLines, gnuLines } from './ci';
import { ttyFindings, ttySummary } from './tty';

export const LINT_FORMATS = ['tty', 'json', 'sarif', 'checkstyle', 'gitlab', 'gnu', 'github'] as const;
export type LintFormat = typeof LINT_FORMATS[number];

/** JSON.stringify(value, null, 2) as it reads nested `depth` levels deep in an indented document. */
function nested(value: object, depth: number): string {
  const pad = '  '.repeat(depth);
  // Strings in JSON never hold a raw newline, so every newline is a line break of the layout.
  return pad + JSON.stringify(value, null, 2).replace(/\n/g, '\n' + pad);
}

/** Renders one file's part of a report; the same bytes on whichever thread it runs. */
export class PartRenderer {
  private rules?: Map<string, RuleInfo>;
  private index?: Map<string, number>;
  constructor(private readonly format: LintFormat, private readonly color: boolean) {}

  render(r: FileResult): string {
    switch (this.format) {
      case 'json': return nested(jsonEntry(r, (this.rules ??= new Map(ruleCatalog().map(x => [x.id, x])))), 1);
      case 'sarif': return sarifResults(r, (this.index ??= ruleIndex(ruleCatalog()))).map(x => nested(x, 4)).join(',\n');
      case 'gitlab': return gitlabIssues(r).map(x => nested(x, 1)).join(',\n');
      case 'checkstyle': return checkstyleFile(r);
      case 'gnu': return gnuLines(r);
      case 'github': return githubLines(r);
      case 'tty': return ttyFindings(r, this.color);
    }
  }
}

/** For the array formats: the text before the first item, the indent of its closing bracket, the text after. */
function arrayFrame(format: LintFormat): { before: string; closeIndent: string; after: string } | undefined {
  if (format === 'json' || format === 'gitlab') return { before: '[', closeIndent: '', after: '\n' };
  if (format !== 'sarif') return undefined;
  // The log with an empty result list, cut where the results go.
  const empty = JSON.stringify(sarifLog(ruleCatalog(), version, []), null, 2) + '\n';
  const at = empty.lastIndexOf('"results": []') + '"results": ['.length;
  return { before: empty.slice(0, at), closeIndent: '      ', after: empty.slice(at + 1) };
}

/** Writes the parts in the order they are added, with what goes before, between and after them. */
export class ReportWriter {
  private readonly frame: ReturnType<typeof arrayFrame>;
  private items = 0;
  private pending = '';
  constructor(private readonly format: LintFormat, private readonly color: boolean, private readonly write: (text: string) => void) {
    this.frame = arrayFrame(format);
    if (format === 'checkstyle') this.out(CHECKSTYLE_HEAD);
  }

  add(part: string): void {
    if (part === '') return;
    if (this.frame) this.out(this.items++ === 0 ? `${this.frame.before}\n` : ',\n');
    this.out(part);
  }

  end(files: number, counts: Counts): void {
    if (this.frame) this.out(this.items === 0 ? `${this.frame.before}]${this.frame.after}` : `\n${this.frame.closeIndent}]${this.frame.after}`);
    else if (this.format === 'checkstyle') this.out(CHECKSTYLE_TAIL);
    else if (this.format === 'tty') this.out(ttySummary(files, counts, this.color));
    this.flush();
  }

  // Parts are small: gather them into fewer, larger writes.
  private out(text: string): void {
    this.pending += text;
    if (this.pending.length >= 1 << 16) this.flush();
  }

  private flush(): void {
    if (this.pending) this.write(this.pending);
    this.pending = '';
  }
}
