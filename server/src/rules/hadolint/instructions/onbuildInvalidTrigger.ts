import { StageRule, RuleFinding } from '../../rule';
import { emptyList } from '../../../analysis/lists';

const DISALLOWED = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

// `ONBUILD FROM …`: Docker refuses these triggers; the build fails.
export const onbuildInvalidTrigger: StageRule = {
  id: 'onbuild-invalid-trigger', category: 'syntax', severity: 'error', hadolintSeverity: 'error',
  title: 'ONBUILD with FROM, MAINTAINER or ONBUILD as its trigger',
  equivalents: { hadolint: ['DL3043'] },
  explanation: 'ONBUILD registers an instruction to run in images built FROM this one. FROM, MAINTAINER and another ONBUILD '
    + 'are not allowed as that instruction: the builder stops with an error.',
  scope: 'stage',
  checkStage(stage) {
    const out: RuleFinding[] = emptyList();
    for (const instr of stage.instructions) {
      const trigger = (instr.args[0] ?? '').toUpperCase();
      if (instr.keyword !== 'ONBUILD' || !DISALLOWED.has(trigger)) continue;
      out.push({ message: `\`${trigger}\` cannot be triggered from within an ONBUILD instruction.`, range: instr.argRanges[0] ?? instr.range });
    }
    return out;
  },
};
