// What hadolint's shell DL rules need from a RUN: each simple command's program and arguments,
// with shell reserved words (`then`, `do`, `!`) and wrappers (`sudo`, `env`) looked through, and
// whether a wrapper was `sudo`. Exec form (`RUN ["wget", "…"]`) counts too, and so does
// `ONBUILD RUN …` (it runs in every image built FROM this one), as in hadolint.
import { Instr } from '../../../analysis/model';
import { ShellCommand, splitShell } from '../../../analysis/shell';

export interface Invocation {
  /** Program name without its directory (`/usr/bin/wget` → `wget`). */
  name: string;
  args: string[];
  /** `sudo` ran it (`sudo apt-get …`, `then sudo make install`). */
  sudo: boolean;
  cmd: ShellCommand;
}

const RESERVED = new Set(['if', 'then', 'elif', 'else', 'do', 'while', 'until', '!', '{', '(']);
const WRAPPERS = new Set(['sudo', 'exec', 'env', 'nohup', 'time', 'command', '--']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

const cache = new WeakMap<Instr, Invocation[]>();

/** The simple commands of a RUN or ONBUILD RUN as invocations (empty for other instructions). Memoised per instruction. */
export function invocations(instr: Instr): Invocation[] {
  const onbuildRun = instr.keyword === 'ONBUILD' && instr.args[0]?.toUpperCase() === 'RUN';
  if (instr.keyword !== 'RUN' && !onbuildRun) return [];
  let out = cache.get(instr);
  if (out) return out;
  out = [];
  // The parser keeps ONBUILD's words as written (quotes included): joined, they are the shell text again.
  for (const cmd of onbuildRun ? splitShell(instr.args.slice(1).join(' ')) : instr.shell) {
    const inv = invocationOf(cmd);
    if (inv) out.push(inv);
  }
  cache.set(instr, out);
  return out;
}

function invocationOf(cmd: ShellCommand): Invocation | undefined {
  // splitShell already dropped leading assignments and wrappers, but not after a reserved word.
  const words = cmd.words;
  let i = 0;
  let sudo = leadingSudo(cmd.text);
  while (i < words.length) {
    const w = words[i];
    if (RESERVED.has(w) || ASSIGNMENT.test(w)) { i++; continue; }
    const base = w.slice(w.lastIndexOf('/') + 1);
    if (WRAPPERS.has(base)) {
      if (base === 'sudo') sudo = true;
      i++;
      // A wrapper's own options (`sudo -E`, `env -i`); an option's value is not skipped.
      while (i < words.length && words[i].startsWith('-') && words[i] !== '-') i++;
      continue;
    }
    break;
  }
  if (i >= words.length) return undefined;
  const name = words[i].slice(words[i].lastIndexOf('/') + 1);
  if (name === '') return undefined;
  return { name, args: words.slice(i + 1), sudo, cmd };
}

/** splitShell drops a leading `sudo` from the words; the raw text still shows it. */
function leadingSudo(text: string): boolean {
  for (const token of text.split(/\s+/)) {
    if (token === '' || ASSIGNMENT.test(token) || RESERVED.has(token)) continue;
    const base = token.slice(token.lastIndexOf('/') + 1);
    if (base === 'sudo') return true;
    if (!WRAPPERS.has(base) && !token.startsWith('-')) return false;
  }
  return false;
}

/** hadolint's flag view: `--name[=v]` → name, `-abc` → a, b, c. */
export function flagNames(args: string[]): Set<string> {
  const out = new Set<string>();
  for (const a of args) {
    if (a === '-' || a === '--') continue;
    if (a.startsWith('--')) out.add(a.slice(2).split('=')[0]);
    else if (a.startsWith('-')) for (const c of a.slice(1)) out.add(c);
  }
  return out;
}

/** The value of a short or long option: `-u 1000`, `-u1000`, `--uid 1000`, `--uid=1000`. */
export function optionValues(args: string[], short: string, long: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === `-${short}` || a === `--${long}`) { if (i + 1 < args.length) out.push(args[i + 1]); i++; continue; }
    if (a.startsWith(`--${long}=`)) out.push(a.slice(long.length + 3));
    else if (a.startsWith(`-${short}`) && !a.startsWith('--') && a.length > 2) out.push(a.slice(2));
  }
  return out;
}
