// Inputs that make dockerfile-utils' validator hang, defused before it sees them.
// Its build-stage-name check uses /^[a-z]([a-z0-9_\-.]*)*$/: on a long name that fails at
// the end (`FROM node AS averyveryverylongstagename=`, or a LABEL pulled into a FROM by a
// dangling `\`) the nested quantifier backtracks exponentially and the server freezes.
// We run the same check with the equivalent linear pattern, report it ourselves with the
// validator's own wording, and hand the validator a harmless name of the same length.
import { Chunk, lineOffsets } from './chunks';
import { DockerfileModel } from './model';
import { Finding, Range } from './types';
import { emptyList } from './lists';

export const STAGE_NAME = /^[a-z][a-z0-9_\-.]*$/;

export interface Defused {
  /** The chunk's text with bad stage names replaced (positions unchanged). */
  text: string;
  /** The validator's invalid-stage-name errors, positions relative to the chunk's first line. */
  findings: Finding[];
}

export function defuseStageNames(model: DockerfileModel, chunk: Chunk): Defused {
  const findings: Finding[] = emptyList();
  const end = chunk.startLine + chunk.lineCount;
  let chars: string[] | undefined;
  let starts: number[] | undefined;
  const list = model.instructions;
  // Chunks are validated one by one: start at the chunk's first instruction, not the file's.
  for (let k = firstStartingAt(list, chunk.startLine); k < list.length; k++) {
    const instr = list[k];
    if (instr.range.start.line >= end) break;
    // The validator checks the name only when FROM has exactly three arguments (`image AS name`).
    if (instr.keyword !== 'FROM' || instr.args.length !== 3) continue;
    const name = instr.args[2].toLowerCase();
    if (STAGE_NAME.test(name)) continue;
    const r = instr.argRanges[2];
    findings.push(invalidStageNameFinding(instr.args[2], r, chunk.startLine));
    starts ??= lineOffsets(chunk.text, chunk.lineCount);
    chars ??= chunk.text.split(''); // UTF-16 units, like the offsets
    const from = starts[r.start.line - chunk.startLine] + r.start.character;
    const to = starts[r.end.line - chunk.startLine] + r.end.character;
    for (let i = from; i < to && i < chars.length; i++) {
      // Keep line breaks, indentation and escapes so the instruction's shape stays the same.
      if (!/\s/.test(chars[i]) && chars[i] !== model.escapeChar) chars[i] = 'a';
    }
  }
  return { text: chars ? chars.join('') : chunk.text, findings };
}

/** The validator's error for a bad stage name at `r`, with lines counted from `base`. */
export function invalidStageNameFinding(name: string, r: Range, base: number): Finding {
  return {
    ruleId: 'syntax', severity: 'error',
    message: `invalid name for build stage: "${name.toLowerCase()}", name can't start with a number or contain symbols`,
    range: {
      start: { line: r.start.line - base, character: r.start.character },
      end: { line: r.end.line - base, character: r.end.character },
    },
  };
}

/** Index of the first instruction that starts on or after `line` (instructions are in file order). */
function firstStartingAt(list: DockerfileModel['instructions'], line: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].range.start.line < line) lo = mid + 1; else hi = mid;
  }
  return lo;
}
