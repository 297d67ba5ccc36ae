// Turning shell text into exec-form words (when no shell is needed), quoting words back into
// shell text, and finding a simple command's text inside an instruction for precise ranges.
import { DockerfileModel, Instr } from './model';
import { Range } from './types';
import { ShellCommand } from './shell';
import { listOf } from './lists';

/**
 * The words of `text` when running it without a shell gives the same result: no variables,
 * globs, operators, redirections, substitutions, escapes or leading assignments. Quotes that
 * only group words are fine (`nginx -g 'daemon off;'`). A leading `exec` is dropped.
 */
export function execWordsIfSimple(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return undefined;
      word += text.slice(i + 1, close); inWord = true; i = close; continue;
    }
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return undefined;
      const inner = text.slice(i + 1, close);
      if (/[$`\\!]/.test(inner)) return undefined;
      word += inner; inWord = true; i = close; continue;
    }
    if (c === ' ' || c === '\t') {
      if (inWord) { words.push(word); word = ''; inWord = false; }
      continue;
    }
    if (/[$`\\*?[\]~<>|&;(){}#!\n\r]/.test(c)) return undefined;
    word += c; inWord = true;
  }
  if (inWord) words.push(word);
  if (words[0] === 'exec') words.shift();
  if (words.length === 0 || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) return undefined;
  return words;
}

/** Words back to shell text, quoting only where needed. */
export function shellQuote(words: string[]): string {
  return listOf(words, w => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * Where a simple command's text sits in the file. Continuation lines split the text, so this
 * falls back to the command's first words on one line; `after` skips earlier occurrences.
 */
export function locateCommand(model: DockerfileModel, instr: Instr, cmd: ShellCommand, after?: Range): Range | undefined {
  const raw = cmd.text.split('\n')[0];
  const tokens = raw.split(/\s+/).filter(Boolean);
  const candidates = [raw, tokens.slice(0, 2).join(' '), tokens[0]].filter(c => c && c.length > 0);
  const startLine = after ? after.end.line : instr.range.start.line;
  for (const needle of candidates) {
    for (let l = startLine; l <= instr.range.end.line; l++) {
      const line = model.lines[l] ?? '';
      let from = l === instr.range.start.line ? instr.keywordRange.end.character : 0;
      if (after && l === after.end.line) from = Math.max(from, after.end.character);
      const at = line.indexOf(needle, from);
      if (at >= 0) return { start: { line: l, character: at }, end: { line: l, character: at + needle.length } };
    }
  }
  return undefined;
}
