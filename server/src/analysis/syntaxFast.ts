// A fast path for Docker's syntax checks: the findings dockerfile-utils' validate() gives for a
// chunk, worked out from the model we already have instead of a second parse. It answers only
// for chunks made of instructions in shapes it fully understands and returns undefined for
// anything else, which then goes to validate() (the checker of record) as before. A property
// test (test/analysis/syntaxFast.test.ts, the fuzz run) holds it to validate()'s answers.
import { Chunk, hasLoneCr } from './chunks';
import { DockerfileModel, Instr, Property, textOf } from './model';
import { Finding, Range } from './types';
import { invalidStageNameFinding, STAGE_NAME } from './validatorGuards';

/** Chunk-relative findings (as syntax.ts keeps them), or undefined: ask validate(). */
export type FastAnswer = Finding[] | undefined;

/**
 * The instructions that start inside the chunk (binary search: model.instructions are in line
 * order), or undefined when an instruction crosses the chunk's edge (an unterminated heredoc read
 * one way by the whole-file parse and another by the validator's parse of the chunk alone).
 */
export function instructionsIn(model: DockerfileModel, chunk: Chunk): Instr[] | undefined {
  const all = model.instructions;
  const end = chunk.startLine + chunk.lineCount;
  let lo = 0, hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid].range.start.line < chunk.startLine) lo = mid + 1; else hi = mid;
  }
  let last = lo;
  while (last < all.length && all[last].range.start.line < end) last++;
  if (lo > 0 && all[lo - 1].range.end.line >= chunk.startLine) return undefined;
  if (last > lo && all[last - 1].range.end.line >= end) return undefined;
  return all.slice(lo, last);
}

/**
 * The findings of the chunk, or undefined when any part of it is outside what this checker
 * knows. `globalsBounded` is true when the first chunk's global instructions exceed the
 * validator's limit (syntax.ts blanks them): that chunk is left to the slow path.
 */
export function fastChunkFindings(model: DockerfileModel, chunk: Chunk, globalsBounded: boolean): FastAnswer {
  // `# dockerfile-utils: ignore` drops findings by position; a BOM shifts the directive scan; a
  // lone CR ends a line for positions but not for all of dockerfile-ast (its heredoc reader throws).
  const text = chunk.text;
  if (text.includes('dockerfile-utils') || text.charCodeAt(0) === 0xfeff || hasLoneCr(text)) return undefined;
  const first = chunk.startLine === 0;
  if (first && (globalsBounded || !directivesPlain(model))) return undefined;
  const instrs = instructionsIn(model, chunk);
  if (!instrs) return undefined;
  // Without a FROM the validator reports a missing base image at 0:0 (only the first chunk has no header FROM).
  if (first && !instrs.some(i => i.keyword === 'FROM')) return undefined;
  const ctx: Ctx = { model, escape: model.escapeChar, base: chunk.startLine, found: [], guards: [] };
  let beforeFrom = first;
  for (const instr of instrs) {
    if (instr.keyword === 'FROM') beforeFrom = false;
    // The validator recurses without end on an indented instruction before the first FROM that
    // uses a defined variable (syntax.ts then drops the chunk's findings): not predicted here.
    if (beforeFrom && instr.keywordRange.start.character > 0) return undefined;
    if (!checkInstruction(ctx, instr) || heredocMayThrow(ctx, instr)) return undefined;
  }
  return [...ctx.found, ...ctx.guards];
}

interface Ctx {
  model: DockerfileModel;
  escape: string;
  /** The chunk's first line: findings are relative to it. */
  base: number;
  /** What validate() reports, in its order. */
  found: Finding[];
  /** The stage-name findings validatorGuards.ts reports for the validator (they come after). */
  guards: Finding[];
}

/**
 * Leading comment lines of the file: an `escape` directive is fine only once, well-formed and
 * lower-case among plain directives (the validator reports duplicates, bad values and casing).
 */
function directivesPlain(model: DockerfileModel): boolean {
  let escapes = 0;
  let directives = true;
  for (const line of model.lines) {
    const t = line.trim();
    if (t === '') { directives = false; continue; }
    if (!t.startsWith('#')) break;
    if (!/escape/i.test(t)) { if (!/^#\s*[a-zA-Z][a-zA-Z0-9]*\s*=/.test(t)) directives = false; continue; }
    escapes++;
    if (escapes > 1 || !directives || !/^#\s*escape\s*=\s*[\\`]$/.test(t)) return false;
  }
  return true;
}

const KEYWORDS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);
const JSON_QUOTE_CHECKED = new Set(['CMD', 'ENTRYPOINT', 'RUN', 'VOLUME', 'ADD', 'COPY']);
/** The validator checks variable modifiers everywhere but in these (shell expansions pass through). */
const SHELL_EXPANDED = new Set(['CMD', 'ENTRYPOINT', 'RUN']);

function checkInstruction(ctx: Ctx, instr: Instr): boolean {
  const k = instr.keywordRange;
  // A keyword split by an escaped line break, or read from odd text: leave it to the validator.
  if (k.start.line !== k.end.line || k.end.character - k.start.character !== instr.keyword.length) return false;
  // Everything after the keyword (RUN, the bulk of most files, needs it only in exec form).
  let rawText: string | undefined;
  const raw = () => rawText ??= textOf(ctx.model.lines, { start: k.end, end: instr.range.end });
  if (!SHELL_EXPANDED.has(instr.keyword) && !plainVariables(raw(), ctx.escape)) return false;
  // JSON in single quotes (`CMD ['a']`) gets a warning: left to the validator.
  if (JSON_QUOTE_CHECKED.has(instr.keyword) && instr.args.length > 0 && startsWithBracket(ctx, instr.argRanges[0]) && raw().includes("'")) return false;
  if (!KEYWORDS.has(instr.keyword)) {
    // Often a line of a broken continuation or a template (`{{`): reported, nothing else checked.
    ctx.found.push({ ruleId: 'syntax', severity: 'error', message: format('Unknown instruction: ${0}', instr.keyword), range: relative(ctx, k), tags: undefined });
    return true;
  }
  const needsArgs = instr.keyword !== 'RUN' && instr.keyword !== 'CMD';
  if (needsArgs && instr.args.length === 0) return false;
  switch (instr.keyword) {
    case 'RUN': case 'CMD': case 'ENTRYPOINT': case 'VOLUME': case 'WORKDIR': case 'USER':
      return true;
    case 'MAINTAINER':
      ctx.found.push({ ruleId: 'syntax', severity: 'warning', message: 'MAINTAINER has been deprecated', range: relative(ctx, k), tags: ['deprecated'] });
      return true;
    case 'ARG': {
      // The validator checks the declaration only when it is one word (`A`, `A=v`, `A="v w"`).
      const p = instr.properties;
      if (p.length === 0) return false; // the validator counts property words, not `args`
      const single = p.length === 1 && (p[0].operator === '=' || p[0].valueRange === null);
      return !single || propertyPlain(p[0], ctx.escape, true);
    }
    case 'ENV': case 'LABEL':
      return instr.properties.length > 0 && instr.properties.every(p => propertyPlain(p, ctx.escape, false));
    case 'FROM': return checkFrom(ctx, instr, raw());
    case 'COPY': case 'ADD': return checkCopy(ctx, instr);
    case 'EXPOSE': return instr.args.every(a => /^\d+(-\d+)?(:\d+(-\d+)?)?(\/(tcp|udp|sctp))?$/i.test(a) || unresolvedVariable(ctx.model, a));
    case 'STOPSIGNAL': return instr.args.length === 1 && !raw().includes('$') && /^(SIG[A-Z0-9+-]*|\d+)$/.test(instr.args[0]);
    case 'SHELL':
      return instr.range.start.line === instr.range.end.line && /^\[\s*"[^"\\]*"(\s*,\s*"[^"\\]*")*\s*\]$/.test(raw().trim());
    case 'HEALTHCHECK': return checkHealthcheck(instr);
    default:
      return false; // ONBUILD
  }
}

/**
 * Every `${` is a plain `${NAME}` or `${NAME:-word}` / `:+` / `:?` (the validator reports other
 * modifiers), and no `$` is joined to the next line by an escape.
 */
function plainVariables(raw: string, escape: string): boolean {
  for (let i = raw.indexOf('$'); i >= 0; i = raw.indexOf('$', i + 1)) {
    const next = raw[i + 1];
    if (next === escape) return false;
    if (next !== '{') continue;
    if (!/^\$\{[A-Za-z_][A-Za-z0-9_]*(:[-+?][^{}$'"\\`\s]*)?\}/.test(raw.slice(i, i + 200))) return false;
  }
  return true;
}

/** The validator's property check finds nothing (name set without `=`, value present or optional, quotes closed). */
function propertyPlain(p: Property, escape: string, optionalValue: boolean): boolean {
  if (p.name === '' || p.name.includes('=')) return false;
  if (p.valueRange === null) return optionalValue;
  const v = p.value;
  if (v[0] === '"') {
    for (let i = 1; i < v.length; i++) {
      if (v[i] === escape) i++;
      else if (v[i] === '"' && i === v.length - 1) return true;
    }
    return false;
  }
  return !(v[0] === "'" && v[v.length - 1] !== "'");
}

function checkFrom(ctx: Ctx, instr: Instr, raw: string): boolean {
  for (const f of instr.flagList) if (f.name !== 'platform' || f.value === null) return false;
  const n = instr.args.length;
  if (n !== 1 && n !== 3) return false;
  const image = instr.args[0];
  if (rawOf(ctx, instr.argRanges[0]) !== image) return false;
  // A `$` in a bad stage name is defused away before validation, so it would not count as a variable there.
  if (n === 3 && instr.args[2].includes('$')) return false;
  if (raw.includes('$')) {
    // Any variable makes the validator skip the reference check, unless the image is only a variable (then it checks it is defined).
    if (raw.includes(ctx.escape + '$') || /\$(?![{A-Za-z_])/.test(raw)) return false;
    const flagsRaw = textOf(ctx.model.lines, { start: instr.keywordRange.end, end: instr.argRanges[0].start });
    if (image.startsWith('$') && !flagsRaw.includes('$')) {
      const defined = imageVariableDefined(ctx.model, image);
      if (defined === undefined) return false;
      if (!defined) ctx.found.push({ ruleId: 'syntax', severity: 'error', message: format('base name (${0}) should not be blank', image), range: relative(ctx, instr.argRanges[0]), tags: undefined });
    }
  } else if (!referencePlain(image)) {
    return false;
  }
  if (n === 3) {
    if (instr.args[1].toUpperCase() !== 'AS') return false;
    const name = instr.args[2];
    // validatorGuards.ts reports a bad name and hands the validator a harmless one of the same shape.
    // (whitespace the parser keeps in a word, `\v` or U+3000, stays in the defused name and fails again)
    if (rawOf(ctx, instr.argRanges[2]) !== name || /\s/.test(name)) return false;
    if (!STAGE_NAME.test(name.toLowerCase())) ctx.guards.push(invalidStageNameFinding(name, instr.argRanges[2], ctx.base));
  }
  return true;
}

/** Names BuildKit sets (as dockerfile-utils lists them, `BUILDVARIAN` included). */
const PREDEFINED = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIAN']);

/**
 * An image that starts with a variable: false when the validator reports it as blank (it is the
 * whole image, undefined, without a `:-default`), true when not, undefined for other shapes.
 */
function imageVariableDefined(model: DockerfileModel, image: string): boolean | undefined {
  const whole = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(:-[^{}$'"\\`\s]+)?\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(image);
  // Only part of the reference: the validator's check applies to a variable that is the whole image.
  if (!whole) return /^\$(\{[A-Za-z_][A-Za-z0-9_]*(:[-+?][^{}$'"\\`\s]*)?\}.|[A-Za-z_][A-Za-z0-9_]*[:/@.$])/.test(image) ? true : undefined;
  const name = whole[1] ?? whole[3];
  return whole[2] !== undefined || PREDEFINED.has(name) || globalArgNames(model).has(name);
}

/**
 * What a global ARG declares for the validator: the name of a one-word ARG (`ARG A`, `ARG A=v`)
 * before the first FROM. syntax.ts gives later chunks the same answer (see validatedChunkFindings).
 */
export function globalArgNames(model: DockerfileModel): Set<string> {
  let names = globalNames.get(model);
  if (names) return names;
  names = new Set();
  for (const instr of model.instructions) {
    if (instr.keyword === 'FROM') break;
    const p = instr.properties;
    if (instr.keyword === 'ARG' && p.length === 1 && (p[0].operator === '=' || p[0].valueRange === null)) names.add(p[0].name);
  }
  globalNames.set(model, names);
  return names;
}
const globalNames = new WeakMap<DockerfileModel, Set<string>>();

/** `$NAME` / `${NAME}` that no ARG or ENV anywhere declares: the validator leaves it unexpanded and skips it. */
function unresolvedVariable(model: DockerfileModel, word: string): boolean {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(word);
  return m !== null && !declaredWords(model).has(m[1] ?? m[2]);
}

/** Every name-like word of every ARG and ENV (more than they declare, which is the safe side). */
function declaredWords(model: DockerfileModel): Set<string> {
  let words = declared.get(model);
  if (words) return words;
  words = new Set();
  for (const instr of model.instructions) {
    if (instr.keyword !== 'ARG' && instr.keyword !== 'ENV') continue;
    for (const p of instr.properties) words.add(p.name);
    for (const a of instr.args) for (const w of a.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) words.add(w);
  }
  declared.set(model, words);
  return words;
}
const declared = new WeakMap<DockerfileModel, Set<string>>();

/** A reference whose tag and digest the validator accepts. */
function referencePlain(image: string): boolean {
  const at = image.indexOf('@');
  if (at < 0) {
    const colon = image.lastIndexOf(':');
    return colon <= image.indexOf('/') || /^[\w][\w.-]{0,127}$/.test(image.slice(colon + 1));
  }
  return /^[A-Za-z0-9._\-/]+(:[\w][\w.-]{0,127})?@[A-Za-z0-9_+.-]+:[A-Fa-f0-9]+$/.test(image);
}

const COPY_FLAGS: Record<string, { valued: string[]; boolean: string[] }> = {
  COPY: { valued: ['chmod', 'chown', 'from', 'exclude'], boolean: ['link', 'parents'] },
  ADD: { valued: ['chmod', 'chown', 'checksum', 'exclude'], boolean: ['link', 'keep-git-dir'] },
};

/**
 * Known flags with good values, no repeats, and two or more words, or a heredoc with a
 * destination. A file destination that is not a directory is left out on purpose:
 * copy-multiple-sources-to-file reports it, so syntax.ts drops the validator's finding too.
 */
function checkCopy(ctx: Ctx, instr: Instr): boolean {
  const allowed = COPY_FLAGS[instr.keyword];
  const seen = new Set<string>();
  for (const f of instr.flagList) {
    if (seen.has(f.name)) return false;
    seen.add(f.name);
    if (allowed.valued.includes(f.name)) {
      if (f.value === null) return false;
      if (f.name === 'from' && !/^[a-zA-Z0-9].*$/.test(f.value)) return false; // (`.` stops at U+2028 as in the validator)
    } else if (allowed.boolean.includes(f.name)) {
      if (f.value !== null && !/^(true|false)$/i.test(f.value)) return false;
    } else {
      return false;
    }
  }
  // `<<` written but no heredoc kept (model.ts keeps none where dockerfile-ast throws): ask the validator.
  if (instr.heredocs.length > 0 || instr.args.some(a => a.startsWith('<<'))) return instr.heredocs.length > 0 && heredocDestination(ctx, instr);
  if (instr.args.length > 0 && instr.args[0].startsWith('[')) return (instr.copyExecWords?.length ?? 0) >= 2;
  return instr.args.length >= 2;
}

/**
 * COPY/ADD with a heredoc: the validator's destination check finds nothing. Its words include the
 * bodies' words; with two it checks nothing, with more it wants a word after the first one on the
 * first one's line. Exec form (a closing bracket) is checked another way: left to it.
 */
function heredocDestination(ctx: Ctx, instr: Instr): boolean {
  const args = instr.args, ranges = instr.argRanges;
  if (args[0].startsWith('[') || startsWithBracket(ctx, ranges[0])) return false;
  return args.length === 2 || (args.length > 2 && ranges[1].start.line === ranges[0].start.line);
}

const HEALTHCHECK_DURATIONS = ['interval', 'start-period', 'timeout', 'start-interval'];

function checkHealthcheck(instr: Instr): boolean {
  const type = instr.args[0].toUpperCase();
  if (type === 'NONE') return instr.args.length === 1; // flags of NONE are not checked
  if (type !== 'CMD' || instr.args.length < 2) return false;
  const seen = new Set<string>();
  for (const f of instr.flagList) {
    if (seen.has(f.name) || f.value === null) return false;
    seen.add(f.name);
    if (f.name === 'retries') { if (!/^[1-9]\d*$/.test(f.value)) return false; } else if (!HEALTHCHECK_DURATIONS.includes(f.name) || !/^[1-9]\d*(ms|s|m|h)$/.test(f.value)) return false;
  }
  return true;
}

/**
 * On a RUN or COPY spanning lines the validator reads the heredocs, which throws on some
 * half-typed ones (model.ts then keeps none): with `<<` written but no heredoc kept, ask it.
 */
function heredocMayThrow(ctx: Ctx, instr: Instr): boolean {
  if ((instr.keyword !== 'RUN' && instr.keyword !== 'COPY') || instr.heredocs.length > 0) return false;
  // Its heredoc reader starts at the first argument; one read from inside a comment line
  // (`RUN \` then `# \x y`: dockerfile-ast takes `x` as the argument) can make it throw too.
  const first = instr.argRanges.length > 0 ? instr.argRanges[0].start.line : -1;
  if (first > instr.range.start.line && /^[ \t]*#/.test(ctx.model.lines[first])) return true;
  for (let l = instr.range.start.line; l <= instr.range.end.line && instr.range.end.line > instr.range.start.line; l++) {
    if (ctx.model.lines[l].includes('<<')) return true;
  }
  return false;
}

/** The validator's messages are filled in with String.replace (so `$&` and `$$` in a value are read as patterns there too). */
function format(template: string, value: string): string {
  return template.replace('${0}', value);
}

function startsWithBracket(ctx: Ctx, r: Range): boolean {
  return ctx.model.lines[r.start.line]?.[r.start.character] === '[';
}

function rawOf(ctx: Ctx, r: Range): string {
  return r.start.line === r.end.line ? textOf(ctx.model.lines, r) : '\n';
}

function relative(ctx: Ctx, r: Range): Range {
  return { start: { line: r.start.line - ctx.base, character: r.start.character }, end: { line: r.end.line - ctx.base, character: r.end.character } };
}
