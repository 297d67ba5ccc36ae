// Helpers the cache rules share: where a stage's cache breaks, how many steps follow,
// and moving an instruction (with the comments attached above it) elsewhere.
import { CopySource, DockerfileModel, Instr, Stage } from '../../analysis/model';
import { ShellCommand, programOf } from '../../analysis/shell';
import { TextEdit } from '../../analysis/types';
import { afterLine, describe, insertBefore } from '../edits';
import { listOf } from '../../analysis/lists';

/** Instructions of the stage strictly between a and b (by file order). */
export function between(stage: Stage, a: Instr, b: Instr): Instr[] {
  return stage.instructions.filter(i => i.index > a.index && i.index < b.index);
}

/** "line 7 `RUN npm ci` and the 3 steps after it": what a cache miss at `instr` reruns. */
export function rebuildsPhrase(model: DockerfileModel, stage: Stage, instr: Instr): string {
  const n = stage.instructions.filter(i => i.index > instr.index).length;
  const tail = n === 0 ? '' : n === 1 ? ' and the step after it' : ` and the ${n} steps after it`;
  return describe(model, instr) + tail;
}

/** Whole-context copies of the stage (`COPY . .`, `ADD . /app`), in order. */
export function contextCopies(stage: Stage): CopySource[] {
  return stage.copies.filter(c => c.wholeContext && c.instr.heredocs.length === 0);
}

/** First line of the comment block directly above the instruction (its own line when none). */
export function attachedStart(model: DockerfileModel, instr: Instr): number {
  const prevEnd = model.instructions[instr.index - 1]?.range.end.line ?? -1;
  let line = instr.range.start.line;
  while (line - 1 > prevEnd && /^\s*#/.test(model.lines[line - 1] ?? '') && !isDirective(model, line - 1)) line--;
  return line;
}

function isDirective(model: DockerfileModel, line: number): boolean {
  // Parser directives only exist in the leading comment block before any instruction.
  return (model.instructions[0]?.range.start.line ?? 0) > line && /^\s*#\s*[a-zA-Z]+\s*=/.test(model.lines[line] ?? '');
}

/** The instruction and its attached comments as text to re-insert, plus the edit that removes them. */
export function takeInstruction(model: DockerfileModel, instr: Instr): { text: string; remove: TextEdit } {
  const start = attachedStart(model, instr);
  const lines: string[] = [];
  for (let l = start; l <= instr.range.end.line; l++) lines.push(model.lines[l] ?? '');
  return {
    text: lines.join(model.eol) + model.eol,
    remove: { range: { start: { line: start, character: 0 }, end: afterLine(instr.range.end.line, model) }, newText: '' },
  };
}

/** Edits that move `instrs` (in order) to just above `target` (and above its attached comments). */
export function moveAbove(model: DockerfileModel, instrs: Instr[], target: Instr, prefix = ''): TextEdit[] {
  const taken = listOf(instrs, i => takeInstruction(model, i));
  const pos = { line: attachedStart(model, target), character: 0 };
  return [{ range: { start: pos, end: pos }, newText: prefix + listOf(taken, t => t.text).join('') }, ...listOf(taken, t => t.remove)];
}

/** `insertBefore` that lands above the target's attached comments. */
export function insertAbove(model: DockerfileModel, target: Instr, text: string): TextEdit {
  const e = insertBefore(target, text);
  const pos = { line: attachedStart(model, target), character: 0 };
  return { ...e, range: { start: pos, end: pos } };
}

// Shell keywords that can start a simple command as splitShell cuts it (`if [ … ]; then apt-get install …`).
const LEADING_KEYWORDS = new Set(['then', 'else', 'do', 'if', 'elif', 'while', 'until', '!']);

/** Program and the words after it; `python -m pip` reads as `pip`, `then apt-get …` as `apt-get`. */
export function commandOf(cmd: ShellCommand): { prog: string; args: string[] } {
  let words = cmd.words;
  if (LEADING_KEYWORDS.has(words[0]) && words.length > 1) {
    let i = 0;
    while (i < words.length - 1 && LEADING_KEYWORDS.has(words[i])) i++;
    words = words.slice(i);
    cmd = { ...cmd, words };
  }
  const prog = programOf(cmd);
  if (/^python[0-9.]*$/.test(prog) && words[1] === '-m' && words[2]) return { prog: words[2], args: words.slice(3) };
  return { prog, args: words.slice(1) };
}

/** Words that are not flags. */
export function positional(args: string[]): string[] {
  return args.filter(a => !a.startsWith('-'));
}

/** Working directory in effect just before `instr`, when it can be known without guessing. */
const workdirs = new WeakMap<Stage, Map<number, string | undefined>>();

/** The working directory an instruction runs in (undefined when a variable or an unknown base decides it). */
export function workdirBefore(stage: Stage, instr: Instr): string | undefined {
  // Computed once per stage: rules ask for many instructions, and a rescan each time is quadratic.
  let byIndex = workdirs.get(stage);
  if (!byIndex) {
    byIndex = new Map();
    let dir: string | undefined = stage.parent === undefined ? '/' : undefined;
    for (const i of stage.instructions) {
      byIndex.set(i.index, dir);
      if (i.keyword !== 'WORKDIR') continue;
      const arg = i.args.join(' ');
      if (arg.includes('$')) { dir = undefined; continue; }
      dir = arg.startsWith('/') ? normalize(arg) : dir === undefined ? undefined : normalize(dir + '/' + arg);
    }
    byIndex.set(Number.MAX_SAFE_INTEGER, dir);
    workdirs.set(stage, byIndex);
  }
  return byIndex.has(instr.index) ? byIndex.get(instr.index) : byIndex.get(Number.MAX_SAFE_INTEGER);
}

/** Absolute path for `p` seen from `dir`, or undefined when it cannot be known. */
export function resolvePath(dir: string | undefined, p: string): string | undefined {
  if (p.includes('$') || p.includes('*') || p.startsWith('~')) return undefined;
  if (p.startsWith('/')) return normalize(p);
  return dir === undefined ? undefined : normalize(dir + '/' + p);
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop(); else out.push(part);
  }
  return '/' + out.join('/');
}

/** The instruction's text on its own lines, as a single string (for reference checks). */
export function instructionText(model: DockerfileModel, instr: Instr): string {
  return model.lines.slice(instr.range.start.line, instr.range.end.line + 1).join('\n');
}

/** True when the instruction text mentions `$NAME` or `${NAME…}`. */
export function referencesVar(text: string, name: string): boolean {
  return new RegExp('\\$(?:\\{' + name + '(?![A-Za-z0-9_])|' + name + '(?![A-Za-z0-9_]))').test(text);
}
