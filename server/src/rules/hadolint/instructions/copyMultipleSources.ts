import { StageRule, RuleFinding } from '../../rule';
import { describe } from '../../edits';
import { dropQuotes } from './imageRef';
import { emptyList } from '../../../analysis/lists';

// `COPY a.txt b.txt /app`: the builder refuses it; the destination of several sources must be a folder ending in `/`.
export const copyMultipleSources: StageRule = {
  id: 'copy-multiple-sources-to-file', category: 'syntax', severity: 'error', hadolintSeverity: 'error',
  title: 'COPY or ADD of several sources to a destination not ending in `/`',
  equivalents: { hadolint: ['DL3021'] },
  explanation: 'With more than one source, COPY and ADD need a folder as destination, written with a trailing `/`; '
    + 'otherwise the build fails ("When using COPY with more than one source file, the destination must be a directory and end with a /").',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    for (const copy of stage.copies) {
      const instr = copy.instr;
      if (copy.sources.length < 2) continue;
      const dest = dropQuotes(copy.dest);
      // A variable may end in `/`; the builder checks the expanded value.
      if (dest === '' || dest.endsWith('/') || dest.endsWith('\\') || dest.includes('$')) continue;
      const finding: RuleFinding = {
        message: `${instr.keyword} with more than one source requires the destination to end with /: ${describe(model, instr)} copies ${copy.sources.length} sources to '${dest}'.`,
        range: instr.argRanges[instr.argRanges.length - 1] ?? instr.range,
      };
      const destRange = instr.argRanges[instr.argRanges.length - 1];
      // Shell form only, and only when the word as written is the destination (no quotes to keep balanced).
      if (!instr.copyExecWords && destRange && destRange.start.line === destRange.end.line && instr.args[instr.args.length - 1] === dest) {
        finding.fixes = [{ title: `Make the destination the folder '${dest}/'`, edits: [{ range: { start: destRange.end, end: destRange.end }, newText: '/' }], isPreferred: true }];
      }
      out.push(finding);
    }
    return out;
  },
};
