import { StageRule, RuleFinding } from '../rule';
import { Instr } from '../../analysis/model';
import { DockerfileModel } from '../../analysis/model';
import { describe } from '../edits';
import { emptyList } from '../../analysis/lists';
import { hasLoneCr } from '../../analysis/chunks';

// `RUN a \` + blank line + `b`: the builder skips the blank line today and keeps joining.
export const noEmptyContinuation: StageRule = {
  id: 'no-empty-continuation',
  category: 'best-practice',
  severity: 'warning',
  title: 'Empty lines inside a continued instruction',
  equivalents: { buildkit: ['NoEmptyContinuation'] },
  explanation: 'A blank line after a trailing backslash does not end the instruction: the builder skips it and joins the next line, '
    + 'which hides where the command really ends. Docker deprecated this and says it will become an error.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of [stage.from, ...stage.instructions]) out.push(...emptyLines(model, instr));
    return out;
  },
};

function emptyLines(model: DockerfileModel, instr: Instr): RuleFinding[] {
  // Heredoc bodies may hold blank lines: they are content, not continuations.
  if (instr.heredocs.length > 0 || instr.range.end.line === instr.range.start.line) return [];
  const out: RuleFinding[] = emptyList();
  // A lone CR ends a line for the editor and dockerfile-ast but not for BuildKit (it splits on LF
  // only): in such a file no line-removing edit is known to keep the instruction as the builder reads it.
  let loneCr: boolean | undefined;
  for (let l = instr.range.start.line + 1; l < instr.range.end.line; l++) {
    if ((model.lines[l] ?? 'x').trim() !== '') continue;
    const range = { start: { line: l, character: 0 }, end: { line: l, character: (model.lines[l] ?? '').length } };
    loneCr ??= hasLoneCr(model.text);
    out.push({
      message: `Empty continuation line in ${describe(model, instr)}.`,
      range,
      fixes: loneCr ? [] : [{ title: 'Remove the empty line', edits: [{ range: { start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }, newText: '' }], isPreferred: true }],
    });
  }
  return out;
}
