// Linting one file, from its path to its part of the report: read it, find its build context, analyse,
// render. The same function runs on the main thread (few files, --fix, stdin) and on the worker
// threads (parallel.ts), so the report is byte for byte the same however many threads ran.
import * as path from 'path';
import { analyze, Analysis } from '../analysis/analyze';
import { AnalysisOptions } from '../analysis/types';
import { reason } from './errors';
import { STDIN, contextFilesOf, contextReaderOf, displayPath } from './files';
import { fixText, writeFixed } from './fix';
import { firstInvalidByte, readInputFile, ReadOutcome } from './read';
import { Counts } from './format/result';
import { PartRenderer } from './format/report';

/** The options a file's configs give (the same for every file under the same configs); plain data. */
export type FileSettings = Omit<AnalysisOptions, 'onRuleError' | 'previous' | 'readContextFile' | 'contextFiles' | 'dockerfileName'>;

export interface LintTask {
  /** Absolute path, or STDIN. */
  file: string;
  /** As the report names it. */
  shown: string;
  /** Index into the settings table the thread was given. */
  settings: number;
  /** Standard input, read by the main thread before anything else. */
  stdin?: ReadOutcome;
}

export interface FileOutcome {
  /** Messages for stderr, in the order they happened (not yet escaped). */
  warnings: string[];
  /** Input problems (unreadable, not fixable, not written): any of them makes the exit code 2. */
  problems: number;
  /** False when the file was skipped (unreadable): it has no part in the report. */
  linted: boolean;
  part: string;
  counts: Counts;
}

export function lintFile(task: LintTask, settings: FileSettings, renderer: PartRenderer, fix = false): FileOutcome {
  const warnings: string[] = [];
  const counts: Counts = { error: 0, warning: 0, info: 0, hint: 0, fixed: 0 };
  const { file, shown } = task;
  const read = task.stdin ?? readInputFile(file, shown);
  if (!read.ok) return { warnings: [read.problem], problems: 1, linted: false, part: '', counts };
  const { text } = read.input;
  const options = optionsFor(file, settings, warnings);
  let problems = 0;
  let analysis: Analysis;
  let fixed: number | undefined;
  if (fix && !read.input.utf8) {
    // Decoding replaced the bytes it did not understand with U+FFFD: writing the text back would destroy them.
    const at = firstInvalidByte(read.input.bytes);
    const where = at >= 0 ? ` (byte 0x${read.input.bytes[at].toString(16).toUpperCase()} on line ${read.input.bytes.subarray(0, at).toString('latin1').split('\n').length})` : '';
    warnings.push(`Not fixing ${shown}: it is not valid UTF-8${where}. Convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8) and run --fix again; its findings are reported unchanged.`);
    problems++;
    analysis = analyze(text, options);
  } else if (fix) {
    const outcome = fixText(text, options);
    analysis = outcome.analysis;
    if (outcome.applied > 0) {
      try {
        if (writeFixed(file, read.input.bytes, outcome.text, read.input.bom) === 'written') {
          fixed = outcome.applied;
        } else {
          warnings.push(`Not fixing ${shown}: it changed while it was being linted, and that change is kept. Run --fix again.`);
          problems++;
          analysis = analyze(text, options);
        }
      } catch (error) {
        warnings.push(`Cannot write the fixes to ${shown}: ${reason(error)}.`);
        problems++;
        analysis = analyze(text, options);
      }
    }
  } else {
    analysis = analyze(text, options);
  }
  for (const f of analysis.findings) counts[f.severity]++;
  counts.fixed = fixed ?? 0;
  const part = renderer.render({ path: shown, lines: analysis.model.lines, findings: analysis.findings, fixed });
  return { warnings, problems, linted: true, part, counts };
}

function optionsFor(file: string, settings: FileSettings, warnings: string[]): AnalysisOptions {
  const reported = new Set<string>();
  return {
    ...settings,
    dockerfileName: file === STDIN ? undefined : path.basename(file),
    contextFiles: contextFilesOf(file),
    readContextFile: contextReaderOf(file),
    // The CLI neither shows nor applies the editor's "Suppress …" fixes: not built at all.
    suppressionFixes: false,
    onRuleError: (ruleId, error) => {
      if (reported.has(ruleId)) return;
      reported.add(ruleId);
      warnings.push(`rule ${ruleId} failed on ${displayPath(file)} and was skipped (${reason(error)}); please report this.`);
    },
  };
}
