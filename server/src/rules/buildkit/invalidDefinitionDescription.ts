import { Instr } from '../../analysis/model';
import { FileRule, RuleFinding } from '../rule';
import { emptyList, listOf } from '../../analysis/lists';

// Comments that are instructions to a tool, not descriptions: parser directives and suppression pragmas.
const PRAGMA = /^#\s*(?:(?:syntax|escape|check)\s*=|hadolint\s|layerwise\s|shellcheck\s)/i;

/**
 * BuildKit reads the comment lines directly above a named FROM or an ARG as its description
 * (`docker buildx build --call outline` shows them) when the last one starts with the stage or
 * ARG name. This is its experimental check, off by default in BuildKit: here it is in the strict
 * profile only.
 */
export const invalidDefinitionDescription: FileRule = {
  id: 'invalid-definition-description',
  category: 'best-practice',
  severity: 'warning',
  recommended: false,
  title: 'The comment above a named FROM or an ARG does not start with its name, so it is not read as its description',
  equivalents: { buildkit: ['InvalidDefinitionDescription'] },
  explanation: 'BuildKit takes the comment lines directly above `FROM … AS name` or `ARG NAME` as that stage\'s or build argument\'s '
    + 'description (shown by `docker buildx build --call outline`/`targets`) when the last line starts with the name. A comment there '
    + 'that is not a description should be separated by an empty line.',
  scope: 'file',
  fileScopeReason: 'ARGs before the first FROM belong to no stage, and their comments are outside every stage\'s lines.',
  check(model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of model.instructions) {
      if (instr.keyword !== 'ARG' && !(instr.keyword === 'FROM' && instr.fromClause?.stageName)) continue;
      const comment = lastCommentAbove(model.lines, instr);
      if (!comment) continue;
      const first = comment.text.replace(/^#\s*/, '').split(' ')[0];
      const names = instr.keyword === 'ARG' ? listOf(instr.args, a => a.split('=')[0]) : [instr.fromClause?.stageName ?? ''];
      if (names.length === 0 || names.includes(first) || (instr.keyword === 'FROM' && names[0].toLowerCase() === first.toLowerCase())) continue;
      const example = names.length > 1 ? '<arg_key>' : names[0];
      const what = instr.keyword === 'FROM' ? 'build stage' : 'build argument';
      out.push({
        message: `The comment directly above this ${instr.keyword} is read as the ${what}'s description, which should follow the format \`# ${example} <description>\`; `
          + 'if it is not meant as one, put an empty line between the comment and the instruction.',
        range: instr.keywordRange,
        fixes: [{
          title: 'Insert an empty line after the comment (it is not a description)',
          edits: [{ range: { start: { line: instr.range.start.line, character: 0 }, end: { line: instr.range.start.line, character: 0 } }, newText: model.eol }],
        }],
      });
    }
    return out;
  },
};

/** The description comment BuildKit would use: the last of the comment lines directly above (an empty `#` or a blank line ends them). */
function lastCommentAbove(lines: string[], instr: Instr): { line: number; text: string } | undefined {
  for (let l = instr.range.start.line - 1; l >= 0; l--) {
    const text = (lines[l] ?? '').trim();
    if (!text.startsWith('#')) return undefined;
    if (PRAGMA.test(text)) continue;
    if (text.replace(/^#\s*/, '') === '') return undefined;
    return { line: l, text };
  }
  return undefined;
}
