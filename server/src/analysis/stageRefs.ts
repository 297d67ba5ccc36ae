// Every place a Dockerfile names another stage: `FROM <stage>`, `COPY --from=<x>` and
// `RUN --mount=...,from=<x>`. The multi-stage rules share this view so they agree on
// what a reference resolves to.
import { DockerfileModel, Instr, Stage } from './model';
import { expandVariables } from './expand';
import { Range } from './types';

export interface StageRef {
  kind: 'from' | 'copy' | 'mount';
  instr: Instr;
  /** Index of the stage the reference is written in. */
  stage: number;
  /** The value as written and after ARG/ENV expansion. */
  value: string;
  expanded: string;
  /** False when a variable in it has no known value: rules stay silent then. */
  complete: boolean;
  /** Where the value is, for ranges and replace fixes. */
  range: Range;
  /** The stage it names: an earlier stage by alias (case-insensitive) or by index. */
  target?: number;
}


// Per-model lookups, built once: a file with thousands of stages must not make each rule
// scan every stage for every reference (that was quadratic: seconds at 5,000 stages).
const stagesByNameCache = new WeakMap<DockerfileModel, Map<string, number[]>>();
const referencesCache = new WeakMap<DockerfileModel, StageRef[]>();

/** Lower-cased stage name → indices of the stages with that name, in file order. */
export function stagesByName(model: DockerfileModel): Map<string, number[]> {
  let map = stagesByNameCache.get(model);
  if (!map) {
    // The next version of a document usually names its stages as the last one did: that map again.
    if (lastByName && sameNames(lastByName.names, model.stages)) map = lastByName.map;
    else lastByName = { names: model.stages.map(s => s.name), map: (map = byName(model.stages)) };
    stagesByNameCache.set(model, map);
  }
  return map;
}

/** The last map made, with the stage names (as written) it was made from; callers only read it. */
let lastByName: { names: Array<string | undefined>; map: Map<string, number[]> } | undefined;

function sameNames(names: Array<string | undefined>, stages: DockerfileModel['stages']): boolean {
  if (names.length !== stages.length) return false;
  for (let i = 0; i < names.length; i++) if (names[i] !== stages[i].name) return false;
  return true;
}

function byName(stages: DockerfileModel['stages']): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const s of stages) {
    if (s.name === undefined) continue;
    const key = s.name.toLowerCase();
    const list = map.get(key);
    if (list) list.push(s.index); else map.set(key, [s.index]);
  }
  return map;
}

/** Index of the first stage named `name` (any case), if any. */
export function firstStageNamed(model: DockerfileModel, name: string): number | undefined {
  return stagesByName(model).get(name.toLowerCase())?.[0];
}

/** Stage index for a reference written in stage `from`, looking only at earlier stages as the builder does. */
export function resolveEarlierStage(model: DockerfileModel, value: string, from: number): number | undefined {
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    return n < from ? n : undefined;
  }
  const first = firstStageNamed(model, value);
  return first !== undefined && first < from && first < model.stages.length ? first : undefined;
}

/** Every stage reference in file order; computed once per model and shared (callers must not modify it). */
export function stageReferences(model: DockerfileModel): StageRef[] {
  let refs = referencesCache.get(model);
  if (!refs) referencesCache.set(model, (refs = collectReferences(model)));
  return refs;
}

/** Per Stage object (stageMemo.ts): its references; only their targets can change while it lives. */
const stageRefs = new WeakMap<Stage, StageRef[]>();

function collectReferences(model: DockerfileModel): StageRef[] {
  const out: StageRef[] = [];
  for (const stage of model.stages) {
    let refs = stageRefs.get(stage);
    // A name defined or removed elsewhere can change what a reference resolves to: check, rebuild if so.
    if (!refs || refs.some(r => r.kind !== 'from' && r.complete && r.target !== resolveEarlierStage(model, r.expanded, stage.index))) {
      stageRefs.set(stage, (refs = referencesOf(model, stage)));
    }
    for (const r of refs) out.push(r);
  }
  return out;
}

function referencesOf(model: DockerfileModel, stage: Stage): StageRef[] {
  const out: StageRef[] = [];
  const imageRange = stage.from.fromClause?.imageRange;
  if (imageRange && stage.image) {
    out.push({
      kind: 'from', instr: stage.from, stage: stage.index, value: stage.image, expanded: stage.expandedImage,
      complete: stage.imageComplete, range: imageRange, target: stage.parent,
    });
  }
  for (const instr of stage.instructions) {
    if (instr.keyword !== 'COPY' && instr.keyword !== 'RUN' && instr.keyword !== 'ADD') continue;
    for (const flag of instr.flagList) {
      const name = flag.name.toLowerCase();
      if (name === 'from' && instr.keyword !== 'RUN') {
        pushRef(out, model, stage, instr, 'copy', flag.value, flag.valueRange);
      } else if (name === 'mount' && instr.keyword === 'RUN') {
        for (const opt of flag.options) {
          if (opt.name.toLowerCase() === 'from') pushRef(out, model, stage, instr, 'mount', opt.value, opt.valueRange);
        }
      }
    }
  }
  return out;
}

function pushRef(out: StageRef[], model: DockerfileModel, stage: Stage, instr: Instr, kind: 'copy' | 'mount', value: string | null, range: Range | null): void {
  if (value === null || value === '' || !range) return;
  const e = expandVariables(value, stage.vars);
  const expanded = e.value;
  out.push({
    kind, instr, stage: stage.index, value, expanded, complete: e.complete, range,
    target: e.complete ? resolveEarlierStage(model, expanded, stage.index) : undefined,
  });
}

/** Levenshtein distance, capped: enough to spot a typo in a stage name. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
