import { Rule, RuleFinding } from '../../rule';
import { describe, firstLine } from '../../edits';
import { expandVariables } from '../../../analysis/expand';
import { TextEdit } from '../../../analysis/types';
import { flagNames, invocations, optionValues } from './commands';
import { emptyList } from '../../../analysis/lists';

// useradd writes the new user's entry into /var/log/lastlog and faillog at offset uid × record
// size: a sparse file on disk, but a layer stores it in full, so a UID like 1000000 adds
// hundreds of megabytes. `-l` (`--no-log-init`) skips those logs.
export const useraddHighUid: Rule = {
  id: 'useradd-high-uid',
  category: 'best-practice',
  severity: 'warning',
  hadolintSeverity: 'warning',
  readsShell: true,
  title: '`useradd` with a high UID and without `-l`: the layer grows by the size of a sparse log',
  equivalents: { hadolint: ['DL3046'] },
  explanation: 'useradd records the user in /var/log/lastlog and /var/log/faillog at an offset proportional to the UID. On disk the file is sparse; in an image layer it is stored in full, so a six-digit UID adds tens to hundreds of megabytes. `useradd -l` (`--no-log-init`) does not write those records.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of stage.instructions) {
      const hits = invocations(instr).filter(i => {
        if (i.name !== 'useradd') return false;
        const flags = flagNames(i.args);
        if (flags.has('l') || flags.has('no-log-init')) return false;
        return optionValues(i.args, 'u', 'uid').some(v => {
          // A variable is judged by its known value; an unknown one (a build argument) is not judged.
          const e = expandVariables(v, stage.vars);
          return e.complete && e.value.length > 5;
        });
      });
      if (hits.length === 0) continue;
      const finding: RuleFinding = {
        message: `${describe(model, instr)} runs \`useradd\` with a UID of six or more digits and without \`-l\`: /var/log/lastlog and faillog grow to that offset and the layer stores them in full.`,
        range: firstLine(model, instr),
      };
      const edits = insertAfterWord(model.lines, instr.range.start.line, instr.range.end.line, /\buseradd(?=\s)/g, ' -l', hits.length);
      if (edits) finding.fixes = [{ title: 'Add `-l` (--no-log-init)', edits, isPreferred: true }];
      out.push(finding);
    }
    return out;
  },
};

/** One insertion after each match, when the source shows exactly `count` of them outside comment lines. */
export function insertAfterWord(lines: string[], from: number, to: number, re: RegExp, text: string, count: number): TextEdit[] | undefined {
  const edits: TextEdit[] = emptyList();
  for (let l = from; l <= to; l++) {
    const line = lines[l] ?? '';
    if (l !== from && /^\s*#/.test(line)) continue;
    for (const m of line.matchAll(re)) {
      const at = { line: l, character: (m.index ?? 0) + m[0].length };
      edits.push({ range: { start: at, end: at }, newText: text });
    }
  }
  return edits.length === count ? edits : undefined;
}
