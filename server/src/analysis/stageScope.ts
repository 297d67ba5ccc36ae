// What a per-stage rule sees, and the key its results are cached by. A stage's results depend
// on its own lines, the global ARGs, and the earlier stages it builds FROM or copies from (at
// the same distance above it), and its position in the stage list; nothing else reaches it,
// so an edit elsewhere re-uses them.
import { createHash } from 'crypto';
import { DockerfileModel, Instr, Stage } from './model';
import { hasLoneCr, lineOffsets } from './chunks';
import { shippableStages } from './stageGraph';
import type { StageView } from '../rules/rule';
import { emptyList, listOf } from './lists';

/** A stage's lines: from the line after the previous instruction to its last instruction (the last stage: to the end). */
export interface StageExtent { startLine: number; endLine: number }

export interface StageScopes {
  extents: StageExtent[];
  /** Cache key per stage: equal keys give equal findings, up to a shift by the extents' start lines. */
  keys: string[];
  /** Stages each stage reads besides itself: its FROM chain and COPY --from sources. */
  inputs: number[][];
  /** Per stage: it can be shipped (see StageView.ships). */
  ships: boolean[];
}

/**
 * Per Stage object: its key in the last version that had it, what that key covered, and where the
 * stage was (`at`…`end`, and the text of its lines before its FROM, `gap`).
 */
interface LastKey {
  shared: string; flags: string; text: string; inputNames: string[]; inputValues: string[]; key: string; inputs: number[];
  at: number; end: number; gap: string;
  /** The global ARGs the stage's text names (see globalsNamed), and their values then. */
  globalNames: string[]; globals: string;
}
const lastKey = new WeakMap<Stage, LastKey>();

const NONE: string[] = [];
const NO_INPUTS: ReadonlySet<number> = new Set();

/** The stages this one builds FROM or copies from (a Set only for the few that have any). */
function directInputs(stage: Stage, count: number): ReadonlySet<number> {
  let direct: Set<number> | undefined;
  if (stage.parent !== undefined) (direct ??= new Set()).add(stage.parent);
  for (const c of stage.copies) if (c.fromStage !== undefined && c.fromStage !== stage.index && c.fromStage < count) (direct ??= new Set()).add(c.fromStage);
  return direct ?? NO_INPUTS;
}

/**
 * The global ARGs whose values a stage's rules can read: the ones its text names (an `ARG NAME`,
 * `$NAME`, `${NAME}`; a name anywhere in the text counts, comments included), and the ones their
 * values name in turn (a global's value may use an earlier one). Rules look global values up by
 * name only (all names are in every key), so a value another stage reads changes only that stage's key.
 */
function globalsNamed(text: string, globals: ReadonlyMap<string, string | undefined>): string[] {
  if (globals.size === 0) return NONE;
  let named: string[] | undefined;
  for (const name of globals.keys()) if (name !== '' && text.includes(name)) (named ??= []).push(name);
  if (!named) return NONE;
  for (let k = 0; k < named.length; k++) {
    const value = globals.get(named[k]);
    if (value) for (const name of globals.keys()) if (name !== '' && !named.includes(name) && value.includes(name)) named.push(name);
  }
  return named;
}

function globalValues(names: string[], globals: ReadonlyMap<string, string | undefined>): string {
  let out = '';
  for (const name of names) { const v = globals.get(name); out += name + (v === undefined ? '\u0001' : '=' + v) + '\0'; }
  return out;
}

/** A stage whose findings may name it or its parent by number (a stage without a name). */
function numbered(stage: Stage, stages: Stage[]): boolean {
  return stage.name === undefined || (stage.parent !== undefined && stages[stage.parent]?.name === undefined);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, n) => x === b[n]);
}

/** A string of its own (a slice keeps the string it was cut from alive). */
function flat(text: string): string {
  return text.length < 13 ? text : text.split('\n').join('\n');
}

/**
 * A version's scopes and the stages they were made for: the next version's (model.reuse.previousScopes).
 * A stage that is the same object as there, after a stage that is too, covers the same lines (its
 * own come from chunks of the same text, and so do the lines between the two: the earlier one's
 * chunk), so its extent and, when nothing else it depends on changed, its key are taken as they are.
 */
export interface KeptScopes { stages: Stage[]; scopes: StageScopes; shared: string }

export function stageScopes(model: DockerfileModel, optionsKey: string): StageScopes {
  const { stages, instructions, lines } = model;
  const offsets = lineOffsets(model.text, lines.length, lines);
  const prev = model.reuse?.previousScopes;
  const n = stages.length;
  // Kept: the same Stage object at this index, after the same one, and last in both versions or in neither.
  const kept = (i: number) => prev !== undefined && i > 0 && prev.stages[i] === stages[i] && prev.stages[i - 1] === stages[i - 1]
    && (i === n - 1) === (i === prev.stages.length - 1);
  const extents: StageExtent[] = listOf(stages, (stage, i) => {
    if (kept(i)) return prev!.scopes.extents[i];
    const before = instructions[stage.from.index - 1];
    const last = i === n - 1;
    const tail = stage.instructions[stage.instructions.length - 1] ?? stage.from;
    return { startLine: before ? before.range.end.line + 1 : 0, endLine: last ? lines.length - 1 : tail.range.end.line };
  });
  const ships = listOf(stages, () => false);
  for (const s of shippableStages(model)) ships[s.index] = true;
  // What every stage of this version shares, hashed once. A lone CR anywhere changes how the builder
  // splits the file's lines, which rules read (no-empty-continuation offers no line-removing fix then).
  // The global ARGs' names only: their values are in the keys of the stages that name them.
  const shared = hash(optionsKey + '\0' + model.escapeChar + model.eol + (hasLoneCr(model.text) ? '\r' : '') + JSON.stringify([...model.globalArgs.keys()]));
  const keys: string[] = emptyList();
  const inputs: number[][] = emptyList();
  const scopes: StageScopes = { extents, keys, inputs, ships };
  if (model.reuse) model.reuse.scopes = { stages, scopes, shared };
  for (let i = 0; i < n; i++) {
    const stage = stages[i];
    const e = extents[i];
    const direct = directInputs(stage, n);
    // The previous version's key for the same Stage object, when nothing it covers changed: the same
    // string object, so looking it up does not hash the stage's text again.
    const hit = lastKey.get(stage);
    const sameGlobals = hit !== undefined && globalValues(hit.globalNames, model.globalArgs) === hit.globals;
    if (direct.size === 0 && kept(i) && sameGlobals && prev!.shared === shared && prev!.scopes.ships[i] === ships[i]) {
      keys.push(prev!.scopes.keys[i]);
      inputs.push(prev!.scopes.inputs[i]);
      continue;
    }
    // What the rules see of the stage's place: last or not, shipped or not. Not its index, so a stage
    // that moved (a stage added or removed above it) keeps its results (runStageRules looks for them
    // where it was); except for a stage without a name or with a parent without one, which
    // missing-base-image-label calls "Stage 3" (its messages are the only ones that number stages).
    const flags = (i === n - 1 ? 'L' : 'M') + (ships[i] ? 'S' : 'N') + (numbered(stage, stages) ? i : '');
    // A Stage object is kept only while its instructions are the same objects, which come from chunks
    // of the same text at the same place (model.ts): its lines from its FROM to its end (for the last
    // stage, the file's end: the last chunk) are as they were. Only the lines above its FROM that
    // its extent takes (blank lines, comments: another chunk's) are compared; no stage text is cut.
    const gap = model.text.slice(offsets[e.startLine], offsets[stage.from.range.start.line]);
    if (hit && sameGlobals && direct.size === 0 && hit.at === e.startLine && hit.end === e.endLine && hit.gap === gap && hit.shared === shared && hit.flags === flags) {
      keys.push(hit.key);
      inputs.push(hit.inputs);
      continue;
    }
    const text = model.text.slice(offsets[e.startLine], offsets[e.endLine + 1]);
    const inputNames: string[] = direct.size > 0 ? [] : NONE;
    const inputValues: string[] = direct.size > 0 ? [] : NONE;
    for (const j of direct) {
      // By distance (stages and lines), not index: the same inputs, moved along with the stage, give the same key.
      inputNames.push((i - j) + ':' + (e.startLine - extents[j].startLine) + ':');
      inputValues.push(j < i ? keys[j] : model.text.slice(offsets[extents[j].startLine], offsets[extents[j].endLine + 1]));
    }
    const globalNames = globalsNamed(text, model.globalArgs);
    const globals = globalValues(globalNames, model.globalArgs);
    if (hit && hit.shared === shared && hit.flags === flags && hit.globals === globals && hit.text === text && sameList(hit.inputNames, inputNames) && sameList(hit.inputValues, inputValues)) {
      keys.push(hit.key);
      inputs.push(hit.inputs);
      hit.at = e.startLine; hit.end = e.endLine; hit.gap = flat(gap);
      continue;
    }
    // Most stages read no other stage: their key is their text itself (no hashing per stage).
    // A copy, not a slice: a slice would keep this version's whole text alive as long as the stage.
    const own = shared + flags + '\0' + globals + '\0' + flat(text);
    let key = own;
    let reads: Set<number> | undefined;
    if (direct.size > 0) {
      reads = new Set<number>();
      const h = createHash('sha1').update(own);
      // Earlier stages contribute their own key (which covers their inputs); a later one (an
      // invalid `--from=5`) only its text, so keys never depend on each other in a cycle.
      inputNames.forEach((name, n) => h.update('\0' + name).update(inputValues[n]));
      for (const j of direct) {
        reads.add(j);
        if (j < i) for (const k of inputs[j]) reads.add(k);
      }
      key = h.digest('base64');
    }
    keys.push(key);
    inputs.push(reads ? [...reads] : []);
    lastKey.set(stage, {
      shared, flags, text: own.slice(own.length - text.length), inputNames, inputValues: listOf(inputValues, flat), key, inputs: inputs[i],
      at: e.startLine, end: e.endLine, gap: flat(gap), globalNames, globals,
    });
  }
  return scopes;
}

/** The model as one stage's rules see it (see StageView in rules/rule.ts). */
export function stageView(model: DockerfileModel, stage: Stage, inputs: number[], ships: boolean): StageView {
  const stages = { length: model.stages.length } as unknown as Stage[];
  stages[stage.index] = stage;
  for (const j of inputs) stages[j] = model.stages[j];
  const instructions = { length: model.instructions.length } as unknown as Instr[];
  if (model.instructions.length > 0) instructions[0] = model.instructions[0];
  const before = model.instructions[stage.from.index - 1];
  if (before) instructions[before.index] = before;
  instructions[stage.from.index] = stage.from;
  for (const instr of stage.instructions) instructions[instr.index] = instr;
  return {
    text: model.text, lines: model.lines, eol: model.eol, escapeChar: model.escapeChar, chunks: [],
    instructions, stages, globalArgs: model.globalArgs, comments: [], ships,
  };
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}
