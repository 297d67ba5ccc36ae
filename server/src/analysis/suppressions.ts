// `# layerwise ignore=<id>[,<id>] [reason]` above an instruction, `# layerwise global ignore=<id>` for the file.
import { DockerfileModel, Instr } from './model';
import { Finding, Fix } from './types';
import { hadolintIgnore } from './pragmas/hadolint';
import { emptyList, listOf } from './lists';

const IGNORE = /^\s*#\s*layerwise\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_*,.-]+)/i;

export interface Suppressions {
  global: Set<string>;
  /** Instruction index → ids ignored for it. */
  byInstruction: Map<number, Set<string>>;
}

export function readSuppressions(model: DockerfileModel): Suppressions {
  const global = new Set<string>();
  const byInstruction = new Map<number, Set<string>>();
  const commentOnLine = new Map<number, string>();
  for (let l = 0; l < model.lines.length; l++) {
    const line = model.lines[l];
    if (line.length > 4096 || !isCommentLine(line)) continue;
    commentOnLine.set(l, line);
    const m = IGNORE.exec(line);
    if (m && m[1]) for (const id of ids(m[2])) global.add(id);
    const h = hadolintIgnore(line);
    if (h?.global) for (const id of h.ids) global.add(id);
  }
  if (commentOnLine.size === 0) return { global, byInstruction };
  // Each block of comment lines applies to the instruction starting on the line after it: found
  // by binary search from the comments (few), not by visiting every instruction (many).
  for (const last of commentOnLine.keys()) {
    if (commentOnLine.has(last + 1)) continue; // not the block's last line
    for (let k = firstStartingFrom(model.instructions, last + 1); k < model.instructions.length; k++) {
      const instr = model.instructions[k];
      if (instr.range.start.line !== last + 1) break;
      // Walk the comment block directly above the instruction.
      for (let l = last; l >= 0 && commentOnLine.has(l); l--) {
        const comment = commentOnLine.get(l) as string;
        const m = IGNORE.exec(comment);
        const h = m ? undefined : hadolintIgnore(comment);
        if (m ? m[1] : !h || h.global) continue;
        let set = byInstruction.get(instr.index);
        if (!set) byInstruction.set(instr.index, (set = new Set()));
        for (const id of m ? ids(m[2]) : h!.ids) set.add(id);
      }
    }
  }
  return { global, byInstruction };
}

/** The index of the first instruction starting on `line` or later (instructions are in file order). */
function firstStartingFrom(list: Instr[], line: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].range.start.line < line) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** `/^\s*#/`, without running a regular expression on the usual line (one starting with a letter). */
function isCommentLine(line: string): boolean {
  if (line.length === 0) return false; // (charCodeAt past the end deoptimises the optimised code)
  const c = line.charCodeAt(0);
  if (c === 35) return true; // '#'
  // Only a line starting with white space (ASCII, or any non-ASCII character that may be) can still be one.
  return (c === 32 || c === 9 || (c >= 10 && c <= 13) || c > 127) && /^\s*#/.test(line);
}

function ids(list: string): string[] {
  return listOf(list.split(','), s => s.trim().toLowerCase()).filter(Boolean);
}

/** The instruction whose range contains the line, by binary search over file order. */
export function instructionAt(model: DockerfileModel, line: number): Instr | undefined {
  const list = model.instructions;
  let lo = 0, hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = list[mid].range;
    if (line < r.start.line) hi = mid - 1;
    else if (line > r.end.line) lo = mid + 1;
    else return list[mid];
  }
  return undefined;
}

export function isSuppressed(f: Finding, s: Suppressions, model: DockerfileModel, category: string): boolean {
  // The usual file has no suppression comments: nothing to look up per finding.
  if (s.global.size === 0 && s.byInstruction.size === 0) return false;
  const keys = [f.ruleId, category, '*'];
  if (keys.some(k => s.global.has(k))) return true;
  if (s.byInstruction.size === 0) return false;
  const instr = instructionAt(model, f.range.start.line);
  const set = instr && s.byInstruction.get(instr.index);
  return !!set && keys.some(k => set.has(k));
}

export function suppressionFixes(f: Finding, model: DockerfileModel): Fix[] {
  const fixes: Fix[] = emptyList();
  const instr = instructionAt(model, f.range.start.line);
  if (instr) {
    const line = instr.range.start.line;
    const indent = /^[ \t]*/.exec(model.lines[line] ?? '')?.[0] ?? ''; // not \s: it matches a byte-order mark
    const pos = { line, character: afterBom(model, line) };
    fixes.push({
      title: `Suppress ${f.ruleId} for this instruction`,
      edits: [{ range: { start: pos, end: pos }, newText: `${indent}# layerwise ignore=${f.ruleId}${model.eol}` }],
    });
  }
  // File-wide: after parser directives, which must stay first.
  let line = 0;
  while (line < model.lines.length && /^\s*#\s*[a-zA-Z]+\s*=/.test(model.lines[line]) && !IGNORE.test(model.lines[line])) line++;
  const comment = `# layerwise global ignore=${f.ruleId}`;
  // A file of nothing but directives: append on a new last line (a position past the end is not in the document).
  const last = model.lines.length - 1;
  const edit = line <= last
    ? { range: { start: { line, character: afterBom(model, line) }, end: { line, character: afterBom(model, line) } }, newText: comment + model.eol }
    : { range: { start: { line: last, character: model.lines[last].length }, end: { line: last, character: model.lines[last].length } }, newText: model.eol + comment };
  fixes.push({ title: `Suppress ${f.ruleId} in this file`, edits: [edit] });
  return fixes;
}

/** A byte-order mark must stay the file's first character: insert after it. */
function afterBom(model: DockerfileModel, line: number): number {
  return line === 0 && model.text.charCodeAt(0) === 0xfeff ? 1 : 0;
}
