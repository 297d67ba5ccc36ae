import { StageRule } from '../rule';

const RESERVED = new Set(['scratch', 'context']);

// `FROM x AS scratch` / `AS context`: those names already mean something to the builder.
export const reservedStageName: StageRule = {
  id: 'reserved-stage-name',
  category: 'best-practice',
  severity: 'warning',
  title: 'A stage is named with a reserved word (scratch, context)',
  equivalents: { buildkit: ['ReservedStageName'], hadolint: ['DL3063'] },
  hadolintSeverity: 'warning',
  explanation: '`scratch` is the empty base image and `context` names build contexts; a stage with one of these names '
    + 'is ambiguous in `FROM` and `COPY --from`, and Docker\'s build checks reject it.',
  scope: 'stage',
  checkStage(stage) {
    const clause = stage.from.fromClause;
    const name = clause?.stageName;
    if (!name || !clause.stageNameRange || !RESERVED.has(name.toLowerCase())) return [];
    return [{ message: `'${name}' is reserved and should not be used as a stage name.`, range: clause.stageNameRange }];
  },
};
