import { Rule, RuleFinding } from '../rule';
import { describe, firstLine } from '../edits';
import { ShellCommand } from '../../analysis/shell';
import { indexUpdate } from '../cache/systemPackages';
import { commandOf } from '../cache/common';
import { hasCacheMount } from './missingFlag';
import { emptyList } from '../../analysis/lists';

// `apt-get update` writes ~20–50 MB of package lists under /var/lib/apt/lists; unless the same RUN
// deletes them, the layer ships them. Like hadolint, only stages that can end up in an image count.
export const aptListsNotRemoved: Rule = {
  id: 'apt-lists-not-removed', category: 'best-practice', severity: 'info',
  title: '`apt-get update` without removing /var/lib/apt/lists in the same RUN',
  equivalents: { hadolint: ['DL3009'] },
  readsShell: true,
  hadolintSeverity: 'info',
  explanation: 'The package lists `apt-get update` downloads are only needed while installing. Left in place they add tens of megabytes to the layer; deleting them in a later RUN does not shrink the image. End the RUN with `rm -rf /var/lib/apt/lists/*`.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    if (!model.ships) return out;
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'RUN' || instr.execForm) continue;
      if (!instr.shell.some(c => indexUpdate(c) === 'apt')) continue;
      if (instr.shell.some(c => removesLists(c))) continue;
      if (hasCacheMount(instr, ['/var/lib/apt'])) continue;
      const f: RuleFinding = {
        message: `${describe(model, instr)} runs \`apt-get update\` but leaves /var/lib/apt/lists in the layer: add \`rm -rf /var/lib/apt/lists/*\` at the end of the same RUN.`,
        range: firstLine(model, instr),
      };
      const end = instr.range.end;
      const lastLine = model.lines[end.line] ?? '';
      const last = instr.shell[instr.shell.length - 1];
      // Append only where the shell text plainly ends: no heredoc, no trailing comment, continuation or operator.
      if (instr.heredocs.length === 0 && last && last.terminator === '' && end.character === lastLine.length
        && !/[#\\`;&|]\s*$/.test(lastLine) && !lastLine.includes('#')) {
        f.fixes = [{ title: 'Add `&& rm -rf /var/lib/apt/lists/*`', edits: [{ range: { start: end, end }, newText: ' && rm -rf /var/lib/apt/lists/*' }], isPreferred: true }];
      }
      out.push(f);
    }
    return out;
  },
};

/** `rm … /var/lib/apt/lists/*`, or apt 3's `apt-get dist-clean`, which deletes the lists too. */
function removesLists(cmd: ShellCommand): boolean {
  const { prog, args } = commandOf(cmd);
  if ((prog === 'apt-get' || prog === 'apt') && args.includes('dist-clean')) return true;
  return prog === 'rm' && args.some(w => /^\/var\/lib\/apt\/lists(\/\*?)?\/?$/.test(w));
}
