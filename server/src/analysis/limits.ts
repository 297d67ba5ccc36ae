// Size limits checked before parsing. dockerfile-ast slows down sharply on huge files and
// even more on huge single instructions (work grows with the square of an instruction's
// words: a 1 MB RUN line takes seconds), and a linter runs on every keystroke. Past these
// limits the analysis steps aside with one information finding instead of freezing.
import { escapeDirective, InstructionSpan, instructionSpans, lineOffsets, linesAfterEdit } from './chunks';
import type { DockerfileModel } from './model';
import { AnalysisOptions, Finding, Severity } from './types';

/** Defaults: a realistic 10,000-line Dockerfile is ~600 KB, the longest real RUNs a few KB. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_INSTRUCTION_BYTES = 128 * 1024;
export const TOO_LARGE_ID = 'file-too-large';
/** Far beyond any real Dockerfile; a 2 MB file of very short lines would otherwise take seconds to parse. */
export const MAX_LINES = 50_000;

export interface LimitCheck {
  lines: string[];
  /** Instruction extents, when the check had to compute them (large files): the parser re-uses them. */
  spans?: InstructionSpan[];
  finding?: Finding;
}

/** Undefined finding when the text is within the limits; `lines` is reused by the caller. */
export function checkLimits(text: string, options: AnalysisOptions): LimitCheck {
  const maxBytes = positive(options.maxBytes, DEFAULT_MAX_BYTES);
  const maxInstruction = positive(options.maxInstructionBytes, DEFAULT_MAX_INSTRUCTION_BYTES);
  const names = options.limitSettingNames ?? {};
  // UTF-16 length ≤ UTF-8 bytes ≤ 3 × length: count bytes only when it can matter.
  const bytes = text.length * 3 <= maxBytes ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    return {
      lines: [],
      finding: notice(options, 0, 0,
        `Layerwise skipped this file: it is ${size(bytes)}, above the ${size(maxBytes)} it analyses${setting(names.maxBytes)}.`),
    };
  }
  // A large file's previous version kept its lines: the unchanged ones are re-used.
  const kept = options.previous?.reuse?.spans;
  const lines = kept ? linesAfterEdit(kept, text) : splitLines(text);
  if (text.length <= maxInstruction) return lineLimit(lines, options);
  const starts = lineOffsets(text, lines.length, lines);
  const spans = instructionSpans(lines, escapeDirective(lines), options.previous?.reuse?.spans, text);
  for (let n = 0; n < spans.length; n++) {
    const span = spans[n];
    const chars = starts[span.endLine + 1] - starts[span.startLine];
    if (chars <= maxInstruction) continue;
    const first = lines[span.startLine];
    const keyword = /^\s*(\S{1,40})/.exec(first);
    const what = keyword ? `\`${keyword[1].toUpperCase()}\` instruction` : 'instruction';
    const lineCount = span.endLine - span.startLine + 1;
    return {
      lines,
      finding: notice(options, span.startLine, keyword ? keyword[0].length : 0,
        `Layerwise skipped this file: the ${what} on line ${span.startLine + 1} is ${size(chars)}`
        + `${lineCount > 1 ? ` over ${lineCount} lines` : ''}, above the ${size(maxInstruction)} it analyses in one instruction${setting(names.maxInstructionBytes)}.`),
    };
  }
  return { ...lineLimit(lines, options), spans };
}

/** The text's lines (any of \r\n, \r, \n ends one); the usual text has no \r and takes the engine's fast split. */
export function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

function lineLimit(lines: string[], options: AnalysisOptions): LimitCheck {
  if (lines.length <= MAX_LINES) return { lines };
  return {
    lines,
    finding: notice(options, 0, 0,
      `Layerwise skipped this file: it has ${lines.length.toLocaleString('en-US')} lines, above the ${MAX_LINES.toLocaleString('en-US')} it analyses.`),
  };
}

/** The model of a skipped file: its lines, and no instructions. */
export function skippedModel(text: string, lines: string[]): DockerfileModel {
  const all = lines.length > 0 ? lines : text.split(/\r\n|\r|\n/);
  return {
    text, lines: all, eol: text.includes('\r\n') ? '\r\n' : '\n', escapeChar: '\\', chunks: [],
    instructions: [], stages: [], globalArgs: new Map(), comments: [],
  };
}

function notice(options: AnalysisOptions, line: number, endCharacter: number, message: string): Finding | undefined {
  const setting = options.rules?.[TOO_LARGE_ID];
  return {
    ruleId: TOO_LARGE_ID,
    severity: setting && setting !== 'off' ? setting as Severity : 'info',
    message,
    range: { start: { line, character: 0 }, end: { line, character: endCharacter } },
  };
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function setting(name: string | undefined): string {
  return name ? ` (setting \`${name}\`)` : '';
}
