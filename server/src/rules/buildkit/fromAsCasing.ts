import { StageRule } from '../rule';
import { casingOf, keywordAsWritten, textAt } from './common';

// `FROM image as name`: the keyword and `AS` should share one casing.
export const fromAsCasing: StageRule = {
  id: 'from-as-casing',
  category: 'best-practice',
  severity: 'warning',
  title: "The 'AS' keyword should match the casing of 'FROM'",
  equivalents: { buildkit: ['FromAsCasing'] },
  explanation: 'Docker accepts `as` in any case; mixing `FROM` with `as` is only a readability problem, which Docker\'s build checks report.',
  scope: 'stage',
  checkStage(stage, model) {
    const clause = stage.from.fromClause;
    if (!clause?.stageNameRange || !clause.imageRange) return [];
    // `AS` sits between the image and the stage name, on the same line in all but exotic files.
    if (clause.imageRange.end.line !== clause.stageNameRange.start.line) return [];
    const line = model.lines[clause.stageNameRange.start.line] ?? '';
    const between = line.slice(clause.imageRange.end.character, clause.stageNameRange.start.character);
    const m = /(^|\s)(as)(\s|$)/i.exec(between);
    if (!m) return [];
    const from = keywordAsWritten(model, stage.from);
    const as = m[2];
    const fromCase = casingOf(from);
    if (fromCase === 'mixed' || casingOf(as) === fromCase) return [];
    const start = clause.imageRange.end.character + m.index + m[1].length;
    const range = { start: { line: clause.stageNameRange.start.line, character: start }, end: { line: clause.stageNameRange.start.line, character: start + 2 } };
    const wanted = fromCase === 'upper' ? 'AS' : 'as';
    if (textAt(model, range) !== as) return [];
    return [{
      message: `'${as}' and '${from}' keywords' casing do not match.`,
      range,
      fixes: [{ title: `Write '${wanted}'`, edits: [{ range, newText: wanted }], isPreferred: true }],
    }];
  },
};
