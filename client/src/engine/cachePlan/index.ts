// Cache prediction, wired to the disk and the engine: the Dockerfile, the context's hashes, the base
// images' ids and the recorded builds go in; a Plan comes out. The editor and `layerwise plan` call
// planNextBuild; build() calls cacheStepKeys to record what each step took.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type Docker from 'dockerode';
import { DockerfileModel, parseDockerfile } from '../../../../server/src/analysis/model';
import { syntaxFindings } from '../../../../server/src/analysis/syntax';
import { Engine } from '../connection';
import { BuildRecordStore, recordKey } from '../recordStore';
import { BuilderSetting, BuilderKind, StepReport } from '../types';
import { ContextHasher } from './contextHasher';
import { planBuild, RecordedBuild } from './predict';
import { imageReferences, stepKeys, targetStage } from './steps';
import { ContextSnapshot, Plan, StepKey, StepRecord } from './types';

export * from './types';
export { ContextHasher } from './contextHasher';
export { planBuild } from './predict';
export type { RecordedBuild, PlanInput } from './predict';
export { stepKeys, stagesToBuild, imageReferences } from './steps';
export { takenFiles } from './sources';
export { summaryLine, explainChain, formatSeconds } from './format';

/** A problem with the inputs of a prediction, worded for the user (CLI exit code 2). */
export class PlanError extends Error {}

/** Local image ids of the references (undefined: not present locally). */
export async function resolveImages(docker: Docker, refs: string[]): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  await Promise.all(refs.map(async ref => {
    try { out.set(ref, (await docker.getImage(ref).inspect()).Id); } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) out.set(ref, undefined);
      else throw err;
    }
  }));
  return out;
}

export interface StepKeyOptions {
  docker: Docker;
  model: DockerfileModel;
  builder: BuilderKind;
  target?: string;
  /** Build args as stored (secret values salted: BuildRecordStore.storableArgs). */
  buildArgs: Record<string, string>;
  hasher: ContextHasher;
  /** Re-walk the context (default); false = use the hasher's current snapshot (a watcher keeps it fresh). */
  rescan?: boolean;
  /**
   * The Dockerfile as the next build will send it, when that differs from the disk (the editor's unsaved
   * text: a build saves first). `COPY .` takes the Dockerfile too, so its hash must be the text's.
   */
  dockerfile?: { path: string; text: string };
}

export async function cacheStepKeys(o: StepKeyOptions): Promise<{ steps: StepKey[]; problems: string[] }> {
  const [images, snapshot] = await Promise.all([
    resolveImages(o.docker, imageReferences(o.model, o.builder, o.target, o.buildArgs)),
    o.rescan === false ? Promise.resolve(o.hasher.current()) : o.hasher.snapshot(),
  ]);
  const steps = stepKeys({ model: o.model, builder: o.builder, target: o.target, buildArgs: o.buildArgs, snapshot: withDockerfileText(snapshot, o.hasher.contextDir, o.dockerfile), images });
  const problems = [...o.hasher.problems].map(([p, why]) => `${p} cannot be read (${why})`);
  return { steps, problems };
}

function withDockerfileText(snapshot: ContextSnapshot, contextDir: string, dockerfile?: { path: string; text: string }): ContextSnapshot {
  if (!dockerfile) return snapshot;
  const rel = path.relative(contextDir, path.resolve(dockerfile.path)).split(path.sep).join('/');
  const onDisk = snapshot.get(rel);
  if (!onDisk || !onDisk.startsWith('f')) return snapshot; // outside the context, or excluded by .dockerignore
  const sig = `${onDisk.slice(0, onDisk.indexOf(':'))}:${createHash('sha256').update(dockerfile.text, 'utf8').digest('hex').slice(0, 20)}`;
  if (sig === onDisk) return snapshot;
  return new Map([...snapshot, [rel, sig]]);
}

/** Joins the step keys with what the engine reported for each line. */
export function stepRecords(keys: StepKey[], reports: StepReport[]): StepRecord[] {
  const byLine = new Map<number, StepReport>();
  for (const r of reports) byLine.set(r.line, r);
  return keys.map(k => {
    const r = byLine.get(k.line);
    return { ...k, cached: r?.cached ?? false, ...(r ? { durationMs: r.durationMs } : {}) };
  });
}

export interface PlanOptions {
  dockerfilePath: string;
  contextDir: string;
  target?: string;
  buildArgs?: Record<string, string>;
  builder?: BuilderSetting;
  records: BuildRecordStore;
  /** Re-used across calls by the editor (only changed files are re-read); a fresh one by default. */
  hasher?: ContextHasher;
  rescan?: boolean;
  /** Already-read Dockerfile text (the editor's unsaved buffer). */
  text?: string;
  isSecretArg(name: string): boolean;
}

export async function planNextBuild(engine: Engine, o: PlanOptions): Promise<Plan> {
  let text = o.text;
  if (text === undefined) {
    try { text = await fs.promises.readFile(o.dockerfilePath, 'utf8'); } catch {
      throw new PlanError(`Cannot read the Dockerfile ${o.dockerfilePath}.`);
    }
  }
  const model = parseDockerfile(text);
  if (model.stages.length === 0) throw new PlanError('The Dockerfile has no FROM instruction, so there is nothing to build.');
  const broken = syntaxFindings(model).find(f => f.severity === 'error');
  if (broken) throw new PlanError(`The Dockerfile does not parse (line ${broken.range.start.line + 1}: ${broken.message}); no prediction until it does.`);
  if (!targetStage(model, o.target)) throw new PlanError(`The Dockerfile has no stage named "${o.target}".`);
  const contextDir = path.resolve(o.contextDir);
  const st = await fs.promises.stat(contextDir).catch(() => undefined);
  if (!st?.isDirectory()) throw new PlanError(`The build context folder ${contextDir} does not exist or is not a folder.`);

  const docker = await engine.docker();
  const builder: BuilderKind = o.builder === 'classic' ? 'classic' : o.builder === 'buildkit' ? 'buildkit' : engine.info?.buildkit ? 'buildkit' : 'classic';
  const buildArgs = await o.records.storableArgs(o.buildArgs ?? {}, o.isSecretArg);
  const hasher = o.hasher ?? new ContextHasher(contextDir);
  const { steps, problems } = await cacheStepKeys({
    docker, model, builder, target: o.target, buildArgs, hasher, rescan: o.rescan,
    ...(o.text !== undefined ? { dockerfile: { path: o.dockerfilePath, text: o.text } } : {}),
  });
  const { records, olderFormat } = await o.records.recordsFor({ dockerfilePath: o.dockerfilePath, contextDir, target: o.target, builder });
  const recorded: RecordedBuild[] = records.map(r => ({ builder: r.builder, time: r.time, steps: r.steps ?? [] }));
  return planBuild({
    builder, steps, records: recorded, problems,
    ...(olderFormat ? { recordProblem: 'The last build of this Dockerfile was recorded by an older Layerwise version, without cache inputs: build once to see cache predictions.' } : {}),
  });
}

export { recordKey };
