// Placed instructions → global ARGs and stages (vars, labels, copies). A stage whose instructions
// are the previous version's very objects, under the same global ARGs and with its stage-name
// lookups resolving the same way, is the previous version's Stage object: an edit rebuilds the
// stages it touches, and what is cached by Stage identity (stage references, stage keys) holds.
import type { CopySource, DockerfileModel, Instr, Stage } from './model';
import { expandVariables, parseImageReference } from './expand';
import { Range } from './types';
import { emptyList, listOf, packedCopy } from './lists';

const WHOLE_CONTEXT = new Set(['.', './', '*', './*', '/', '']);

/** What building a stage looked up: stage names (its FROM, its COPY --from values) and the global ARGs whose values it read. */
interface Lookups { from: [string, number | undefined]; copies: Array<[string, number | undefined]>; globals: string[] }
const lookupsOf = new WeakMap<Stage, Lookups>();

/** Fills `model.globalArgs` and `model.stages` from `model.instructions`, re-using `previous`'s stages where they still hold. */
export function buildStages(model: DockerfileModel, previous: DockerfileModel | undefined): void {
  const all = model.instructions;
  let i = 0;
  for (; i < all.length && all[i].keyword !== 'FROM'; i++) {
    if (all[i].keyword === 'ARG') for (const [k, v] of argPairs(all[i])) model.globalArgs.set(k, v);
  }
  // With the same global ARG names, a stage is kept when the values it read (lookups.globals) are the same too.
  const old = previous && sameNames(previous.globalArgs, model.globalArgs) ? previous.stages : undefined;
  const globalsBefore = previous?.globalArgs;
  // Stage names → first index, of the stages before the one at hand; filled only as far as a stage
  // needs it (`named` stages so far). While every stage so far has the name its predecessor at the
  // same index had, a kept stage's lookups resolve as they did in the previous version (where they
  // held), so they are not looked up again: an edit inside one stage visits no other stage's names.
  const stageNames = new Map<string, number>();
  let named = 0;
  const namesUpTo = (n: number) => { for (; named < n; named++) addName(stageNames, model.stages[named]); };
  let namesAsBefore = old !== undefined;
  while (i < all.length) {
    const index = model.stages.length;
    const candidate = old?.[index];
    // Where the previous version's stage would end: when it is reusable, its instructions are these
    // very objects (none a FROM), so the next FROM is right after them (no instruction visited).
    let end = candidate ? i + 1 + candidate.instructions.length : all.length + 1;
    const fits = end <= all.length && (end === all.length || all[end].keyword === 'FROM');
    if (fits && sameObjects(candidate!, all, i, end, model.stages, old!) && sameGlobalsRead(candidate!, globalsBefore!, model.globalArgs)
      && (namesAsBefore || (namesUpTo(index), sameLookups(candidate!, stageNames)))) {
      model.stages.push(candidate!);
    } else {
      end = i + 1;
      while (end < all.length && all[end].keyword !== 'FROM') end++;
      namesUpTo(index);
      const lookups: Lookups = { from: ['', undefined], copies: [], globals: [] };
      const stage = newStage(all[i], model, stageNames, lookups);
      model.stages.push(stage);
      addName(stageNames, stage);
      named = index + 1;
      for (let j = i + 1; j < end; j++) addInstruction(model, stage, all[j], stageNames, lookups);
      lookupsOf.set(stage, lookups);
      namesAsBefore &&= candidate !== undefined && candidate.name?.toLowerCase() === stage.name?.toLowerCase();
    }
    i = end;
  }
}

function sameNames(a: Map<string, string | undefined>, b: Map<string, string | undefined>): boolean {
  if (a.size !== b.size) return false;
  // Insertion order matters too (expansion does not care, but the map is part of the model).
  const ak = [...a.keys()], bk = [...b.keys()];
  return ak.every((k, n) => bk[n] === k);
}

/** The global ARG values the stage was built from are the values now. */
function sameGlobalsRead(stage: Stage, before: Map<string, string | undefined>, now: Map<string, string | undefined>): boolean {
  const read = lookupsOf.get(stage)?.globals;
  if (!read) return false;
  for (const name of read) if (before.get(name) !== now.get(name)) return false;
  return true;
}

/** The previous version's stage is made of instructions `[start, end)` here, and its parent is kept too. */
function sameObjects(stage: Stage, all: Instr[], start: number, end: number, built: Stage[], old: Stage[]): boolean {
  if (stage.from !== all[start] || stage.instructions.length !== end - start - 1) return false;
  for (let j = start + 1; j < end; j++) if (stage.instructions[j - start - 1] !== all[j]) return false;
  if (!lookupsOf.has(stage)) return false;
  // Its parent's vars and labels were copied in: the parent must be the same object too.
  return stage.parent === undefined || built[stage.parent] === old[stage.parent];
}

/** Its stage-name lookups resolve as they did, with `names` the names of the stages before it. */
function sameLookups(stage: Stage, names: Map<string, number>): boolean {
  const lookups = lookupsOf.get(stage)!;
  if (names.get(lookups.from[0]) !== lookups.from[1]) return false;
  const own = stage.name?.toLowerCase();
  for (const [key, found] of lookups.copies) {
    const now = names.get(key) ?? (own === key && !names.has(key) ? stage.index : undefined);
    if (now !== found) return false;
  }
  return true;
}

function addName(names: Map<string, number>, stage: Stage): void {
  if (!stage.name) return;
  const key = stage.name.toLowerCase();
  if (!names.has(key)) names.set(key, stage.index);
}

function addInstruction(model: DockerfileModel, stage: Stage, instr: Instr, stageNames: Map<string, number>, lookups: Lookups): void {
  stage.instructions.push(instr);
  if (instr.keyword === 'ARG') {
    for (const [k, v] of argPairs(instr)) {
      if (v === undefined) lookups.globals.push(k);
      stage.vars.set(k, v ?? model.globalArgs.get(k));
    }
  } else if (instr.keyword === 'ENV') {
    for (const p of instr.properties) stage.vars.set(p.name, expandVariables(p.value ?? '', stage.vars).value);
  } else if (instr.keyword === 'LABEL') {
    for (const p of instr.properties) {
      const e = expandVariables(p.value, stage.vars);
      stage.labels.push({ key: p.name, value: p.value, expanded: e.value, complete: e.complete, instr, range: p.range as Range });
    }
  } else if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
    stage.copies.push(copySource(instr, stageNames, lookups));
  }
}

function newStage(instr: Instr, model: DockerfileModel, stageNames: Map<string, number>, lookups: Lookups): Stage {
  const clause = instr.fromClause ?? { image: '', imageRange: null, stageNameRange: null };
  const image = clause.image;
  const name = clause.stageName;
  const globals = model.globalArgs;
  // Expanded through a view that notes the names it looks up: the values the stage depends on.
  const reading = { has: (n: string) => (lookups.globals.push(n), globals.has(n)), get: (n: string) => globals.get(n) } as ReadonlyMap<string, string | undefined>;
  const exp = expandVariables(image, reading);
  const ref = parseImageReference(exp.value);
  const index = model.stages.length;
  const key = exp.value.toLowerCase();
  const parentIndex = stageNames.get(key);
  lookups.from = [key, parentIndex];
  const parent = parentIndex !== undefined ? model.stages[parentIndex] : undefined;
  return {
    index, name, from: instr, image, expandedImage: exp.value, imageComplete: exp.complete,
    imageName: ref.name, tag: ref.tag, digest: ref.digest,
    platform: clause.platform,
    parent: parentIndex,
    rootImage: parent ? parent.rootImage : exp.value,
    rootComplete: parent ? parent.rootComplete : exp.complete,
    instructions: emptyList(), copies: emptyList(), labels: parent ? packedCopy(parent.labels) : emptyList(),
    vars: new Map(parent ? parent.vars : []),
  };
}

function argPairs(instr: Instr): Array<[string, string | undefined]> {
  return listOf(instr.args, a => {
    const eq = a.indexOf('=');
    return eq < 0 ? [a, undefined] : [a.slice(0, eq), unquote(a.slice(eq + 1))];
  });
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}

function copySource(instr: Instr, stageNames: Map<string, number>, lookups: Lookups): CopySource {
  let words = instr.args;
  if (instr.copyExecWords) words = instr.copyExecWords;
  const from = instr.flags.get('from') ?? undefined;
  const sources = instr.heredocs.length > 0 ? emptyList<string>() : words.slice(0, -1);
  const dest = words.length > 0 ? words[words.length - 1] : '';
  let fromStage: number | undefined;
  if (from !== undefined) {
    const key = from.toLowerCase();
    fromStage = stageNames.get(key);
    lookups.copies.push([key, fromStage]);
    if (fromStage === undefined && /^\d+$/.test(from)) fromStage = Number(from);
  }
  const wholeContext = from === undefined && sources.some(s => WHOLE_CONTEXT.has(s.replace(/^\.\/$/, './')));
  return { instr, sources, dest, from, fromStage, wholeContext };
}
