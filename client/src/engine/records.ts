// What the builds of each Dockerfile produced: layer by layer (for the history views) and step by step
// with their cache inputs (for cache prediction). The store lives in recordStore.ts.
import { DockerfileModel, Instr, parseDockerfile } from '../../../server/src/analysis/model';
import { isEmptyLayer, keywordOfCreatedBy } from './layerText';
import { BuildRecord, BuilderKind, LayerRecord } from './types';

export { BuildRecordStore, defaultRecordsDir, recordKey, RECORD_FORMAT } from './recordStore';
export type { RecordKey } from './recordStore';

export interface HistoryEntry { Id: string; Created: number; CreatedBy: string; Tags: string[] | null; Size: number; Comment: string }

/** Instructions that end up in the image: the target stage and the stages it is built FROM, oldest first. */
export function imageInstructions(model: DockerfileModel, target?: string): Instr[] {
  let stage = (target && model.stages.find(s => s.name?.toLowerCase() === target.toLowerCase())) || model.stages[model.stages.length - 1];
  const chain: Instr[][] = [];
  const seen = new Set<number>();
  while (stage && !seen.has(stage.index)) {
    seen.add(stage.index);
    chain.unshift(stage.instructions);
    stage = stage.parent !== undefined ? model.stages[stage.parent] : undefined as never;
  }
  return chain.flat();
}

/**
 * Pairs history entries (newest first) with the instructions that made them, walking both from the top;
 * an instruction whose keyword does not match the entry made no history entry and is skipped.
 */
export function matchHistory(history: HistoryEntry[], instructions: Instr[]): Array<{ entry: HistoryEntry; instr?: Instr }> {
  const out: Array<{ entry: HistoryEntry; instr?: Instr }> = [];
  let i = instructions.length - 1;
  let inBase = false;
  for (const entry of history) {
    const kw = inBase ? undefined : keywordOfCreatedBy(entry.CreatedBy, entry.Comment);
    let instr: Instr | undefined;
    if (kw) {
      let j = i;
      while (j >= 0 && instructions[j].keyword !== kw) j--;
      if (j >= 0) { instr = instructions[j]; i = j - 1; }
    }
    // Once nothing in our Dockerfile explains an entry, everything below is the base image.
    if (!instr) inBase = true;
    out.push({ entry, instr });
  }
  return out;
}

export function recordFromHistory(args: { dockerfilePath: string; dockerfileText: string; imageId: string; tag?: string; builder: BuilderKind; target?: string; history: HistoryEntry[]; model?: DockerfileModel }): BuildRecord {
  // build() has already parsed the Dockerfile it sent; parse only when called on its own.
  const model = args.model ?? parseDockerfile(args.dockerfileText);
  const layers: LayerRecord[] = [];
  for (const { entry, instr } of matchHistory(args.history, imageInstructions(model, args.target))) {
    if (!instr) break;
    const kw = keywordOfCreatedBy(entry.CreatedBy, entry.Comment);
    layers.push({
      line: instr.range.start.line,
      instruction: model.lines.slice(instr.range.start.line, instr.range.end.line + 1).join('\n').trim(),
      layerId: entry.Id && entry.Id !== '<missing>' ? entry.Id : undefined,
      size: entry.Size,
      createdBy: entry.CreatedBy,
      empty: isEmptyLayer(kw, entry.Size),
    });
  }
  return { dockerfilePath: args.dockerfilePath, imageId: args.imageId, tag: args.tag, time: new Date().toISOString(), builder: args.builder, layers };
}

