import { StageRule, RuleFinding } from '../rule';

// Stage names are matched case-insensitively, so `AS Build` works — but it reads as if case mattered.
export const stageNameCasing: StageRule = {
  id: 'stage-name-casing',
  category: 'best-practice',
  severity: 'warning',
  title: 'Stage names should be lower case',
  equivalents: { buildkit: ['StageNameCasing'] },
  explanation: 'The builder lower-cases stage names before it matches them, so `AS Build` and `--from=build` name the same stage. '
    + 'Mixed case suggests a distinction that does not exist; Docker\'s own build checks warn about it.',
  scope: 'stage',
  checkStage(stage) {
    const clause = stage.from.fromClause;
    const name = clause?.stageName;
    if (!name || !clause.stageNameRange || name === name.toLowerCase()) return [];
    const finding: RuleFinding = {
      message: `Stage name '${name}' should be lower case.`,
      range: clause.stageNameRange,
      fixes: [{ title: `Rename to '${name.toLowerCase()}'`, edits: [{ range: clause.stageNameRange, newText: name.toLowerCase() }], isPreferred: true }],
    };
    return [finding];
  },
};
