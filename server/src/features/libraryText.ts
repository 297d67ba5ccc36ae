// The text handed to dockerfile-language-service for a request at one position. The library parses
// all it is given on every request (a 10,000-line file: ~60 ms for one hover); most of its answers
// depend on little of it, so it gets that part, with the document's line numbers kept.
import type { DockerfileModel } from '../analysis/model';
import { lineOffsets } from '../analysis/chunks';
import type { Position } from './types';

/**
 * What the library's hover reads at `position`: the lines before the first FROM (parser directives,
 * global ARGs), and the stage the position is in, from its FROM through the first instruction that
 * starts after the position's line; every other line empty, nothing after. Its answers come from
 * the parser directives, the instruction at the position (keyword, flags, ONBUILD trigger, ARG/ENV
 * names) and the ARG/ENV declarations before the position in its stage and before the first FROM
 * (dockerfile-ast's resolveVariable), all of which this text holds as the document does.
 */
export function textForHover(text: string, model: DockerfileModel, position: Position): string {
  const instrs = model.instructions;
  const stages = model.stages;
  if (stages.length === 0 || instrs.length === 0) return text;
  const lineCount = model.lines.length;
  const firstFrom = stages[0].from.range.start.line;
  const stage = stageAtLine(model, position.line);
  // The first instruction that starts after the position's line. It is kept too: on a blank or
  // comment line between two instructions, dockerfile-ast finds the stage it is in by the
  // instructions on both sides. Nothing starting after the position's line is read otherwise.
  let next = instrs.length;
  for (let lo = 0, hi = instrs.length - 1; lo <= hi;) {
    const mid = (lo + hi) >> 1;
    if (instrs[mid].range.start.line > position.line) { next = mid; hi = mid - 1; } else lo = mid + 1;
  }
  const endLine = next + 1 < instrs.length ? instrs[next + 1].range.start.line : lineCount;
  if (stage < 0) return kept(text, model, [[0, endLine]]);
  return kept(text, model, [[0, firstFrom], [stages[stage].from.range.start.line, endLine]]);
}

/**
 * The document's lines in `ranges` (`[from, to)`, in order, not overlapping), each other line before
 * the last range empty, nothing after it: the same line numbers with less to parse. The empty lines
 * are CRLF: after a line ended by a lone CR, a LF would end that same line.
 */
function kept(text: string, model: DockerfileModel, ranges: Array<[number, number]>): string {
  let out = '';
  let at = 0;
  for (const [from, to] of ranges) {
    out += '\r\n'.repeat(from - at) + sliceLines(text, model, from, to);
    at = to;
  }
  return out;
}

/** The stage `line` is in: the last one whose FROM starts at or before it (-1 before the first). */
function stageAtLine(model: DockerfileModel, line: number): number {
  const stages = model.stages;
  let stage = -1;
  for (let lo = 0, hi = stages.length - 1; lo <= hi;) {
    const mid = (lo + hi) >> 1;
    if (stages[mid].from.range.start.line <= line) { stage = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return stage;
}

/** Lines [from, to) of the document as written (their line breaks included). */
function sliceLines(text: string, model: DockerfileModel, from: number, to: number): string {
  if (from >= to) return '';
  const starts = lineOffsets(text, model.lines.length, model.lines);
  return text.slice(starts[from], to < starts.length ? starts[to] : text.length);
}

/**
 * Instructions of earlier stages the library's completion reads: stage names and images (FROM), the
 * working directories of a stage's parents (WORKDIR, with the ARG and ENV values they name).
 */
const READ_IN_EARLIER_STAGES = new Set(['FROM', 'WORKDIR', 'ARG', 'ENV']);

/**
 * What the library's completion reads at the end of line `end` (the cursor's instruction ends
 * there), as `lines` (the document split as completion.ts splits it) with the lines it does not
 * read emptied: the lines before the first FROM; the cursor's stage up to `end`; and of the stages
 * before it the instructions named in READ_IN_EARLIER_STAGES, plus the first instruction with each
 * keyword (the library stops looking for the cursor's instruction at an earlier one whose keyword
 * is the word typed). Undefined when `model` does not number its lines as `lines` does (a lone CR).
 */
export function linesForCompletion(lines: string[], model: DockerfileModel, line: number, end: number): string[] | undefined {
  if (model.lines.length !== lines.length) return undefined;
  const stages = model.stages;
  const stage = stageAtLine(model, line);
  if (stage <= 0) return undefined;
  const out = new Array<string>(end + 1).fill('');
  const keep = (from: number, to: number) => { for (let l = from; l <= Math.min(to, end); l++) out[l] = lines[l]; };
  keep(0, stages[0].from.range.start.line - 1);
  keep(stages[stage].from.range.start.line, end);
  const firstOfKeyword = new Set<string>();
  for (let s = 0; s < stage; s++) {
    for (const instr of [stages[s].from, ...stages[s].instructions]) {
      const first = !firstOfKeyword.has(instr.keyword);
      if (first) firstOfKeyword.add(instr.keyword);
      if (first || READ_IN_EARLIER_STAGES.has(instr.keyword)) keep(instr.range.start.line, instr.range.end.line);
    }
  }
  return out;
}

/**
 * What the library's document links read: the FROM instructions (their images and stage names) and
 * the lines before the first FROM (the global ARGs their images name); every other line empty. The
 * library resolves each FROM's variables by walking every instruction of the file, once per
 * variable: on a file of 1,000 stages and 10,000 lines that was ~600 ms a request, ~10x less with
 * the FROM lines alone.
 */
export function textForLinks(text: string, model: DockerfileModel): string {
  const stages = model.stages;
  if (stages.length === 0) return text;
  const ranges: Array<[number, number]> = [[0, stages[0].from.range.start.line]];
  for (const stage of stages) ranges.push([stage.from.range.start.line, stage.from.range.end.line + 1]);
  return kept(text, model, ranges);
}

/**
 * What the library's highlights read at `position`: the lines before the first FROM, the stage the
 * position is in (all of it: a variable is highlighted wherever its stage uses it), and of the other
 * stages their FROM and COPY instructions (stage names, `COPY --from` values, FROM variables, which
 * are highlighted file-wide). An instruction is kept with the lines up to the next one, so a heredoc
 * keeps its body. The library resolves every FROM's variables by walking every instruction, as for
 * the links.
 */
export function textForHighlights(text: string, model: DockerfileModel, position: Position): string {
  const stages = model.stages;
  const instrs = model.instructions;
  if (stages.length === 0) return text;
  const here = stageAtLine(model, position.line);
  const keep: Array<[number, number]> = [[0, stages[0].from.range.start.line]];
  for (let n = 0; n < instrs.length; n++) {
    const instr = instrs[n];
    if (instr.stage !== here && instr.keyword !== 'FROM' && instr.keyword !== 'COPY') continue;
    const start = instr.range.start.line;
    const end = n + 1 < instrs.length ? instrs[n + 1].range.start.line : model.lines.length;
    if (start >= keep[keep.length - 1][1]) keep.push([start, end]);
  }
  return kept(text, model, keep);
}
