import { StageRule } from '../../rule';

// hadolint ships DL3057 switched off (severity "ignore"), so it has no hadolintSeverity: off in the hadolint profile too.
// Unlike hadolint, only the stages that can be shipped are checked: a build stage never runs as a service. Opting in is a
// policy ("every image we ship declares a health check"), so base images, tools and jobs are reported too, as in hadolint.
export const missingHealthcheck: StageRule = {
  id: 'missing-healthcheck', category: 'best-practice', severity: 'info', recommended: false,
  title: 'Shipped stage without a HEALTHCHECK',
  equivalents: { hadolint: ['DL3057'] },
  explanation: 'Without HEALTHCHECK, Docker (and Swarm, or Compose\'s `depends_on: condition: service_healthy`) only knows '
    + 'whether the process runs, not whether it answers. A base image may bring one; this rule cannot see it.',
  scope: 'stage',
  checkStage(stage, model) {
    if (!model.ships) return [];
    for (let s: typeof stage | undefined = stage; s;) {
      if (s.instructions.some(i => i.keyword === 'HEALTHCHECK')) return [];
      s = s.parent === undefined ? undefined : model.stages[s.parent];
    }
    return [{ message: 'HEALTHCHECK instruction missing: nothing tells Docker how to check that this image\'s service is healthy.', range: stage.from.keywordRange }];
  },
};
