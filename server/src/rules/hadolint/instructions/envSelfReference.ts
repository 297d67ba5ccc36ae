import { StageRule, RuleFinding } from '../../rule';
import { describe } from '../../edits';
import { referencedVars } from '../../buildkit/common';
import { emptyList, listOf } from '../../../analysis/lists';

// `ENV DIR=/opt/app PATH=$DIR/bin:$PATH`: the `$DIR` is expanded before this ENV sets it, so it is empty.
export const envSelfReference: StageRule = {
  id: 'env-self-reference', category: 'best-practice', severity: 'warning', hadolintSeverity: 'error',
  title: 'ENV refers to a variable it defines itself',
  equivalents: { hadolint: ['DL3044'] },
  explanation: 'All values of one ENV instruction are expanded before any of its variables is set. A value that refers to a '
    + 'variable defined in the same ENV gets its previous value (usually empty), not the new one. Split it into two ENV instructions.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    // Names defined before: global ARGs, earlier ARG/ENV of this stage and of the stages it is built on (hadolint: any earlier ARG/ENV).
    const known = new Set<string>(model.globalArgs.keys());
    const chain = [];
    for (let p = stage.parent; p !== undefined;) { const s = model.stages[p]; if (!s) break; chain.unshift(s); p = s.parent; }
    for (const s of [...chain, stage]) {
      for (const instr of s.instructions) {
        if (instr.keyword === 'ARG') { for (const a of instr.args) known.add(a.split('=')[0]); continue; }
        if (instr.keyword !== 'ENV') continue;
        const names = listOf(instr.properties, p => p.name);
        if (s === stage && names.length > 1) {
          // How many pairs refer to each name, and which pairs refer to their own name: linear in the pairs.
          const refs = listOf(instr.properties, p => new Set(referencedVars(p.value ?? '', model.escapeChar)));
          const referencing = new Map<string, number>();
          for (const set of refs) for (const v of set) referencing.set(v, (referencing.get(v) ?? 0) + 1);
          const offending = [...new Set(names.filter((name, i) => !known.has(name) && (referencing.get(name) ?? 0) - (refs[i].has(name) ? 1 : 0) > 0))];
          if (offending.length > 0) {
            out.push({
              message: `Do not refer to an environment variable within the same ENV statement where it is defined: ${describe(model, instr)} uses ${listOf(offending, n => '$' + n).join(', ')} before this ENV sets it.`,
              range: instr.range.start.line === instr.range.end.line ? instr.range : instr.keywordRange,
            });
          }
        }
        for (const n of names) known.add(n);
      }
    }
    return out;
  },
};
