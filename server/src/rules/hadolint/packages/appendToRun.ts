// Appending a command at the end of a RUN (`&& yum clean all`), only where the shell text plainly ends.
import { Instr } from '../../../analysis/model';
import { TextEdit } from '../../../analysis/types';
import { StageView } from '../../rule';

/**
 * ` && <command>` after the RUN's last word, or undefined when the end is not plain: a heredoc, a
 * trailing comment, continuation or operator, or a last command that runs in the background.
 */
export function appendToRun(model: StageView, instr: Instr, command: string): TextEdit | undefined {
  if (instr.heredocs.length > 0 || instr.execForm) return undefined;
  const end = instr.range.end;
  const lastLine = model.lines[end.line] ?? '';
  const last = instr.shell[instr.shell.length - 1];
  if (!last || last.terminator !== '' || end.character !== lastLine.length) return undefined;
  if (/[#\\`;&|]\s*$/.test(lastLine) || lastLine.includes('#')) return undefined;
  return { range: { start: end, end }, newText: ` && ${command}` };
}
