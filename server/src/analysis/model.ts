// Text → dockerfile-ast → the model every rule shares. Built once per document version.
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import './astMemo'; // before any parse: memoises dockerfile-ast tokenisation (see astMemo.ts)
import { Finding, Range } from './types';
import { buildStages } from './stageModel';
import { ShellCommand, splitShell } from './shell';
import { Chunk, ChunkCache, escapeDirective, InstructionSpan, instructionSpans, PreviousSpans, splitIntoChunks } from './chunks';
import { scanDockerfile } from './scan';
import { emptyList, listOf } from './lists';
import type { KeptScopes } from './stageScope';

export interface Heredoc { name: string; content: string; range: Range | null }

/** `NAME=value` of ENV and LABEL, as dockerfile-ast reads it. */
export interface Property { name: string; value: string; operator: string | null; range: Range; nameRange: Range; valueRange: Range | null }
export interface FlagOption { name: string; value: string | null; valueRange: Range | null }
/** A `--name=value` flag as written (name not lower-cased); `options` splits `--mount=type=bind,from=x`. */
export interface Flag { name: string; value: string | null; valueRange: Range | null; options: FlagOption[] }
/** What FROM says: `FROM [--platform=p] image [AS name]`. */
export interface FromClause { image: string; imageRange: Range | null; stageName?: string; stageNameRange: Range | null; platform?: string }

/**
 * One instruction as plain data: no parser object survives the parse, so a model (and the
 * caches that keep parts of it) costs only what it holds, and can cross a worker boundary.
 */
export interface Instr {
  /** Position in file order. */
  index: number;
  /** Upper-case keyword (`run` → `RUN`). */
  keyword: string;
  /** The whole instruction, continuation lines and heredoc bodies included. */
  range: Range;
  keywordRange: Range;
  /** Stage index, or -1 for global ARGs before the first FROM. */
  stage: number;
  /** Argument words without flags, as dockerfile-ast splits them. */
  args: string[];
  argRanges: Range[];
  /** `--name=value` flags (`--from`, `--mount`, `--platform`, …). */
  flags: Map<string, string | null>;
  /** Exec form (`CMD ["a","b"]`): the parsed array; undefined for shell form. */
  execForm?: string[];
  /** RUN/CMD/ENTRYPOINT/HEALTHCHECK: the command as the shell sees it (continuations joined, comments dropped, heredoc bodies in). */
  command: string;
  /** `command` split into simple commands at `&&`, `||`, `;`, `|`, `&` and newlines. */
  shell: ShellCommand[];
  heredocs: Heredoc[];
  /** Every flag in order, with its options (`flags` above is the quick lookup by lower-case name). */
  flagList: Flag[];
  /** ENV / LABEL properties (empty for other keywords). */
  properties: Property[];
  /** FROM only. */
  fromClause?: FromClause;
  /** COPY/ADD in exec form (`COPY ["a b", "/x"]`): the words read from the source text. */
  copyExecWords?: string[];
}

/**
 * Every Instr is made here, with every field present (absent ones undefined) in one order, so all
 * instructions share one hidden class whoever built them (scanner, dockerfile-ast, a shifted or
 * re-placed copy). A shape per keyword and builder made the rules' hot loops polymorphic: V8
 * threw their optimised code away ("wrong map") and compiled them again, per process.
 */
export function newInstr(
  index: number, keyword: string, range: Range, keywordRange: Range, stage: number, args: string[], argRanges: Range[],
  flags: Map<string, string | null>, flagList: Flag[], properties: Property[],
): Instr {
  return {
    index, keyword, range, keywordRange, stage, args, argRanges, flags, execForm: undefined, command: '', shell: emptyList(),
    heredocs: emptyList(), flagList, properties, fromClause: undefined, copyExecWords: undefined,
  };
}

/** Every FromClause is made here, for the same reason as newInstr. */
export function newFromClause(image: string, imageRange: Range | null, stageName: string | undefined, stageNameRange: Range | null, platform: string | undefined): FromClause {
  return { image, imageRange, stageName, stageNameRange, platform };
}

/** A copy of `i` with other values for some fields, in the same shape (see newInstr). */
function copyInstr(i: Instr, index: number, stage: number, range: Range, keywordRange: Range, argRanges: Range[], heredocs: Heredoc[], flagList: Flag[], properties: Property[], fromClause: FromClause | undefined): Instr {
  return {
    index, keyword: i.keyword, range, keywordRange, stage, args: i.args, argRanges, flags: i.flags, execForm: i.execForm, command: i.command, shell: i.shell,
    heredocs, flagList, properties, fromClause, copyExecWords: i.copyExecWords,
  };
}

export interface CopySource {
  instr: Instr;
  sources: string[];
  dest: string;
  /** `--from` value, if any. */
  from?: string;
  /** Stage index `--from` names, when it names a stage. */
  fromStage?: number;
  /** Copies the whole build context (`.`, `./`, `*`). */
  wholeContext: boolean;
}

export interface LabelEntry { key: string; value: string; expanded: string; complete: boolean; instr: Instr; range: Range }

export interface Stage {
  index: number;
  name?: string;
  from: Instr;
  /** Base reference as written (`node:${V}`), and after ARG expansion. */
  image: string;
  expandedImage: string;
  /** False when the reference uses a variable with no known value. */
  imageComplete: boolean;
  imageName: string;
  tag?: string;
  digest?: string;
  platform?: string;
  /** Earlier stage this one is built `FROM`, if any. */
  parent?: number;
  /** The image at the root of the `FROM <stage>` chain (expanded). */
  rootImage: string;
  rootComplete: boolean;
  instructions: Instr[];
  copies: CopySource[];
  labels: LabelEntry[];
  /** Variables visible in the stage (global ARGs re-declared here, stage ARGs, ENV). */
  vars: Map<string, string | undefined>;
}

export interface CommentLine { line: number; text: string; range: Range }

export interface DockerfileModel {
  text: string;
  lines: string[];
  eol: '\n' | '\r\n';
  escapeChar: string;
  /** Runs of whole instructions, parsed (and validated) separately and re-used by the next version. */
  chunks: Chunk[];
  /** Internal: what the next version of this document may re-use (see ParseOptions.previous). */
  reuse?: ChunkReuse;
  instructions: Instr[];
  stages: Stage[];
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Map<string, string | undefined>;
  comments: CommentLine[];
}


/**
 * A small, bounded second level across versions and documents: an undo, or typing a line and
 * deleting it again, brings back chunks the previous version no longer had (line shifts change
 * every later chunk's key). Filled by edits only. Two generations of at most 128K characters of
 * chunk text (a parsed chunk holds ~25× its text: ~6 MB at most).
 */
const recentChunks = new ChunkCache<ParsedChunk>(128 * 1024);

/** Index of an instruction not yet placed in a model (see parseDockerfile). */
const UNPLACED = -1;

/** Drops the cross-document chunk cache (the LSP server calls it when a document closes). */
export function releaseSharedCaches(): void {
  recentChunks.clear();
}

/** One chunk's instructions and comments, with positions as if the chunk started at line `base`. */
export interface ParsedChunk {
  base: number; instrs: Instr[]; comments: CommentLine[]; escapeChar: string;
  /** Where its instructions were placed as they are (no copies): first index, the stage before it, the FROMs in it. Present (maybe undefined) from creation: one object shape. */
  placedAt: { index: number; stage: number; froms: number } | undefined;
}

export interface ParseOptions {
  /** `never` parses every new chunk on its own, as edits do (tests use it to cover that path). */
  wholeFileParse?: 'auto' | 'never';
  /** The model of the previous version of the same document: its unchanged chunks are re-used. */
  previous?: DockerfileModel;
  /** The text's lines (and instruction extents), when the caller has already split it (analyze's size check). */
  lines?: string[];
  spans?: InstructionSpan[];
}

/**
 * Parsed and validated chunks of one document version, by chunk key. Only the previous version's
 * are consulted, so memory stays proportional to the open documents however long one is edited.
 */
export interface ChunkReuse {
  parsed: Map<string, ParsedChunk>;
  /**
   * The parsed chunks in order. Two chunks with the same text share one entry in `parsed` (the
   * later one's); a chunk found at its place in the previous version takes that version's own
   * (so a repeated chunk keeps its instruction objects, and its stage is kept).
   */
  parsedList?: ParsedChunk[];
  syntax: Map<string, Finding[]>;
  /** The previous version's syntax results; dropped once this version's are computed. */
  previousSyntax?: Map<string, Finding[]>;
  /** Where the instructions are (large files only), for the next version's scan (chunks.ts). */
  spans?: PreviousSpans;
  /** Per-stage rule results by stage key (see stageScope.ts), and the previous version's. */
  stageResults?: StageResults;
  previousStageResults?: StageResults;
  /** Per chunk (model.chunks order): its key in `parsed`, and its key in `syntax` (syntax.ts, with the global ARG names it was made under). */
  chunkKeys?: string[];
  syntaxKeys?: string[];
  syntaxGlobals?: string;
  /**
   * The previous version's chunk of the same text (and first-chunk-ness) per chunk, or -1, with that
   * version's syntax keys: a key string is re-used, not rebuilt and hashed (a chunk key holds its text).
   * Dropped with previousSyntax.
   */
  earlier?: { same: Int32Array; syntaxKeys?: string[]; syntaxGlobals?: string };
  /** The stage scopes of this version and of the previous one (stageScope.ts); the previous one's dropped with previousSyntax. */
  scopes?: KeptScopes;
  previousScopes?: KeptScopes;
}

/**
 * One version's per-stage rule results by stage index, with their keys: a key includes its stage's
 * index (stageScope.ts), so the next version looks for a stage's result at that index only.
 */
export interface StageResults { keys: string[]; results: StageResult[] }

/** What the per-stage rules found in one stage, with ranges as they were at `startLine`. */
export interface StageResult {
  startLine: number;
  findings: Finding[];
  /** Build-context files the rules read (path → text): the result holds only while they still read the same. */
  reads?: Map<string, string | undefined>;
  /** The same findings shifted to `at` and rendered (plain line numbers), from the last use. */
  /** …with each finding's position among the enabled rules of `setup`. */
  placed?: { at: number; findings: Finding[]; setup: object; slots: number[] };
}

/** Below this many lines a full scan costs less than keeping the spans. */
export const SPANS_KEPT_FROM = 1000;

export function parseDockerfile(text: string, options: ParseOptions = {}): DockerfileModel {
  const allowWhole = options.wholeFileParse !== 'never';
  const reuse: ChunkReuse = {
    parsed: new Map(), syntax: new Map(), previousSyntax: options.previous?.reuse?.syntax,
    stageResults: { keys: [], results: [] }, previousStageResults: options.previous?.reuse?.stageResults,
    previousScopes: options.previous?.reuse?.scopes,
  };
  const previous = options.previous?.reuse?.parsed;
  const lines = options.lines ?? text.split(/\r\n|\r|\n/);
  const eol: '\n' | '\r\n' = text.includes('\r\n') ? '\r\n' : '\n';
  let escapeChar = escapeDirective(lines);
  const spans = options.spans ?? instructionSpans(lines, escapeChar, options.previous?.reuse?.spans, text);
  // Large files keep their spans, so the next version re-scans only the lines an edit changed.
  if (lines.length >= SPANS_KEPT_FROM) reuse.spans = { text, lines, escapeChar, spans };
  let chunks = splitIntoChunks(text, lines, escapeChar, undefined, spans);
  const before = options.previous;
  const same = before?.reuse?.chunkKeys && before.escapeChar === escapeChar ? sameChunks(before.chunks, chunks, lines.length - before.lines.length) : undefined;
  reuse.chunkKeys = listOf(chunks, (c, i) => (same && same[i] >= 0 ? before!.reuse!.chunkKeys![same[i]] : chunkKey(c, escapeChar)));
  if (same) reuse.earlier = { same, syntaxKeys: before!.reuse!.syntaxKeys, syntaxGlobals: before!.reuse!.syntaxGlobals };
  const samePlace = same && before!.reuse!.parsedList ? { same, list: before!.reuse!.parsedList } : undefined;
  let { parsed } = parseChunks(text, chunks, reuse.chunkKeys, escapeChar, lines, allowWhole, previous, reuse.parsed, samePlace);
  if (parsed.length > 0 && parsed[0].escapeChar !== escapeChar) {
    // The library read the directive differently: trust it and split again.
    escapeChar = parsed[0].escapeChar;
    chunks = splitIntoChunks(text, lines, escapeChar);
    reuse.chunkKeys = listOf(chunks, c => chunkKey(c, escapeChar));
    reuse.earlier = undefined;
    ({ parsed } = parseChunks(text, chunks, reuse.chunkKeys, escapeChar, lines, allowWhole, previous, (reuse.parsed = new Map())));
  }
  reuse.parsedList = parsed;
  const model: DockerfileModel = {
    text, lines, eol, escapeChar, chunks, instructions: emptyList(), stages: emptyList(), globalArgs: new Map(), comments: emptyList(), reuse,
  };
  for (const p of parsed) for (const c of p.comments) model.comments.push(c);
  let index = 0;
  let stageIndex = -1;
  for (const p of parsed) {
    // A chunk whose instructions were placed as they are at this same index and stage (the usual
    // unchanged chunk) holds them as this version needs them: taken in bulk, none of them visited.
    const at = p.placedAt;
    if (at && at.index === index && at.stage === stageIndex) {
      for (let k = 0; k < p.instrs.length; k++) model.instructions.push(p.instrs[k]);
      index += p.instrs.length;
      stageIndex += at.froms;
      continue;
    }
    const first = index, firstStage = stageIndex;
    let copied = false;
    for (const cached of p.instrs) {
      // A fresh parse (index -1) is placed in place; a cached one at the same place serves as is;
      // elsewhere it is copied, because cached objects are shared between versions. Stages are
      // assigned below (buildStages); the stage field is set here, by counting FROMs (a FROM
      // itself carries the stage before it, as it always has).
      let instr = cached;
      if (cached.index === UNPLACED) { cached.index = index; cached.stage = stageIndex; }
      else if (cached.index !== index || cached.stage !== stageIndex) {
        const c = cached;
        instr = copyInstr(c, index, stageIndex, c.range, c.keywordRange, c.argRanges, c.heredocs, c.flagList, c.properties, c.fromClause);
        copied = true;
      }
      if (cached.keyword === 'FROM') stageIndex++;
      index++;
      model.instructions.push(instr);
    }
    if (!copied) p.placedAt = { index: first, stage: firstStage, froms: stageIndex - firstStage };
  }
  buildStages(model, options.previous);
  return model;
}

/**
 * Per chunk, the index of the previous version's chunk with the same text (and first-chunk-ness),
 * or -1: the one at the same line, or at the same line less `delta` (the lines the edit added).
 * Chunks are in line order, so two cursors find them; equal texts compare natively.
 */
function sameChunks(old: Chunk[], chunks: Chunk[], delta: number): Int32Array {
  const same = new Int32Array(chunks.length).fill(-1);
  let a = 0, b = 0;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    while (a < old.length && old[a].startLine < c.startLine) a++;
    while (b < old.length && old[b].startLine < c.startLine - delta) b++;
    if (sameText(old[a], c)) same[i] = a;
    else if (delta !== 0 && sameText(old[b], c)) same[i] = b;
  }
  return same;
}

function sameText(o: Chunk | undefined, c: Chunk): boolean {
  return o !== undefined && o.lineCount === c.lineCount && (o.startLine === 0) === (c.startLine === 0) && o.text === c.text;
}

/** By text, not position: a chunk that moved (lines inserted above it) is re-used, shifted. */
function chunkKey(chunk: Chunk, escapeChar: string): string {
  // Only the first chunk can hold parser directives.
  return escapeChar + '|' + (chunk.startLine === 0 ? '0|' : '') + chunk.text;
}

/** The parsed chunk where `chunk` is now: as is when it has not moved, else a shifted copy. */
function placed(p: ParsedChunk, chunk: Chunk): ParsedChunk {
  const d = chunk.startLine - p.base;
  if (d === 0) return p;
  return {
    base: chunk.startLine,
    instrs: listOf(p.instrs, i => shiftInstr(i, d)),
    comments: listOf(p.comments, c => ({ line: c.line + d, text: c.text, range: shiftRange(c.range, d) })),
    escapeChar: p.escapeChar,
    placedAt: undefined,
  };
}

function shiftRange(r: Range, d: number): Range {
  return { start: { line: r.start.line + d, character: r.start.character }, end: { line: r.end.line + d, character: r.end.character } };
}

function shiftOptional(r: Range | null, d: number): Range | null {
  return r ? shiftRange(r, d) : null;
}

/** A copy of the instruction `d` lines further down, not yet placed in a model. */
function shiftInstr(i: Instr, d: number): Instr {
  const f = i.fromClause;
  const fromClause = f && newFromClause(f.image, shiftOptional(f.imageRange, d), f.stageName, shiftOptional(f.stageNameRange, d), f.platform);
  return copyInstr(i, UNPLACED, -1, shiftRange(i.range, d), shiftRange(i.keywordRange, d), listOf(i.argRanges, r => shiftRange(r, d)),
    listOf(i.heredocs, h => ({ name: h.name, content: h.content, range: shiftOptional(h.range, d) })),
    listOf(i.flagList, f => ({ name: f.name, value: f.value, valueRange: shiftOptional(f.valueRange, d), options: listOf(f.options, o => ({ name: o.name, value: o.value, valueRange: shiftOptional(o.valueRange, d) })) })),
    listOf(i.properties, p => ({ name: p.name, value: p.value, operator: p.operator, range: shiftRange(p.range, d), nameRange: shiftRange(p.nameRange, d), valueRange: shiftOptional(p.valueRange, d) })),
    fromClause);
}

/**
 * Parsed chunks, from the cache where possible. When most chunks are new (a document just
 * opened, or an edit that moved most lines) one whole-file parse is cheaper than padding each
 * chunk to its absolute position, so its instructions are shared out over the chunks instead.
 */
function parseChunks(
  text: string, chunks: Chunk[], keys: string[], escapeChar: string, lines: string[], allowWhole: boolean,
  previous: Map<string, ParsedChunk> | undefined, store: Map<string, ParsedChunk>,
  samePlace?: { same: Int32Array; list: ParsedChunk[] },
): { parsed: ParsedChunk[] } {
  const hits = listOf(keys, (k, i) => (samePlace && samePlace.same[i] >= 0 ? samePlace.list[samePlace.same[i]] : undefined) ?? previous?.get(k) ?? store.get(k) ?? recentChunks.get(k));
  let misses = 0;
  for (const h of hits) if (!h) misses++;
  const manyNew = allowWhole && misses > 1 && misses * 2 > chunks.length;
  // Our scanner reads the whole file at once where it can; where it cannot, each chunk goes to it
  // on its own and only the chunks it leaves go to dockerfile-ast.
  const whole = manyNew ? scanDockerfile(text, lines, escapeChar) : undefined;
  if (!whole) {
    return {
      parsed: listOf(chunks, (c, i) => {
        let p = hits[i] ?? store.get(keys[i]);
        if (!p) {
          p = parseChunk(c, escapeChar);
          // As below: a document just opened does not fill the shared cache.
          if (!manyNew) recentChunks.set(keys[i], p);
        } else p = placed(p, c);
        store.set(keys[i], p);
        return p;
      }),
    };
  }
  const wholeEscape = whole.escapeChar;
  const nodes = whole.instrs;
  const comments = whole.comments;
  let ni = 0, ci = 0;
  const parsed = listOf(chunks, (chunk, i) => {
    const last = i === chunks.length - 1;
    const end = chunk.startLine + chunk.lineCount;
    const p: ParsedChunk = { base: chunk.startLine, instrs: emptyList(), comments: emptyList(), escapeChar: i === 0 ? wholeEscape : escapeChar, placedAt: undefined };
    for (; ni < nodes.length && (last || nodes[ni].range.start.line < end); ni++) {
      if (!hits[i]) p.instrs.push(nodes[ni]);
    }
    for (; ci < comments.length && (last || comments[ci].line < end); ci++) {
      if (!hits[i]) p.comments.push(comments[ci]);
    }
    const hit = hits[i];
    const result = hit ? placed(hit, chunk) : p;
    // Not into recentChunks: a document just opened has its own copy in `store`; the shared cache
    // is for chunks that edits bring back, and opening many documents would fill it for nothing.
    if (wholeEscape === escapeChar) store.set(keys[i], result);
    return result;
  });
  return { parsed };
}

function parseChunk(chunk: Chunk, escapeChar: string): ParsedChunk {
  const { text, lines, base } = chunkSource(chunk, escapeChar);
  const doc = parseText(text, lines, escapeChar);
  const result: ParsedChunk = {
    base,
    instrs: doc.instrs,
    comments: base > 0 ? doc.comments.filter(c => c.line >= base) : doc.comments,
    escapeChar: chunk.startLine === 0 ? doc.escapeChar : escapeChar,
    placedAt: undefined,
  };
  return placed(result, chunk);
}

/**
 * The text a chunk is parsed from: on its own (a later chunk re-declares a non-default escape
 * on a header line, so positions start at `base`), then placed where it is (see placed()).
 */
export function chunkSource(chunk: Chunk, escapeChar: string): { text: string; lines: string[]; base: number } {
  const header = chunk.startLine > 0 && escapeChar !== '\\' ? '# escape=' + escapeChar + '\n' : '';
  const text = header + chunk.text;
  return { text, lines: text.split(/\r\n|\r|\n/), base: header ? 1 : 0 };
}

/** Instructions and comments of a text: by our scanner where it answers, else by dockerfile-ast. */
export function parseText(text: string, lines: string[], escapeChar: string): ParsedText {
  return scanDockerfile(text, lines, escapeChar) ?? parseWithAst(text, lines, escapeChar);
}

export interface ParsedText { instrs: Instr[]; comments: CommentLine[]; escapeChar: string }

/** The parser of record: dockerfile-ast, its nodes converted to plain data (none outlives this call). */
export function parseWithAst(text: string, lines: string[], escapeChar: string): ParsedText {
  const ast = DockerfileParser.parse(text);
  return {
    instrs: listOf(ast.getInstructions(), node => toInstr(node, UNPLACED, -1, lines, escapeChar)),
    comments: listOf(ast.getComments(), c => ({ line: c.getRange().start.line, text: c.getContent() ?? '', range: c.getRange() })),
    escapeChar: ast.getEscapeCharacter(),
  };
}

function toInstr(node: Instruction, index: number, stage: number, lines: string[], escapeChar: string): Instr {
  const keyword = node.getKeyword().toUpperCase();
  const args = node.getArguments();
  const flags = new Map<string, string | null>();
  const flagList = flagsOf(node);
  for (const f of flagList) flags.set(f.name.toLowerCase(), f.value);
  const instr = newInstr(index, keyword, node.getRange(), node.getInstructionRange(), stage, listOf(args, a => a.getValue()), listOf(args, a => a.getRange()), flags, flagList, propertiesOf(node));
  if (keyword === 'FROM') instr.fromClause = fromClauseOf(node);
  // Read from the source text: dockerfile-ast drops the spaces inside exec-form strings (`["a b", "/x"]`).
  if (keyword === 'COPY' || keyword === 'ADD') instr.copyExecWords = execForm(node, lines);
  const withHeredocs = node as unknown as { getHeredocs?: () => Array<{ getName(): string; getContentRange(): Range | null }> };
  if (typeof withHeredocs.getHeredocs === 'function' && (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD')) {
    try {
      for (const h of withHeredocs.getHeredocs()) {
        const r = h.getContentRange();
        instr.heredocs.push({ name: h.getName(), content: r ? textOf(lines, r) : '', range: r });
      }
    } catch {
      // dockerfile-ast throws on some half-typed heredocs (found by fuzzing): read the instruction without bodies.
      instr.heredocs = emptyList();
    }
  }
  if (keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT' || keyword === 'HEALTHCHECK') {
    setCommand(instr, execForm(node, lines), lines, escapeChar);
  }
  return instr;
}

/**
 * RUN/CMD/ENTRYPOINT/HEALTHCHECK: the command as the shell sees it, from the exec form, else RUN's
 * heredoc bodies, else the text from the first argument on. Shared by both parsers (scan.ts).
 */
export function setCommand(instr: Instr, execWords: string[] | undefined, lines: string[], escapeChar: string): void {
  instr.execForm = execWords;
  if (execWords) {
    instr.command = execWords.join(' ');
  } else if (instr.heredocs.length > 0 && instr.keyword === 'RUN') {
    instr.command = listOf(instr.heredocs, h => h.content).join('\n');
  } else if (instr.argRanges.length > 0) {
    instr.command = joinContinuations(textOf(lines, { start: instr.argRanges[0].start, end: instr.range.end }), escapeChar);
  }
  instr.shell = splitShell(instr.command);
}

type FlagNode = { getName(): string; getValue(): string | null; getValueRange(): Range | null; getOptions?: () => Array<{ getName(): string; getValue(): string | null; getValueRange(): Range | null }> };

function flagsOf(node: Instruction): Flag[] {
  const withFlags = node as unknown as { getFlags?: () => FlagNode[] };
  if (typeof withFlags.getFlags !== 'function') return emptyList();
  return listOf(withFlags.getFlags(), f => ({
    name: f.getName(), value: f.getValue(), valueRange: f.getValueRange(),
    options: listOf(typeof f.getOptions === 'function' ? f.getOptions() : [], o => ({ name: o.getName(), value: o.getValue(), valueRange: o.getValueRange() })),
  }));
}

function propertiesOf(node: Instruction): Property[] {
  const withProps = node as unknown as { getProperties?: () => Array<{ getName(): string; getValue(): string | null; getAssignmentOperator(): string | null; getRange(): Range; getNameRange(): Range; getValueRange(): Range | null }> };
  if (typeof withProps.getProperties !== 'function') return emptyList();
  return listOf(withProps.getProperties(), p => ({
    name: p.getName(), value: p.getValue() ?? '', operator: p.getAssignmentOperator(), range: p.getRange(), nameRange: p.getNameRange(), valueRange: p.getValueRange(),
  }));
}

function fromClauseOf(node: Instruction): FromClause {
  const from = node as unknown as { getImage(): string | null; getImageRange(): Range | null; getBuildStage(): string | null; getBuildStageRange(): Range | null; getPlatformFlag(): { getValue(): string | null } | null };
  return newFromClause(from.getImage() ?? '', from.getImageRange(), from.getBuildStage() ?? undefined, from.getBuildStageRange(), from.getPlatformFlag()?.getValue() ?? undefined);
}

function execForm(node: Instruction, lines?: string[]): string[] | undefined {
  const json = node as unknown as { getOpeningBracket?: () => unknown; getJSONStrings?: () => Array<{ getValue(): string; getRange(): Range }>; getClosingBracket?: () => unknown };
  if (typeof json.getOpeningBracket !== 'function' || !json.getOpeningBracket() || !json.getClosingBracket?.()) return undefined;
  const out: string[] = emptyList();
  for (const s of json.getJSONStrings?.() ?? []) {
    // dockerfile-ast's getValue() drops whitespace inside the string ("daemon off;" → "daemonoff;"), so read the source text.
    const raw = lines ? textOf(lines, s.getRange()) : s.getValue();
    try { out.push(JSON.parse(raw)); } catch { out.push(raw.replace(/^"|"$/g, '')); }
  }
  return out;
}

/** Joins escaped line breaks and drops comment lines inside a continuation, as the builder does. */
export function joinContinuations(raw: string, escapeChar: string): string {
  const lines = raw.split(/\r\n|\r|\n/);
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (i > 0 && /^\s*#/.test(line)) continue;
    const trimmed = line.replace(/\s+$/, '');
    if (trimmed.endsWith(escapeChar) && !trimmed.endsWith(escapeChar + escapeChar)) {
      current += trimmed.slice(0, -1) + ' ';
      continue;
    }
    line = current + line;
    current = '';
    out.push(line);
  }
  if (current) out.push(current);
  return out.join('\n').trim();
}

export function textOf(lines: string[], r: Range): string {
  if (r.start.line === r.end.line) return (lines[r.start.line] ?? '').slice(r.start.character, r.end.character);
  const parts = [(lines[r.start.line] ?? '').slice(r.start.character)];
  for (let l = r.start.line + 1; l < r.end.line; l++) parts.push(lines[l] ?? '');
  parts.push((lines[r.end.line] ?? '').slice(0, r.end.character));
  return parts.join('\n');
}
