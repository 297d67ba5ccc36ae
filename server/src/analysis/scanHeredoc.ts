// Heredocs for the scanner (scan.ts), read as dockerfile-ast reads them, for the shape handled
// here: RUN/COPY/ADD with one `<<NAME` (`<<-NAME`, `<<"NAME"`, `<<'NAME'`) on a head line without
// continuations, no escape character and no CR anywhere in the instruction. Anything else
// throws Unsupported and the chunk goes to dockerfile-ast.
import type { Heredoc } from './model';
import { RawArg, Unsupported } from './scanParts';
import type { Range } from './types';
import { emptyList } from './lists';

interface Positioner { range(start: number, end: number): Range }

const OPENER = /^<<(-?)(?:"(\w+)"|'(\w+)'|(\w+))$/;

/** The heredoc an instruction head opens: its name and whether its end marker may be tab-indented. */
export interface Opener { name: string; tabbed: boolean }

/**
 * The heredoc `head` (the arguments up to the first line break) opens, or undefined when none.
 * `keyword` is upper-case.
 */
export function heredocOpener(keyword: string, head: RawArg[]): Opener | undefined {
  const openers = head.filter(a => a.value.startsWith('<<'));
  if (openers.length === 0) return undefined;
  if (keyword !== 'RUN' && keyword !== 'COPY' && keyword !== 'ADD') {
    if (keyword === 'ONBUILD') throw new Unsupported('ONBUILD heredoc');
    return undefined; // not a heredoc for other keywords
  }
  if (openers.length > 1) throw new Unsupported('several heredocs');
  const m = OPENER.exec(openers[0].value);
  if (!m) throw new Unsupported('unusual heredoc opener');
  return { name: m[2] ?? m[3] ?? m[4], tabbed: m[1] === '-' };
}

/** Where the heredoc body that starts after `from` (the head's line break) ends: its end marker's line break, or EOF. */
export function heredocEnd(text: string, from: number, opener: Opener): number {
  let startWord = -1, lineStart = true;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === ' ') lineStart = false;
    else if (c === '\t') { if (!opener.tabbed) lineStart = false; }
    else if (c === '\n') {
      if (startWord !== -1 && text.substring(startWord, i) === opener.name) return i;
      startWord = -1; lineStart = true;
    } else if (lineStart) { startWord = i; lineStart = false; }
  }
  return text.length;
}

/**
 * The instruction's heredoc as the model keeps it (dockerfile-ast's getHeredocs for this shape):
 * `args` are the arguments after flags, `start`/`end` the instruction's offsets.
 */
export function heredocsOf(text: string, lines: string[], args: RawArg[], start: number, end: number, opener: Opener, pos: Positioner, textOf: (lines: string[], r: Range) => string): Heredoc[] {
  const body = text.slice(start, end);
  if (!body.includes('\n')) return [{ name: opener.name, content: '', range: null }];
  const startOffset = args[0].start;
  const content = text.slice(startOffset, end);
  const arg = args.find(a => a.value.startsWith('<<'))!;
  const isEnd = (from: number, to: number) => {
    const candidate = text.slice(from, to);
    if (!arg.value.startsWith('<<-')) return candidate === opener.name;
    let k = 0;
    while (candidate[k] === '\t') k++;
    return candidate.substring(k) === opener.name;
  };
  const make = (r: Range | null): Heredoc => ({ name: opener.name, content: r ? textOf(lines, r) : '', range: r });
  let processed = false, found = false;
  let contentStart = -1, contentEnd = -1, lineStart = -1;
  const out: Heredoc[] = emptyList();
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c !== '\n') {
      if (processed) { if (contentStart === -1) contentStart = i; if (lineStart === -1) lineStart = i; }
      continue;
    }
    if (!processed) {
      // The opener must be on the first line (it is: the head has no continuation).
      if (arg.start >= startOffset + i) throw new Unsupported('heredoc opener after the head');
      processed = true; lineStart = -1;
      continue;
    }
    if (contentStart === -1) contentStart = i;
    contentEnd = i;
    // dockerfile-ast fails on a line after a found end marker; the model then keeps no heredoc.
    if (found) return emptyList();
    if (isEnd(startOffset + lineStart, startOffset + i)) {
      out.push(make(pos.range(startOffset + contentStart, startOffset + lineStart - 1)));
      contentStart = -1; found = true;
    }
    lineStart = -1;
  }
  if (!processed) return [{ name: opener.name, content: '', range: null }];
  if (found) return emptyList();
  let range: Range | null = null;
  if (!isEnd(startOffset + lineStart, end)) range = pos.range(startOffset + contentStart, end);
  else if (contentEnd !== -1) range = pos.range(startOffset + contentStart, startOffset + contentEnd);
  out.push(make(range));
  return out;
}
