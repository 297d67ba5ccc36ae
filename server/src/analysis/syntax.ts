// Syntax errors the builder would raise, from dockerfile-utils (same author as dockerfile-ast):
// reused rather than rewritten. Checks our own rules cover better are switched off here.
// Validation runs per chunk (see chunks.ts) and is cached by the chunk's text, so an edit
// re-validates only the instructions around it. Most chunks never reach the validator:
// syntaxFast.ts answers for the shapes it knows from the model we already have.
import { validate, ValidationSeverity } from 'dockerfile-utils';
import { Chunk, lineOffsets } from './chunks';
import { fastChunkFindings, globalArgNames } from './syntaxFast';
import { defuseStageNames } from './validatorGuards';
import { DockerfileModel } from './model';
import { Finding } from './types';
import { emptyList, listOf } from './lists';

const SETTINGS = {
  deprecatedMaintainer: ValidationSeverity.WARNING,
  directiveCasing: ValidationSeverity.IGNORE,
  emptyContinuationLine: ValidationSeverity.IGNORE,
  instructionCasing: ValidationSeverity.IGNORE,
  instructionCmdMultiple: ValidationSeverity.IGNORE, // multiple-cmd says more
  instructionEntrypointMultiple: ValidationSeverity.IGNORE,
  instructionHealthcheckMultiple: ValidationSeverity.IGNORE, // multiple-cmd (DL3012)
  instructionJSONInSingleQuotes: ValidationSeverity.WARNING,
  instructionWorkdirRelative: ValidationSeverity.IGNORE, // workdir-relative-path (DL3000) says more
};

const DUPLICATE_BUILD_STAGE_NAME = 10; // duplicate-stage-name reports it with a fix
const NO_SOURCE_IMAGE = 20;
/** Reported by rules with their own id, so hadolint's pragmas and config reach them (rules/hadolint/instructions/). */
const OWN_RULE_CODES = new Set([
  23, // INVALID_DESTINATION: copy-multiple-sources-to-file (DL3021)
  29, 30, // ONBUILD_CHAINING_DISALLOWED, ONBUILD_TRIGGER_DISALLOWED: onbuild-invalid-trigger (DL3043)
]);


/**
 * dockerfile-utils' work grows with the square of the global ARGs (a file of 12,000 `ARG A=$B`
 * lines took 23 s): it checks only the first this many; the rest get one information finding.
 */
export const MAX_VALIDATED_GLOBAL_ARGS = 500;

export function syntaxFindings(model: DockerfileModel): Finding[] {
  const steps = syntaxFindingSteps(model);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Stages or chunks whose kept results are taken between two pauses of an analysis (each is a few lookups). */
export const KEPT_PER_STEP = 32;

/** syntaxFindings() with a step (a pause point for the language server) after each chunk checked, and every KEPT_PER_STEP kept ones. */
export function* syntaxFindingSteps(model: DockerfileModel): Generator<void, Finding[], void> {
  if (model.chunks.length <= 1) {
    const whole = { startLine: 0, lineCount: model.lines.length, text: model.text };
    return fastChunkFindings(model, whole, globalsBounded(model)) ?? validatedChunkFindings(model, whole);
  }
  const out: Finding[] = emptyList();
  const reuse = model.reuse;
  // The chunk keys this version uses, the previous version's where a chunk's text and the global ARG names are the same.
  const globals = globalsKey(model);
  const earlier = reuse?.earlier?.syntaxGlobals === globals ? reuse.earlier : undefined;
  const keys: string[] = new Array(model.chunks.length);
  if (reuse) { reuse.syntaxKeys = keys; reuse.syntaxGlobals = globals; }
  model.chunks.forEach((chunk, i) => {
    const j = earlier ? earlier.same[i] : -1;
    keys[i] = j >= 0 && earlier!.syntaxKeys?.[j] !== undefined ? earlier!.syntaxKeys[j] : syntaxKey(chunk, model.escapeChar, globals);
  });
  let kept = 0;
  for (let i = 0; i < model.chunks.length; i++) {
    const chunk = model.chunks[i];
    const cached = cachedFindings(model, keys[i]);
    for (const f of placedFindings(cached ?? checkedFindings(model, chunk, keys[i]), chunk.startLine)) out.push(f);
    if (!cached || ++kept >= KEPT_PER_STEP) { kept = 0; yield; }
  }
  return out;
}

/**
 * The first chunk carries the real parser directives and reaches the first FROM; a later chunk's
 * findings depend on the names the global ARGs declare (see blankBaseOfGlobal).
 */
function syntaxKey(chunk: Chunk, escapeChar: string, globals: string): string {
  return escapeChar + '|' + (chunk.startLine === 0 ? '0|' : globals) + chunk.text;
}

/**
 * A chunk's findings moved to where the chunk starts, kept with the chunk's cached result: an
 * unchanged chunk gives the same objects version after version (so do their diagnostics).
 */
const placedAt = new WeakMap<Finding[], { at: number; findings: Finding[] }>();
function placedFindings(found: Finding[], at: number): Finding[] {
  const hit = placedAt.get(found);
  if (hit?.at === at) return hit.findings;
  const findings = listOf(found, f => shift(f, at));
  placedAt.set(found, { at, findings });
  return findings;
}

/** A chunk's findings from this version's or the previous one's cache (kept in this version's). */
function cachedFindings(model: DockerfileModel, key: string): Finding[] | undefined {
  const hit = model.reuse?.previousSyntax?.get(key) ?? model.reuse?.syntax.get(key);
  if (hit) model.reuse?.syntax.set(key, hit);
  return hit;
}

/** A chunk's findings checked now, and cached. */
function checkedFindings(model: DockerfileModel, chunk: Chunk, key: string): Finding[] {
  const found = fastChunkFindings(model, chunk, chunk.startLine === 0 && globalsBounded(model)) ?? validatedChunkFindings(model, chunk);
  model.reuse?.syntax.set(key, found);
  return found;
}

function globalsKey(model: DockerfileModel): string {
  let key = globalsKeys.get(model);
  if (key === undefined) {
    const joined = [...globalArgNames(model)].join('\0');
    globalsKeys.set(model, key = joined.length + ':' + joined + '|');
  }
  return key;
}
const globalsKeys = new WeakMap<DockerfileModel, string>();

/** Whether the first chunk's global instructions exceed what the validator is given (see boundGlobals). */
function globalsBounded(model: DockerfileModel): boolean {
  return (model.stages.length > 0 ? model.stages[0].from.index : model.instructions.length) > MAX_VALIDATED_GLOBAL_ARGS;
}

/**
 * What dockerfile-utils reports for the chunk (positions relative to its first line), with our
 * guards: the checker of record, and what syntaxFast.ts answers must equal (see its tests).
 */
export function validatedChunkFindings(model: DockerfileModel, chunk: Chunk): Finding[] {
  const escapeChar = model.escapeChar;
  let header = '';
  if (chunk.startLine > 0) {
    // Later chunks are validated as a stage of their own: the directive and a FROM keep
    // the validator from reporting a missing base image; their lines are dropped below.
    header = (escapeChar === '\\' ? '' : '# escape=' + escapeChar + '\n') + 'FROM scratch\n';
  }
  const headerLines = header ? header.split('\n').length - 1 : 0;
  const defused = defuseStageNames(model, chunk);
  const bounded = chunk.startLine === 0 ? boundGlobals(model, defused.text) : { text: defused.text, findings: [] };
  const diagnostics = safeValidate(header + bounded.text);
  if (!diagnostics) return checkedInHalves(model, chunk);
  let found = toFindings(diagnostics, headerLines, chunk.startLine > 0 ? NO_SOURCE_IMAGE : -1);
  if (chunk.startLine > 0) found = found.filter(f => !blankBaseOfGlobal(model, f));
  return [...found, ...defused.findings, ...bounded.findings];
}

/**
 * A later chunk is validated without the file's global ARGs, so `FROM ${BASE}` there was called
 * blank although a global ARG declares BASE (a false error): dropped, as a whole-file run does.
 */
function blankBaseOfGlobal(model: DockerfileModel, f: Finding): boolean {
  const m = /^base name \(\$\{?([A-Za-z_][A-Za-z0-9_]*)[^)]*\) should not be blank$/.exec(f.message);
  return m !== null && globalArgNames(model).has(m[1]);
}

/** Blanks the lines of the global instructions past the limit (positions stay), with a notice. */
function boundGlobals(model: DockerfileModel, text: string): { text: string; findings: Finding[] } {
  const globals = model.stages.length > 0 ? model.stages[0].from.index : model.instructions.length;
  if (globals <= MAX_VALIDATED_GLOBAL_ARGS) return { text, findings: [] };
  const first = model.instructions[MAX_VALIDATED_GLOBAL_ARGS];
  const last = model.instructions[globals - 1];
  const parts = text.split(/(\r\n|\r|\n)/); // [line, break, line, break, …]
  for (let l = first.range.start.line; l <= last.range.end.line && 2 * l < parts.length; l++) parts[2 * l] = '';
  const skipped = globals - MAX_VALIDATED_GLOBAL_ARGS;
  return {
    text: parts.join(''),
    findings: [{
      ruleId: 'syntax', severity: 'info',
      message: `Docker's syntax checks skipped the last ${skipped.toLocaleString('en-US')} of the ${globals.toLocaleString('en-US')} instructions before the first FROM: `
        + `checking more than ${MAX_VALIDATED_GLOBAL_ARGS} would take seconds on every edit. Layerwise's own rules still check them.`,
      range: { start: first.range.start, end: first.keywordRange.end },
    }],
  };
}

/**
 * dockerfile-utils fails on some half-typed text (it recurses without end on an indented
 * instruction using a variable before the first FROM, `  RUN echo $HOME`, and throws reading
 * some unterminated heredocs): undefined then (found by the fuzz tests).
 */
function safeValidate(text: string): ReturnType<typeof validate> | undefined {
  try {
    return validate(text, SETTINGS);
  } catch {
    return undefined;
  }
}

/**
 * A chunk the validator fails on, checked as two halves cut at the instruction start nearest its
 * middle, each as a chunk of its own (and so on): only the instruction it fails on goes unchecked,
 * not every other one in the chunk, whose warnings would otherwise come and go as edits move
 * the chunk's ends.
 */
function checkedInHalves(model: DockerfileModel, chunk: Chunk): Finding[] {
  const end = chunk.startLine + chunk.lineCount;
  // Each half holds an instruction (a chunk of comments alone is "no instructions" to the validator).
  const starts: number[] = [];
  for (const instr of model.instructions) {
    const line = instr.range.start.line;
    if (line >= chunk.startLine && line < end && line !== starts[starts.length - 1]) starts.push(line);
  }
  if (starts.length < 2) return emptyList();
  const cut = starts[starts.length >> 1];
  const offsets = lineOffsets(model.text, model.lines.length, model.lines);
  const at = offsets[cut] - offsets[chunk.startLine];
  const first: Chunk = { startLine: chunk.startLine, lineCount: cut - chunk.startLine, text: chunk.text.slice(0, at) };
  const second: Chunk = { startLine: cut, lineCount: end - cut, text: chunk.text.slice(at) };
  const out = validatedChunkFindings(model, first);
  for (const f of validatedChunkFindings(model, second)) out.push(shift(f, cut - chunk.startLine));
  return out;
}

function toFindings(diagnostics: ReturnType<typeof validate>, skipLines: number, skipCode: number): Finding[] {
  const out: Finding[] = emptyList();
  for (const d of diagnostics) {
    if (d.code === DUPLICATE_BUILD_STAGE_NAME || d.code === skipCode || OWN_RULE_CODES.has(d.code as number)) continue;
    // On an instruction (not at 0:0, "no instructions at all"): an instruction before FROM, which instruction-before-from (DL3061) reports.
    if (d.code === NO_SOURCE_IMAGE && (d.range.start.line !== d.range.end.line || d.range.start.character !== d.range.end.character)) continue;
    if (d.range.start.line < skipLines) continue;
    out.push({
      ruleId: 'syntax',
      severity: d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info',
      message: typeof d.message === 'string' ? d.message : d.message.value,
      range: {
        start: { line: d.range.start.line - skipLines, character: d.range.start.character },
        end: { line: d.range.end.line - skipLines, character: d.range.end.character },
      },
      tags: d.tags?.includes(1) ? ['unnecessary'] : d.tags?.includes(2) ? ['deprecated'] : undefined,
    });
  }
  return out;
}

function shift(f: Finding, lines: number): Finding {
  if (lines === 0) return { ...f };
  return {
    ...f,
    range: {
      start: { line: f.range.start.line + lines, character: f.range.start.character },
      end: { line: f.range.end.line + lines, character: f.range.end.character },
    },
  };
}
