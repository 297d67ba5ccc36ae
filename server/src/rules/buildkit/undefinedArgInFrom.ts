import { StageRule, RuleFinding } from '../rule';
import { PREDEFINED_ARGS, referencedVars } from './common';
import { emptyList } from '../../analysis/lists';

// FROM may use only ARGs declared before the first FROM (and the automatic platform ARGs).
export const undefinedArgInFrom: StageRule = {
  id: 'undefined-arg-in-from',
  category: 'best-practice',
  severity: 'warning',
  title: 'FROM uses an ARG that is not declared before the first FROM',
  equivalents: { buildkit: ['UndefinedArgInFrom'] },
  explanation: 'FROM sees only the ARGs declared before the first FROM (plus BuildKit\'s automatic platform ARGs). An ARG declared '
    + 'inside a stage, or not at all, expands to an empty string in FROM, which usually means a typo or a missing global ARG.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    const flag = stage.from.flagList.find(f => f.name.toLowerCase() === 'platform');
    const words: Array<{ text: string; range: RuleFinding['range'] }> = [];
    const clause = stage.from.fromClause;
    if (clause?.image && clause.imageRange) words.push({ text: clause.image, range: clause.imageRange });
    if (flag?.value) words.push({ text: flag.value, range: flag.valueRange ?? stage.from.range });
    const seen = new Set<string>();
    for (const w of words) {
      for (const name of referencedVars(w.text, model.escapeChar)) {
        if (model.globalArgs.has(name) || PREDEFINED_ARGS.has(name) || seen.has(name)) continue;
        seen.add(name);
        const close = [...model.globalArgs.keys()].find(k => k.toLowerCase() === name.toLowerCase());
        out.push({
          message: `FROM argument '${name}' is not declared${close ? ` (did you mean ${close}?)` : ''}: declare it with ARG before the first FROM.`,
          range: w.range,
        });
      }
    }
    return out;
  },
};
