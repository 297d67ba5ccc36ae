import { Rule, RuleFinding } from '../rule';
import { describe } from '../edits';
import { DockerfileModel, Instr, Stage } from '../../analysis/model';
import { globalInstructions, perStage } from '../../analysis/stageMemo';
import { Range } from '../../analysis/types';
import { secretWordIn } from './secretNames';
import { emptyList, listOf } from '../../analysis/lists';

interface Declared { name: string; value?: string; range: Range }

// ARG values are recorded in the image's build history and ENV values in its config: both ship with the image.
export const secretInArgEnv: Rule = {
  id: 'secret-in-arg-env',
  category: 'security',
  severity: 'warning',
  title: 'A secret passed through ARG or ENV is stored in the image',
  equivalents: { buildkit: ['SecretsUsedInArgOrEnv'], hadolint: ['DL3064'] },
  hadolintSeverity: 'warning',
  explanation: 'Build arguments are recorded in the image\'s history (`docker history`, provenance) and ENV values in its config '
    + '(`docker inspect`), so anyone who can pull the image can read them. Mount secrets only into the RUN that needs them '
    + 'with `RUN --mount=type=secret,id=…`: they are never written to a layer or to metadata.',
  scope: 'file',
  fileScopeReason: 'also checks the global ARGs before the first FROM, which belong to no stage',
  check(model) {
    // Per stage, cached by Stage object (stageMemo.ts): an edit re-reads the stages it rebuilt.
    const out = secretsIn(model, globalInstructions(model));
    for (const stage of model.stages) for (const f of perStage(byStage, stage, stageSecrets, model)) out.push(f);
    return out;
  },
};

const byStage = new WeakMap<Stage, RuleFinding[]>();

function stageSecrets(stage: Stage, model: DockerfileModel): RuleFinding[] {
  return secretsIn(model, stage.instructions);
}

function secretsIn(model: DockerfileModel, instrs: Instr[]): RuleFinding[] {
  const out: RuleFinding[] = emptyList();
  for (const instr of instrs) {
    if (instr.keyword !== 'ARG' && instr.keyword !== 'ENV') continue;
    for (const d of instr.keyword === 'ARG' ? argNames(instr) : envNames(instr)) {
      const word = secretWordIn(d.name);
      if (!word || !looksLikeSecretValue(instr.keyword, d.value)) continue;
      out.push({ message: message(model, instr, d.name), range: d.range });
    }
  }
  return out;
}

/** ENV with an empty value only clears the variable; a path names where a secret is, which is a different question. */
function looksLikeSecretValue(keyword: string, value: string | undefined): boolean {
  if (value === undefined) return keyword === 'ARG';
  const v = value.replace(/^(["'])(.*)\1$/, '$2');
  if (v === '') return keyword === 'ARG';
  return !/^(\/|~\/|\.\/)/.test(v);
}

function message(model: DockerfileModel, instr: Instr, name: string): string {
  const where = instr.keyword === 'ARG'
    ? 'the value passed with --build-arg is recorded in the image\'s build history (`docker history`) for every RUN after it'
    : 'the value is stored in the image config (`docker inspect` shows it) and set in every container';
  const id = name.toLowerCase();
  return `${describe(model, instr)} declares \`${name}\`, which looks like a secret: ${where}. `
    + `Use \`RUN --mount=type=secret,id=${id},env=${name} …\` (or \`,target=/run/secrets/${id}\`) in the RUN that needs it and build with \`--secret id=${id}\`.`;
}

function argNames(instr: Instr): Declared[] {
  return listOf(instr.args, (word, i) => {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    return { name, value: eq < 0 ? undefined : word.slice(eq + 1), range: nameRange(instr.argRanges[i], name.length) };
  });
}

function envNames(instr: Instr): Declared[] {
  return listOf(instr.properties, p => ({ name: p.name, value: p.value, range: p.nameRange }));
}

/** The name part of `NAME=value` when it sits on one line; else the whole word. */
function nameRange(word: Range, length: number): Range {
  if (word.start.line !== word.end.line || word.end.character - word.start.character < length) return word;
  return { start: word.start, end: { line: word.start.line, character: word.start.character + length } };
}
