// The parts of an instruction the scanner (scan.ts) reads after splitting its arguments: flags,
// exec-form JSON strings and ENV/LABEL/ARG properties, each as dockerfile-ast reads them for the
// shapes handled here; anything else throws Unsupported and the chunk goes to dockerfile-ast.
import type { Flag, FlagOption, Property } from './model';
import type { Range } from './types';
import { emptyList, listOf } from './lists';

/** Thrown inside the scanner for text it leaves to dockerfile-ast (not an Error: no stack to capture, it is caught right away). */
export class Unsupported {
  constructor(readonly message: string) {}
}

/** One argument word: its value (escapes removed) and source offsets. */
export interface RawArg { value: string; start: number; end: number }

interface Positioner { range(start: number, end: number): Range }

// Which keywords dockerfile-ast reads flags for, and the argument that stops the search.
const STOP_WITHOUT_DASHES = new Set(['FROM', 'RUN', 'COPY', 'ADD']);

/** Leading `--name[=value]` arguments. */
export function flagsOf(keyword: string, args: RawArg[], text: string, pos: Positioner): Flag[] {
  const healthcheck = keyword === 'HEALTHCHECK';
  if (!healthcheck && !STOP_WITHOUT_DASHES.has(keyword)) return emptyList();
  const out: Flag[] = emptyList();
  for (const a of args) {
    const value = a.value;
    if (healthcheck ? (value.toUpperCase() === 'CMD' || value.toUpperCase() === 'NONE') : value.indexOf('--') === -1) break;
    if (value.indexOf('--') !== 0) continue;
    if (text.slice(a.start, a.end) !== value) throw new Unsupported('flag written with escapes');
    const index = value.indexOf('=');
    if (index === -1) out.push({ name: value.substring(2), value: null, valueRange: null, options: emptyList() });
    else if (index === value.length - 1) out.push({ name: value.substring(2, index), value: '', valueRange: pos.range(a.end, a.end), options: emptyList() });
    else {
      const v = value.substring(index + 1);
      const at = a.start + index + 1;
      out.push({ name: value.substring(2, index), value: v, valueRange: pos.range(at, a.end), options: flagOptions(v, at, pos) });
    }
  }
  return out;
}

/** `type=bind,from=x` → options, as dockerfile-ast's Flag splits a value. */
function flagOptions(value: string, at: number, pos: Positioner): FlagOption[] {
  const out: FlagOption[] = emptyList();
  let nameStart = -1, valueStart = -1, hasOptions = false;
  const option = (end: number): FlagOption => valueStart === -1
    ? { name: value.substring(nameStart, end), value: null, valueRange: null }
    : { name: value.substring(nameStart, valueStart - 1), value: value.substring(valueStart, end), valueRange: pos.range(at + valueStart, at + end) };
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '=') { hasOptions = true; if (valueStart === -1) valueStart = i + 1; }
    else if (c === ',') { out.push(option(i)); nameStart = -1; valueStart = -1; }
    else if (nameStart === -1) nameStart = i;
  }
  if (hasOptions && nameStart !== -1) out.push(option(value.length));
  return out;
}

/**
 * The exec form's strings (ranges including the quotes), or undefined when the arguments are
 * not a bracketed list as dockerfile-ast's JSONInstruction reads one.
 */
export function jsonStrings(text: string, args: RawArg[], pos: Positioner): Range[] | undefined {
  if (args.length === 0) return undefined;
  if (args.length === 1 && args[0].value === '[]') return [];
  if (args.length === 2 && args[0].value === '[' && args[1].value === ']') return [];
  const off = args[0].start;
  const content = text.slice(off, args[args.length - 1].end);
  const strings: Range[] = [];
  let start = -1, last = '', quoted = false, open = false, close = false;
  scan: for (let i = 0; i < content.length; i++) {
    const c = content[i];
    switch (c) {
      case '[':
        if (last === '') { open = true; last = '['; } else if (!quoted) break scan;
        break;
      case '"':
        if (last === '[' || last === ',') { start = i; quoted = true; last = '"'; }
        else if (last === '"' && quoted) { quoted = false; strings.push(pos.range(off + start, off + i + 1)); }
        else break scan;
        break;
      case ',':
        if (!quoted) { if (last === '"') last = ','; else break scan; }
        break;
      case ']':
        if (!quoted && last !== '') { close = true; break scan; }
        break;
      case ' ': case '\t':
        break;
      case '\\': {
        const next = content[i + 1];
        if (quoted) {
          if (next === '"' || next === '\\') { i++; continue; }
          if (next === ' ' || next === '\t') {
            const j = lineBreakAfterBlanks(content, i + 2);
            if (j !== -1) { i = j; continue; }
            break scan;
          }
          i += next === '\r' ? 2 : 1;
          continue;
        }
        const j = lineBreakAfterBlanks(content, i + 1);
        if (j !== -1) { i = j; continue; }
        break scan;
      }
      default:
        if (!quoted) break scan;
    }
  }
  return open && close ? strings : undefined;
}

/** From `from`, past blanks: the offset of a line break's last character, or -1. */
function lineBreakAfterBlanks(s: string, from: number): number {
  for (let j = from; j < s.length; j++) {
    const c = s[j];
    if (c === '\r') return j + 1;
    if (c === '\n') return j;
    if (c !== ' ' && c !== '\t') return -1;
  }
  return -1;
}

/**
 * ENV / LABEL / ARG properties. Handled here: no escape character except line continuations
 * that follow a blank (`A=1 \` then `B=2`), no blank or comment lines inside the instruction,
 * no quote left open at a line end.
 */
export function propertiesOf(text: string, from: number, end: number, pos: Positioner, esc: string): Property[] {
  const full = text.slice(from, end);
  const continued = continuationShape(full, esc);
  // Where the first word starts (past blanks and continuations) and where the last one ends.
  let start = 0;
  for (; start < full.length; start++) {
    const c = full[start];
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n' && c !== esc) break;
  }
  if (start === full.length) return emptyList();
  let last = full.length - 1;
  while (full[last] === ' ' || full[last] === '\t') last--;
  const content = full.substring(start, last + 1);
  const base = from + start;
  const args: RawArg[] = [];
  const push = (a: number, b: number) => args.push({ value: content.substring(a, b), start: base + a, end: base + b });
  // After a continuation and before the next word (dockerfile-ast reads quotes and `#` differently there).
  let escaped = continued && /[\r\n]/.test(full.slice(0, start));
  let argStart = escaped ? -1 : 0;
  words: for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === esc) {
      // A continuation (continuationShape checked it): past the line break.
      while (content[i] !== '\n') i++;
      escaped = true;
    } else if (c === '"' || c === "'") {
      if (escaped) throw new Unsupported('quote first on a continued line');
      if (argStart === -1) argStart = i;
      for (let j = i + 1; j < content.length; j++) {
        const d = content[j];
        if (d === '\n' || d === '\r') throw new Unsupported('quote open at a line end');
        if (d !== c) continue;
        const after = j + 1 < content.length ? content[j + 1] : ''; // no read past the end: that deoptimises
        if (after !== ' ' && after !== '') { i = j; continue words; }
        push(argStart, j + 1);
        i = j; argStart = -1;
        continue words;
      }
      break;
    } else if (c === ' ' || c === '\t') {
      if (argStart !== -1) {
        if (escaped) throw new Unsupported('blank in a continued word');
        push(argStart, i); argStart = -1;
      }
    } else if (c === '\r' || c === '\n') {
      throw new Unsupported('line break outside a continuation');
    } else {
      if (c === '#' && escaped) throw new Unsupported('comment in properties');
      escaped = false;
      if (argStart === -1) argStart = i;
      if (c === '$' && content[i + 1] === '{') {
        let single = false, double = false;
        for (let j = i + 1; j < content.length; j++) {
          const d = content[j];
          if (d === '\n' || d === '\r' || d === esc) throw new Unsupported('variable open at a line end');
          if (d === "'") single = !single;
          else if (d === '"') double = !double;
          else if ((d === ' ' || d === '\t') && !single && !double) { i = j - 1; continue words; }
          else if (d === '}') { i = j; continue words; }
        }
        break;
      }
    }
  }
  if (argStart !== -1 && argStart !== content.length) push(argStart, content.length);
  return properties(text, args, pos);
}

/**
 * Whether the instruction text spans lines; throws unless every escape character ends a line
 * (after a blank, or alone) and every line after the first holds a word.
 */
function continuationShape(full: string, esc: string): boolean {
  if (!full.includes('\n') && !full.includes('\r')) {
    if (full.includes(esc)) throw new Unsupported('escape in properties');
    return false;
  }
  const lines = full.split(/\r\n|\n/);
  lines.forEach((line, n) => {
    const trimmed = line.replace(/[ \t]+$/, '');
    const body = n < lines.length - 1 ? trimmed.slice(0, -1) : trimmed;
    if (n < lines.length - 1 && !trimmed.endsWith(esc)) throw new Unsupported('line break without continuation');
    if (body.includes(esc)) throw new Unsupported('escape in properties');
    if (n < lines.length - 1 && body !== '' && !/[ \t]$/.test(body)) throw new Unsupported('continuation inside a word');
    if (n > 0 && (/^[ \t]*$/.test(body) || /^[ \t]*#/.test(body))) throw new Unsupported('blank or comment line in properties');
  });
  return true;
}

function properties(text: string, args: RawArg[], pos: Positioner): Property[] {
  if (args.length === 0) return emptyList();
  if (args.length === 1) return [property(text, args[0], pos)];
  if (args[0].value.indexOf('=') === -1) {
    const rest = args.length === 2 ? args[1] : { value: '', start: args[1].start, end: args[args.length - 1].end };
    return [pairProperty(text, args[0], rest, pos)];
  }
  return listOf(args, a => property(text, a, pos));
}

/** Where a property's name ends: before its `=`, unless the `=` is inside a quoted name. */
function nameEnd(a: RawArg): number {
  const v = a.value;
  const index = v.indexOf('=');
  if (index !== -1) {
    const initial = v.charAt(0), before = v.charAt(index - 1);
    if ((initial === '"' && before === '"') || (initial === "'" && before === "'") || (initial !== '"' && initial !== "'")) return a.start + index;
  }
  return a.end;
}

function property(text: string, a: RawArg, pos: Positioner): Property {
  const end = nameEnd(a);
  const range = pos.range(a.start, a.end);
  const name = unquoted(text.slice(a.start, end));
  if (end === a.end) return { name, value: '', operator: null, range, nameRange: range, valueRange: null };
  const valueStart = a.start + a.value.indexOf('=') + 1;
  return { name, value: unquoted(text.slice(valueStart, a.end)), operator: '=', range, nameRange: pos.range(a.start, end), valueRange: pos.range(valueStart, a.end) };
}

/** `ENV name value…`: the name, then the rest of the line as the value. */
function pairProperty(text: string, a: RawArg, value: RawArg, pos: Positioner): Property {
  const end = nameEnd(a);
  if (/[\r\n]/.test(text.slice(value.start, value.end))) throw new Unsupported('value over several lines');
  return {
    name: unquoted(text.slice(a.start, end)), value: unquoted(text.slice(value.start, value.end)), operator: null,
    range: pos.range(a.start, value.end), nameRange: pos.range(a.start, end), valueRange: pos.range(value.start, value.end),
  };
}

/** dockerfile-ast's Property.getValue for text with no escape character and no line break. */
function unquoted(raw: string): string {
  if (raw === '') return '';
  if (raw[0] === ' ' || raw[0] === '\t') throw new Unsupported('value with leading blanks');
  const first = raw[0], last = raw[raw.length - 1];
  const inSingle = first === "'" && last === "'";
  const inDouble = first === '"' && raw.length >= 2 && last === '"';
  return inSingle || inDouble ? raw.substring(1, raw.length - 1) : raw;
}
