import { StageRule, RuleFinding } from '../rule';
import { emptyList } from '../../analysis/lists';

// `EXPOSE 127.0.0.1:80:80` / `EXPOSE 8080:80`: publishing is decided by `docker run -p`, not the image.
export const exposeInvalidFormat: StageRule = {
  id: 'expose-invalid-format',
  category: 'best-practice',
  severity: 'warning',
  title: 'EXPOSE with an IP address or a host-port mapping',
  equivalents: { buildkit: ['ExposeInvalidFormat'] },
  explanation: 'EXPOSE documents the port the container listens on. An IP address or a host port in it is ignored (only the container '
    + 'port is recorded), so it misleads readers; Docker says it will become an error. Publish with `docker run -p` instead.',
  scope: 'stage',
  checkStage(stage) {
    const out: RuleFinding[] = emptyList();
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'EXPOSE') continue;
      instr.args.forEach((arg, i) => {
        const range = instr.argRanges[i];
        if (!arg.includes(':') || arg.includes('$') || !range) return;
        const containerPort = arg.slice(arg.lastIndexOf(':') + 1);
        const finding: RuleFinding = {
          message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${arg}'.`,
          range,
        };
        // The builder records only the container port, so keeping just that changes nothing in the image.
        if (/^\d+(-\d+)?(\/[a-z]+)?$/i.test(containerPort) && range.start.line === range.end.line) {
          finding.fixes = [{ title: `Keep only the container port ${containerPort}`, edits: [{ range, newText: containerPort }], isPreferred: true }];
        }
        out.push(finding);
      });
    }
    return out;
  },
};
