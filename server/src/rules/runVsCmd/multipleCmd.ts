import { Rule } from '../rule';
import { deleteInstruction, describe } from '../edits';

// Only the last CMD (and the last ENTRYPOINT) of a stage takes effect; earlier ones are dead code.
export const multipleCmd: Rule = {
  id: 'multiple-cmd',
  category: 'run-vs-cmd',
  severity: 'warning',
  title: 'More than one CMD, ENTRYPOINT or HEALTHCHECK in a stage: only the last one counts',
  equivalents: { hadolint: ['DL4003', 'DL4004', 'DL3012'], buildkit: ['MultipleInstructionsDisallowed'] },
  hadolintSeverity: 'warning',
  explanation: 'A container runs one command: Docker keeps only the last CMD, the last ENTRYPOINT and the last HEALTHCHECK of the stage it builds. '
    + 'Earlier ones are silently replaced, so they mislead readers about what the image does when it starts.',
  scope: 'stage',
  checkStage(thisStage, model) {
    const out = [];
    for (const stage of [thisStage]) {
      for (const keyword of ['CMD', 'ENTRYPOINT', 'HEALTHCHECK']) {
        const list = stage.instructions.filter(i => i.keyword === keyword);
        const last = list[list.length - 1];
        for (const instr of list.slice(0, -1)) {
          out.push({
            message: `${keyword} at ${describe(model, instr)} has no effect: ${describe(model, last)} replaces it.`,
            range: instr.range,
            tags: ['unnecessary' as const],
            related: [{ range: last.range, message: `the ${keyword} that takes effect` }],
            fixes: [{ title: `Remove the overridden ${keyword}`, edits: [deleteInstruction(instr, model)], isPreferred: true }],
            // hadolint: DL4003 (CMD) is a warning, DL4004 (ENTRYPOINT) and DL3012 (HEALTHCHECK) errors.
            hadolintSeverity: keyword === 'CMD' ? 'warning' as const : 'error' as const,
          });
        }
      }
    }
    return out;
  },
};
