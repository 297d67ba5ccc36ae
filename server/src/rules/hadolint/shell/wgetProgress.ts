import { Rule, RuleFinding } from '../../rule';
import { describe, firstLine } from '../../edits';
import { baseShellOf } from '../../runVsCmd/baseShell';
import { flagNames, invocations } from './commands';
import { insertAfterWord } from './useraddHighUid';
import { emptyList } from '../../../analysis/lists';

// Without a terminal GNU wget falls back to its "dot" progress display: one line per 50 KiB, so
// a 500 MB download writes ten thousand lines into the build log.
export const wgetProgress: Rule = {
  id: 'wget-progress',
  category: 'best-practice',
  severity: 'info',
  hadolintSeverity: 'info',
  recommended: false,
  readsShell: true,
  title: '`wget` without `--progress`, `-q` or `-nv`: the build log fills with progress dots',
  equivalents: { hadolint: ['DL3047'] },
  explanation: 'A build has no terminal, so GNU wget prints its progress as dots, a line for every 50 KiB: large downloads bury the rest of the build log. `--progress=dot:giga` prints a line per 32 MiB; `-q` or `-nv` print nothing but errors.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    // BusyBox wget (Alpine) has no --progress; the fix is offered only where wget is GNU wget.
    const shell = baseShellOf(stage);
    const gnu = shell === 'dash' || shell === 'bash';
    for (const instr of stage.instructions) {
      const hits = invocations(instr).filter(i => {
        if (i.name !== 'wget') return false;
        const f = flagNames(i.args);
        return !['progress', 'q', 'quiet', 'o', 'output-file', 'a', 'append-output', 'no-verbose'].some(x => f.has(x)) && !i.args.includes('-nv');
      });
      if (hits.length === 0) continue;
      const finding: RuleFinding = {
        message: `${describe(model, instr)} runs \`wget\` without \`--progress=dot:giga\`, \`-q\` or \`-nv\`: with no terminal it prints a line of dots per 50 KiB into the build log.`,
        range: firstLine(model, instr),
      };
      const edits = gnu ? insertAfterWord(model.lines, instr.range.start.line, instr.range.end.line, /(?<![\w/.-])wget(?=\s)/g, ' --progress=dot:giga', hits.length) : undefined;
      if (edits) finding.fixes = [{ title: 'Add `--progress=dot:giga`', edits, isPreferred: true }];
      out.push(finding);
    }
    return out;
  },
};
