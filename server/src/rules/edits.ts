// Building blocks for quick fixes: whole-line edits that keep the file's line endings.
import { DockerfileModel, Instr } from '../analysis/model';
import { Range, TextEdit } from '../analysis/types';
import { lineRef } from '../analysis/lineRefs';
import { listOf } from '../analysis/lists';

/**
 * The instruction's full lines (from column 0 to the start of the next line). Pass the model so
 * an instruction on the last line, with no line break after it, ends inside the document.
 */
export function lineSpan(instr: Instr, model?: DockerfileModel): Range {
  return { start: { line: instr.range.start.line, character: 0 }, end: afterLine(instr.range.end.line, model) };
}

/** Start of the line after `line`, or the end of `line` when it is the document's last. */
export function afterLine(line: number, model?: DockerfileModel): { line: number; character: number } {
  if (model && line + 1 >= model.lines.length) return { line, character: (model.lines[line] ?? '').length };
  return { line: line + 1, character: 0 };
}

/** The instruction's text including its trailing line break, as it would be moved. */
export function instructionLines(model: DockerfileModel, instr: Instr): string {
  const out: string[] = [];
  for (let l = instr.range.start.line; l <= instr.range.end.line; l++) out.push(model.lines[l] ?? '');
  return out.join(model.eol) + model.eol;
}

/** Deletes the instruction's lines (and the comment lines directly attached above it, when asked). */
export function deleteInstruction(instr: Instr, model?: DockerfileModel): TextEdit {
  return { range: lineSpan(instr, model), newText: '' };
}

export function insertBefore(instr: Instr, text: string): TextEdit {
  const pos = { line: instr.range.start.line, character: 0 };
  return { range: { start: pos, end: pos }, newText: text };
}

/** Inserts lines after the instruction; handles a last line with no line break. */
export function insertAfter(model: DockerfileModel, instr: Instr, text: string): TextEdit {
  const line = instr.range.end.line;
  // A dangling escape (end of file mid-edit; blank and comment lines after it still continue it) would join
  // the new lines into this instruction: drop it, and keep the lines after it as they are.
  let content = line;
  while (content > instr.range.start.line && /^\s*(#.*)?$/.test(model.lines[content] ?? '')) content--;
  const trimmed = (model.lines[content] ?? '').trimEnd();
  if (trimmed.endsWith(model.escapeChar)) {
    // Escapes and blanks before it go too (`slim \ \`): a line that still ended in an escape
    // followed by blanks would continue into the new lines all the same.
    let cut = trimmed.length - 1;
    let kept = trimmed.slice(0, cut).trimEnd();
    while (kept.endsWith(model.escapeChar) && kept.slice(0, -1).trim() !== '') cut = (kept = kept.slice(0, -1).trimEnd()).length;
    const start = { line: content, character: cut };
    return { range: { start, end: { line: content, character: (model.lines[content] ?? '').length } }, newText: model.eol + text.replace(/(\r?\n)$/, '') };
  }
  if (line + 1 >= model.lines.length || (line + 1 === model.lines.length - 1 && model.lines[line + 1] === '' && !model.text.endsWith(model.eol))) {
    const end = { line, character: (model.lines[line] ?? '').length };
    return { range: { start: end, end }, newText: model.eol + text.replace(/(\r?\n)$/, '') };
  }
  const pos = { line: line + 1, character: 0 };
  return { range: { start: pos, end: pos }, newText: text };
}

/** Replaces the whole instruction (all its lines, keeping the final line break). */
export function replaceInstruction(model: DockerfileModel, instr: Instr, text: string): TextEdit {
  const end = { line: instr.range.end.line, character: (model.lines[instr.range.end.line] ?? '').length };
  return { range: { start: { line: instr.range.start.line, character: 0 }, end }, newText: text };
}

/** The first line of an instruction: a good finding range for long multi-line RUNs. */
export function firstLine(model: DockerfileModel, instr: Instr): Range {
  const line = instr.range.start.line;
  const end = instr.range.end.line === line ? instr.range.end.character : (model.lines[line] ?? '').replace(/\s*\S?$/, '').length;
  return { start: instr.range.start, end: { line, character: Math.max(end, instr.range.start.character + 1) } };
}

/** `line 7 \`RUN npm ci\``: how messages name an instruction (first line, shortened). */
export function describe(model: DockerfileModel, instr: Instr): string {
  let text = (model.lines[instr.range.start.line] ?? '').trim().replace(/\s*\\$/, '');
  if (text.length > 60) text = text.slice(0, 57) + '…';
  return `line ${lineRef(instr.range.start.line)} \`${text}\``;
}

/** JSON exec form for a command: `["nginx", "-g", "daemon off;"]`. */
export function execFormOf(words: string[]): string {
  return '[' + listOf(words, w => JSON.stringify(w)).join(', ') + ']';
}
