// Writing CMD/ENTRYPOINT/RUN lines for quick fixes in the file's own style.
import { DockerfileModel, Instr } from '../../analysis/model';
import { execFormOf } from '../edits';
import { execWordsIfSimple } from '../../analysis/commandText';

/** `CMD` or `cmd`, following how the instruction the fix starts from spells its keyword. */
export function keywordLike(model: DockerfileModel, instr: Instr, keyword: string): string {
  const written = (model.lines[instr.keywordRange.start.line] ?? '').slice(instr.keywordRange.start.character, instr.keywordRange.end.character);
  return written === written.toLowerCase() ? keyword.toLowerCase() : keyword;
}

export function indentOf(model: DockerfileModel, instr: Instr): string {
  return /^[ \t]*/.exec(model.lines[instr.range.start.line] ?? '')?.[0] ?? '';
}

/** `CMD ["a", "b"]` when the shell text needs no shell, else `CMD <text>` in shell form. */
export function commandLine(keyword: string, shellText: string): string {
  const words = execWordsIfSimple(shellText);
  return words ? `${keyword} ${execFormOf(words)}` : `${keyword} ${shellText}`;
}
