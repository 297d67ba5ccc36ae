import { StageRule, RuleFinding } from '../../rule';
import { emptyList } from '../../../analysis/lists';

const MAX_PORT = 65535;

// `EXPOSE 80800`: no such port; the builder rejects it.
export const exposeInvalidPort: StageRule = {
  id: 'expose-invalid-port', category: 'syntax', severity: 'error', hadolintSeverity: 'error',
  title: 'EXPOSE of a port above 65535',
  equivalents: { hadolint: ['DL3011'] },
  explanation: 'TCP and UDP ports run from 0 to 65535. A larger number in EXPOSE is a typo (often a digit too many), and the build fails on it.',
  scope: 'stage',
  checkStage(stage) {
    const out: RuleFinding[] = emptyList();
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'EXPOSE') continue;
      instr.args.forEach((arg, i) => {
        if (arg.includes('$')) return;
        // `[ip:][host:]container[-end][/proto]`: the container part (and a range's ends) are the ports EXPOSE records.
        const spec = arg.slice(arg.lastIndexOf(':') + 1).replace(/\/[A-Za-z]*$/, '');
        const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
        if (!m || (Number(m[1]) <= MAX_PORT && (m[2] === undefined || Number(m[2]) <= MAX_PORT))) return;
        out.push({ message: `Valid UNIX ports range from 0 to ${MAX_PORT}: '${arg}' is out of range.`, range: instr.argRanges[i] ?? instr.range });
      });
    }
    return out;
  },
};
