// The cache key of every step a build runs, as each builder forms it (measured on the real engine:
// docs/cache-prediction.md). A build records these; the prediction computes them again and compares.
import { createHash } from 'crypto';
import * as path from 'path';
import { DockerfileModel, Instr, Stage, joinContinuations } from '../../../../server/src/analysis/model';
import { expandVariables } from '../../../../server/src/analysis/expand';
import { takenFiles } from './sources';
import { BuilderKind, ContextSnapshot, StepKey } from './types';

export interface StepInputs {
  model: DockerfileModel;
  builder: BuilderKind;
  target?: string;
  /** --build-arg values; secret-looking ones already replaced by their salted hash (see records.ts). */
  buildArgs: Record<string, string>;
  snapshot: ContextSnapshot;
  /** Image reference → local image id (undefined: not present locally). */
  images: ReadonlyMap<string, string | undefined>;
}

/** COPY/ADD steps keep per-file signatures up to this many inputs (reasons name the files); beyond, only a hash. */
export const MAX_FILES_KEPT = 5000;
// Only these become their own BuildKit operation; the other instructions change the image config alone.
const BUILDKIT_OPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);
const URL_SOURCE = /^([a-z][a-z0-9+.-]*:\/\/|git@)/i;

export const hash = (text: string, length = 16) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** The stage a build of `target` ends with; undefined when no stage has that name. */
export function targetStage(model: DockerfileModel, target?: string): Stage | undefined {
  if (!target) return model.stages[model.stages.length - 1];
  return model.stages.find(s => s.name?.toLowerCase() === target.toLowerCase());
}

/** Stages that a stage reads: its FROM parent, COPY --from and RUN --mount from= stages. */
export function stageDependencies(model: DockerfileModel, stage: Stage): number[] {
  const deps = new Set<number>();
  if (stage.parent !== undefined) deps.add(stage.parent);
  for (const instr of stage.instructions) {
    for (const from of fromReferences(instr)) {
      const idx = stageIndex(model, from, stage.index);
      if (idx !== undefined) deps.add(idx);
    }
  }
  return [...deps].sort((a, b) => a - b);
}

/**
 * The stages a build runs, in the order it runs them. The classic builder runs every stage up to the
 * target (even ones nothing uses); BuildKit only the stages the target needs, dependencies first.
 */
export function stagesToBuild(model: DockerfileModel, builder: BuilderKind, target?: string): number[] {
  const last = targetStage(model, target);
  if (!last) return [];
  if (builder === 'classic') return model.stages.filter(s => s.index <= last.index).map(s => s.index);
  const order: number[] = [];
  const seen = new Set<number>();
  const visit = (i: number) => {
    if (seen.has(i) || !model.stages[i]) return;
    seen.add(i);
    for (const d of stageDependencies(model, model.stages[i])) if (d < i) visit(d);
    order.push(i);
  };
  visit(last.index);
  return order;
}

/** Images the steps need resolved: base images of the stages built and COPY --from images. */
export function imageReferences(model: DockerfileModel, builder: BuilderKind, target: string | undefined, buildArgs: Record<string, string>): string[] {
  const refs = new Set<string>();
  const globals = globalArgs(model, buildArgs);
  for (const i of stagesToBuild(model, builder, target)) {
    const stage = model.stages[i];
    if (stage.parent === undefined) refs.add(baseRef(stage, globals));
    for (const instr of stage.instructions) {
      for (const from of fromReferences(instr)) if (stageIndex(model, from, i) === undefined) refs.add(expandVariables(from, globals).value);
    }
  }
  refs.delete('scratch');
  return [...refs];
}

interface State { args: Map<string, string | undefined>; env: Map<string, string>; user: string; workdir: string; shell: string }

export function stepKeys(input: StepInputs): StepKey[] {
  const { model, builder } = input;
  const globals = globalArgs(model, input.buildArgs);
  const lastChain = new Map<number, string>();
  const endState = new Map<number, State>();
  const steps: StepKey[] = [];
  for (const index of stagesToBuild(model, builder, input.target)) {
    const stage = model.stages[index];
    const stageName = stage.name ?? `stage-${index}`;
    let chain: string;
    let base: StepKey['base'];
    let state: State;
    if (stage.parent !== undefined && endState.has(stage.parent)) {
      const p = endState.get(stage.parent)!;
      state = { args: new Map(), env: new Map(p.env), user: p.user, workdir: p.workdir, shell: p.shell };
      chain = lastChain.get(stage.parent)!;
    } else {
      const ref = baseRef(stage, globals);
      const id = ref === 'scratch' ? 'scratch' : input.images.get(ref);
      base = { ref, id };
      state = { args: new Map(), env: new Map(), user: '', workdir: '/', shell: '["/bin/sh","-c"]' };
      chain = hash(`from\0${ref}\0${id ?? 'not-local'}\0${stage.platform ?? ''}`, 24);
    }
    let ordinal = 0;
    for (const instr of stage.instructions) {
      const vars = () => new Map<string, string | undefined>([...state.args, ...state.env]);
      const key = describe(instr, state, vars, model, input, globals, lastChain, index);
      applyState(instr, state, vars, input.buildArgs, globals);
      if (!key) continue;
      if (builder === 'buildkit' && !BUILDKIT_OPS.has(instr.keyword)) continue;
      if (builder === 'classic') {
        // The classic builder keys a RUN by its command plus the declared build args that have a value.
        for (const [k] of Object.entries(key.parts)) if (k.startsWith('env:')) delete key.parts[k];
      }
      const partsText = Object.keys(key.parts).sort().map(k => `${k}=${key.parts[k]}`).join('\n');
      chain = hash(`${chain}\0${instr.keyword}\0${partsText}\0${key.filesHash ?? ''}`, 24);
      steps.push({ ...key, stage: index, stageName, ordinal: ordinal++, chain, ...(stage.parent !== undefined ? { parentStage: stage.parent } : {}), ...(ordinal === 1 && base ? { base } : {}) });
    }
    lastChain.set(index, chain);
    endState.set(index, state);
  }
  return steps;
}

type KeyParts = Omit<StepKey, 'stage' | 'stageName' | 'ordinal' | 'chain' | 'base'>;

function describe(instr: Instr, state: State, vars: () => Map<string, string | undefined>, model: DockerfileModel, input: StepInputs,
  globals: Map<string, string | undefined>, lastChain: Map<number, string>, stageIdx: number): KeyParts | undefined {
  const parts: Record<string, string> = {};
  const flagsText = flagList(instr).map(f => `--${f.name}=${f.value ?? ''}`).join(' ');
  const source = sourceText(model, instr);
  const expandedWords = instr.args.map(a => expandVariables(a, vars()).value);
  const key: KeyParts = { line: instr.range.start.line, keyword: instr.keyword, instruction: oneLine(source), parts };
  if (instr.keyword === 'RUN') {
    parts.command = hash(instr.heredocs.length ? source : instr.execForm ? JSON.stringify(instr.execForm) : instr.command.trim());
    if (flagsText) parts.flags = hash(flagsText);
    for (const [k, v] of state.args) if (v !== undefined) parts[`arg:${k}`] = hash(v);
    for (const [k, v] of state.env) if (!state.args.has(k)) parts[`env:${k}`] = hash(v);
    parts.user = hash(state.user);
    parts.workdir = hash(state.workdir);
    parts.shell = hash(state.shell);
    key.instruction = oneLine(`RUN ${flagsText ? flagsText + ' ' : ''}${expandVariables(instr.heredocs.length ? source.replace(/^\S+\s*/, '') : instr.command, vars()).value}`);
    for (const mount of flagList(instr).filter(f => f.name === 'mount')) {
      const fields = mountFields(mount.value ?? '');
      const type = fields.get('type') ?? 'bind';
      if (type === 'cache') key.cacheMount = true;
      const from = fields.get('from');
      if (from) addFrom(key, parts, model, from, stageIdx, globals, input, lastChain);
      else if (type === 'bind') addFiles(key, parts, input.snapshot, [fields.get('source') ?? fields.get('src') ?? '.']);
    }
    return key;
  }
  if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
    parts.command = hash(instr.heredocs.length ? source : expandedWords.join(' '));
    if (flagsText) parts.flags = hash(expandVariables(flagsText, vars()).value);
    parts.workdir = hash(state.workdir);
    key.instruction = oneLine(`${instr.keyword} ${flagsText ? expandVariables(flagsText, vars()).value + ' ' : ''}${expandedWords.join(' ')}`);
    const from = instr.flags.get('from');
    if (from) {
      addFrom(key, parts, model, from, stageIdx, globals, input, lastChain);
    } else if (!instr.heredocs.length) {
      const sources = expandedWords.slice(0, -1);
      const remote = sources.find(s => URL_SOURCE.test(s));
      if (remote && instr.keyword === 'ADD') key.remote = remote;
      addFiles(key, parts, input.snapshot, sources.filter(s => !URL_SOURCE.test(s)));
    }
    return key;
  }
  if (instr.keyword === 'WORKDIR') {
    parts.command = hash(path.posix.resolve(state.workdir, expandedWords.join(' ') || '/'));
    parts.user = hash(state.user);
    key.instruction = oneLine(`WORKDIR ${expandedWords.join(' ')}`);
    return key;
  }
  // Metadata instructions: the classic builder keys them by their text after expansion.
  const text = instr.keyword === 'ARG' ? source : `${instr.keyword} ${instr.execForm ? JSON.stringify(instr.execForm) : expandVariables(joinContinuations(source.replace(/^\S+\s*/, ''), model.escapeChar), vars()).value}`;
  parts.command = hash(text);
  key.instruction = oneLine(text);
  return key;
}

function addFiles(key: KeyParts, parts: Record<string, string>, snapshot: ContextSnapshot, sources: string[]): void {
  if (sources.length === 0) return;
  const { files, missing } = takenFiles(snapshot, sources);
  for (const m of missing) files.set(m, '!missing');
  let text = '';
  for (const [p, s] of files) text += `${p}\0${s}\n`;
  key.filesHash = hash(text, 24);
  key.fileCount = files.size;
  parts.files = key.filesHash;
  if (files.size <= MAX_FILES_KEPT) key.files = Object.fromEntries(files);
}

function addFrom(key: KeyParts, parts: Record<string, string>, model: DockerfileModel, from: string, stageIdx: number,
  globals: Map<string, string | undefined>, input: StepInputs, lastChain: Map<number, string>): void {
  const idx = stageIndex(model, from, stageIdx);
  if (idx !== undefined) {
    // Both builders compare the copied files' content; we cannot know a rebuilt stage's output, so any change there counts.
    (key.fromStages ??= []).push(idx);
    parts[`from:${idx}`] = lastChain.get(idx) ?? 'not-built';
  } else {
    const ref = expandVariables(from, globals).value;
    parts[`from:${ref}`] = hash(input.images.get(ref) ?? 'not-local');
  }
}

function applyState(instr: Instr, state: State, vars: () => Map<string, string | undefined>, buildArgs: Record<string, string>, globals: Map<string, string | undefined>): void {
  if (instr.keyword === 'ARG') {
    for (const word of instr.args) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word : word.slice(0, eq);
      const given = Object.prototype.hasOwnProperty.call(buildArgs, name) ? buildArgs[name] : undefined;
      const fallback = eq < 0 ? globals.get(name) : expandVariables(unquote(word.slice(eq + 1)), vars()).value;
      state.args.set(name, given ?? fallback);
    }
  } else if (instr.keyword === 'ENV') {
    for (const p of properties(instr)) state.env.set(p.name, expandVariables(p.value, vars()).value);
  } else if (instr.keyword === 'USER') {
    state.user = expandVariables(instr.args.join(' '), vars()).value;
  } else if (instr.keyword === 'WORKDIR') {
    state.workdir = path.posix.resolve(state.workdir, expandVariables(instr.args.join(' '), vars()).value || '/');
  } else if (instr.keyword === 'SHELL') {
    state.shell = JSON.stringify(instr.execForm ?? instr.args);
  }
}

function globalArgs(model: DockerfileModel, buildArgs: Record<string, string>): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const [k, v] of model.globalArgs) out.set(k, Object.prototype.hasOwnProperty.call(buildArgs, k) ? buildArgs[k] : v);
  return out;
}

const baseRef = (stage: Stage, globals: Map<string, string | undefined>) => expandVariables(stage.image, globals).value;

function stageIndex(model: DockerfileModel, ref: string, before: number): number | undefined {
  const named = model.stages.find(s => s.index < before && s.name?.toLowerCase() === ref.toLowerCase());
  if (named) return named.index;
  return /^\d+$/.test(ref) && Number(ref) < before ? Number(ref) : undefined;
}

function fromReferences(instr: Instr): string[] {
  const out: string[] = [];
  for (const f of flagList(instr)) {
    if (f.name === 'from' && (instr.keyword === 'COPY' || instr.keyword === 'ADD') && f.value) out.push(f.value);
    if (f.name === 'mount' && instr.keyword === 'RUN') { const from = mountFields(f.value ?? '').get('from'); if (from) out.push(from); }
  }
  return out;
}

function flagList(instr: Instr): Array<{ name: string; value: string | null }> {
  return instr.flagList.map(f => ({ name: f.name.toLowerCase(), value: f.value }));
}

function mountFields(value: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    fields.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? '' : unquote(part.slice(eq + 1).trim()));
  }
  return fields;
}

function properties(instr: Instr): Array<{ name: string; value: string }> {
  return instr.properties.map(p => ({ name: p.name, value: p.value }));
}

function sourceText(model: DockerfileModel, instr: Instr): string {
  return model.lines.slice(instr.range.start.line, instr.range.end.line + 1).join('\n').trim();
}

function oneLine(text: string): string {
  // Secret build args arrive salted (recordStore.ts); shown, they read as a mask.
  const flat = text.replace(/salted-sha256:[0-9a-f]{32}/g, '***').replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? flat.slice(0, 157) + '…' : flat;
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}
