// Syntax errors the builder would raise, from dockerfile-utils (same author as dockerfile-ast):
// reused rather than rewritten. Checks our own rules cover better are switched off here.
// Validation runs per chunk (see chunks.ts) and is cached by the chunk's text, so an edit
// re-validates only the instructions around it.
import { validate, ValidationSeverity } from 'dockerfile-utils';
import { Chunk } from './chunks';
import { defuseStageNames } from './validatorGuards';
import { DockerfileModel } from './model';
import { Finding } from './types';

const SETTINGS = {
  deprecatedMaintainer: ValidationSeverity.WARNING,
  directiveCasing: ValidationSeverity.IGNORE,
  emptyContinuationLine: ValidationSeverity.IGNORE,
  instructionCasing: ValidationSeverity.IGNORE,
  instructionCmdMultiple: ValidationSeverity.IGNORE, // multiple-cmd says more
  instructionEntrypointMultiple: ValidationSeverity.IGNORE,
  instructionHealthcheckMultiple: ValidationSeverity.WARNING,
  instructionJSONInSingleQuotes: ValidationSeverity.WARNING,
  instructionWorkdirRelative: ValidationSeverity.WARNING,
};

const DUPLICATE_BUILD_STAGE_NAME = 10; // duplicate-stage-name reports it with a fix
const NO_SOURCE_IMAGE = 20;


export function syntaxFindings(model: DockerfileModel): Finding[] {
  if (model.chunks.length <= 1) {
    const defused = defuseStageNames(model, { startLine: 0, lineCount: model.lines.length, text: model.text });
    return [...toFindings(safeValidate(defused.text), 0, 0), ...defused.findings];
  }
  const out: Finding[] = [];
  for (const chunk of model.chunks) {
    for (const f of chunkFindings(model, chunk, model.escapeChar)) out.push(shift(f, chunk.startLine));
  }
  return out;
}

function chunkFindings(model: DockerfileModel, chunk: Chunk, escapeChar: string): Finding[] {
  // The first chunk carries the real parser directives and reaches the first FROM.
  const key = escapeChar + '|' + (chunk.startLine === 0 ? '0|' : '') + chunk.text;
  const hit = model.reuse?.previousSyntax?.get(key) ?? model.reuse?.syntax.get(key);
  if (hit) { model.reuse?.syntax.set(key, hit); return hit; }
  let header = '';
  if (chunk.startLine > 0) {
    // Later chunks are validated as a stage of their own: the directive and a FROM keep
    // the validator from reporting a missing base image; their lines are dropped below.
    header = (escapeChar === '\\' ? '' : '# escape=' + escapeChar + '\n') + 'FROM scratch\n';
  }
  const headerLines = header ? header.split('\n').length - 1 : 0;
  const defused = defuseStageNames(model, chunk);
  const found = [...toFindings(safeValidate(header + defused.text), headerLines, chunk.startLine > 0 ? NO_SOURCE_IMAGE : -1), ...defused.findings];
  model.reuse?.syntax.set(key, found);
  return found;
}

/**
 * dockerfile-utils fails on some half-typed text (it recurses without end on an indented
 * instruction using a variable before the first FROM, `  RUN echo $HOME`, and throws reading
 * some unterminated heredocs), so one chunk's checks are dropped rather than every chunk's
 * (found by the fuzz tests).
 */
function safeValidate(text: string): ReturnType<typeof validate> {
  try {
    return validate(text, SETTINGS);
  } catch {
    return [];
  }
}

function toFindings(diagnostics: ReturnType<typeof validate>, skipLines: number, skipCode: number): Finding[] {
  const out: Finding[] = [];
  for (const d of diagnostics) {
    if (d.code === DUPLICATE_BUILD_STAGE_NAME || d.code === skipCode) continue;
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
