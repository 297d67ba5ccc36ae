import { StageRule } from '../../rule';

// hadolint ships DL3057 switched off (severity "ignore"), so it has no hadolintSeverity: off in the hadolint profile too.
// Unlike hadolint, which reports every stage, only a stage that can be shipped and EXPOSEs a port (itself or
// the stage it builds on) is checked: build stages, base images, tools and one-shot jobs have no service to check.
export const missingHealthcheck: StageRule = {
  id: 'missing-healthcheck', category: 'best-practice', severity: 'info', recommended: false,
  title: 'Shipped service stage (it EXPOSEs a port) without a HEALTHCHECK',
  equivalents: { hadolint: ['DL3057'] },
  explanation: 'Without HEALTHCHECK, Docker (and Swarm, or Compose\'s `depends_on: condition: service_healthy`) only knows '
    + 'whether the process runs, not whether it answers. A base image may bring one; this rule cannot see it.',
  scope: 'stage',
  checkStage(stage, model) {
    if (!model.ships) return [];
    let exposes = false;
    for (let s: typeof stage | undefined = stage; s;) {
      for (const i of s.instructions) {
        if (i.keyword === 'HEALTHCHECK') return [];
        if (i.keyword === 'EXPOSE') exposes = true;
      }
      s = s.parent === undefined ? undefined : model.stages[s.parent];
    }
    if (!exposes) return [];
    return [{ message: 'HEALTHCHECK instruction missing: the image EXPOSEs a port, but nothing tells Docker how to check that its service answers.', range: stage.from.keywordRange }];
  },
};
