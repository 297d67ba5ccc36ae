// The ARG and ENV values in effect at each instruction of a stage, for reading `$PKGS` in a RUN.
import { Instr, Stage } from '../../../analysis/model';
import { expandVariables } from '../../../analysis/expand';
import { StageView } from '../../rule';

/**
 * The variables known just before `instr`: the parent stage's, then this stage's ARGs and ENVs up to
 * it. Computed on demand (only a package word with a `$` needs it).
 */
export function varsBefore(stage: Stage, model: StageView, instr: Instr): Map<string, string | undefined> {
  const parent = stage.parent === undefined ? undefined : model.stages[stage.parent];
  const vars = new Map<string, string | undefined>(parent ? parent.vars : []);
  for (const i of stage.instructions) {
    if (i.index >= instr.index) break;
    if (i.keyword === 'ARG') {
      for (const a of i.args) {
        const eq = a.indexOf('=');
        const name = eq < 0 ? a : a.slice(0, eq);
        vars.set(name, eq < 0 ? (vars.get(name) ?? model.globalArgs.get(name)) : unquote(a.slice(eq + 1)));
      }
    } else if (i.keyword === 'ENV') {
      for (const p of i.properties) vars.set(p.name, expandVariables(p.value ?? '', vars).value);
    }
  }
  return vars;
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}

/**
 * The package words a command word stands for: itself, or a `$VAR` expanded and split as the shell
 * would. Undefined when a variable has no value we know (set in the RUN, a build argument without a
 * default, a command substitution): a rule stays silent rather than guess.
 */
export function packageWords(word: string, vars: () => ReadonlyMap<string, string | undefined>): string[] | undefined {
  if (word.includes('`') || word.includes('$(')) return undefined;
  if (!word.includes('$')) return [word];
  const e = expandVariables(word, vars());
  if (!e.complete || e.value.includes('$')) return undefined;
  return e.value.split(/\s+/).filter(Boolean);
}
