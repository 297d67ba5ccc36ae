import { FileRule, RuleFinding } from '../../rule';
import { emptyList } from '../../../analysis/lists';

// `RUN …` above the first FROM: the builder has no image to run it in.
export const instructionBeforeFrom: FileRule = {
  id: 'instruction-before-from', category: 'syntax', severity: 'error', hadolintSeverity: 'error',
  title: 'An instruction other than ARG before the first FROM',
  equivalents: { hadolint: ['DL3061'] },
  explanation: 'A Dockerfile starts with FROM; only ARG (and parser directives and comments) may come before it. '
    + 'Anything else has no image to apply to, and the build fails.',
  scope: 'file',
  fileScopeReason: 'instructions above the first FROM belong to no stage',
  check(model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of model.instructions) {
      if (instr.keyword === 'FROM') break;
      if (instr.keyword === 'ARG') continue;
      out.push({ message: `Invalid instruction order: the Dockerfile must begin with FROM, ARG or a comment, not ${instr.keyword}.`, range: instr.keywordRange });
    }
    return out;
  },
};
