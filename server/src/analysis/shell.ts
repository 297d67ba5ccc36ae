// A small POSIX-shell word splitter: enough to see which programs a RUN or CMD starts.
// It does not evaluate anything; quoting is honoured so `"a && b"` stays one word.
import { emptyList } from './lists';

export interface ShellCommand {
  /** Words with quotes removed; leading `VAR=value` assignments and `sudo`/`exec`/`env` are dropped. */
  words: string[];
  /** The raw text of this simple command. */
  text: string;
  /** Operator that ended it: `&&`, `||`, `;`, `|`, `&`, newline, or '' at the end. */
  terminator: string;
}

const PREFIXES = new Set(['sudo', 'exec', 'env', 'nohup', 'time', 'command', 'tini', 'dumb-init', '--']);

export function splitShell(command: string): ShellCommand[] {
  const out: ShellCommand[] = emptyList();
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let start = 0;
  const push = (end: number, terminator: string) => {
    if (inWord) { words.push(word); word = ''; inWord = false; }
    if (words.length > 0) out.push({ words: stripPrefixes(words), text: command.slice(start, end).trim(), terminator });
    words = [];
  };
  let i = 0;
  const n = command.length;
  while (i < n) {
    const c = command[i];
    if (c === "'") {
      const close = command.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      word += command.slice(i + 1, end); inWord = true; i = end + 1; continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && command[j] !== '"') { if (command[j] === '\\' && j + 1 < n) { word += command[j + 1]; j += 2; } else { word += command[j]; j++; } }
      inWord = true; i = j + 1; continue;
    }
    // Backslash-newline is a line continuation (heredoc bodies keep them): it joins, adds nothing.
    // (Reads stay inside the text: an index past its end deoptimises the optimised code.)
    if (c === '\\' && i + 1 < n && (command[i + 1] === '\n' || (command[i + 1] === '\r' && i + 2 < n && command[i + 2] === '\n'))) { i += command[i + 1] === '\r' ? 3 : 2; continue; }
    if (c === '\\' && i + 1 < n) { word += command[i + 1]; inWord = true; i += 2; continue; }
    if (c === '#' && !inWord) {
      const nl = command.indexOf('\n', i);
      i = nl < 0 ? n : nl; continue;
    }
    if (c === '&' || c === '|' || c === ';' || c === '\n') {
      const two = command.slice(i, i + 2);
      // `&>file`, `2>&1` and `<&3` are redirections, not the background operator.
      const redirect = c === '&' && ((i + 1 < n && command[i + 1] === '>') || (i > 0 && (command[i - 1] === '>' || command[i - 1] === '<')));
      const op = two === '&&' || two === '||' ? two : redirect ? '' : c;
      if (op === '') { word += c; inWord = true; i++; continue; }
      push(i, op);
      i += op.length; start = i; continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      if (inWord) { words.push(word); word = ''; inWord = false; }
      i++; continue;
    }
    if ((c === '(' || c === ')' || c === '{' || c === '}') && !inWord) { i++; continue; }
    word += c; inWord = true; i++;
  }
  push(n, '');
  return out;
}

function stripPrefixes(words: string[]): string[] {
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || PREFIXES.has(words[i]) || (i > 0 && PREFIXES.has(words[i - 1]) && words[i].startsWith('-')))) i++;
  return i < words.length ? words.slice(i) : words;
}

/** The program name without its directory (`/usr/bin/npm` → `npm`). */
export function programOf(cmd: ShellCommand): string {
  const w = cmd.words[0] ?? '';
  return w.slice(w.lastIndexOf('/') + 1);
}
