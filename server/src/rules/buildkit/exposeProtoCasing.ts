import { StageRule, RuleFinding } from '../rule';
import { emptyList } from '../../analysis/lists';

// `EXPOSE 80/TCP`: the protocol is matched in lower case by the runtime.
export const exposeProtoCasing: StageRule = {
  id: 'expose-proto-casing',
  category: 'best-practice',
  severity: 'warning',
  title: 'EXPOSE protocol in upper case (`80/TCP`)',
  equivalents: { buildkit: ['ExposeProtoCasing'] },
  explanation: 'The protocol of an exposed port is `tcp`, `udp` or `sctp` in lower case; other spellings are normalised today '
    + 'but reported by Docker\'s build checks and may not be by every tool that reads the image config.',
  scope: 'stage',
  checkStage(stage) {
    const out: RuleFinding[] = emptyList();
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'EXPOSE') continue;
      instr.args.forEach((arg, i) => {
        const m = /\/([A-Za-z]+)$/.exec(arg);
        const range = instr.argRanges[i];
        if (!m || m[1] === m[1].toLowerCase() || !range || range.start.line !== range.end.line) return;
        const fixed = arg.slice(0, m.index) + '/' + m[1].toLowerCase();
        out.push({
          message: `Defined protocol '${arg}' in EXPOSE instruction should be lower case.`,
          range,
          fixes: [{ title: `Write ${fixed}`, edits: [{ range, newText: fixed }], isPreferred: true }],
        });
      });
    }
    return out;
  },
};
