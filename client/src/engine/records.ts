// What the last build of each Dockerfile produced, layer by layer; kept in memory and as JSON.
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as path from 'path';
import { DockerfileModel, Instr, parseDockerfile } from '../../../server/src/analysis/model';
import { isEmptyLayer, keywordOfCreatedBy } from './layerText';
import { BuildRecord, BuilderKind, Disposable, LayerRecord } from './types';

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

export class BuildRecordStore {
  private readonly byDockerfile = new Map<string, BuildRecord>();
  private readonly emitter = new EventEmitter();
  private writing: Promise<void> = Promise.resolve();

  /** filePath: where to persist as JSON (omit for memory only). */
  constructor(readonly filePath?: string) {}

  /** Loads persisted records; a missing or unreadable file just means no records yet. */
  async load(): Promise<void> {
    if (!this.filePath) return;
    let data: unknown;
    try { data = JSON.parse(await fs.promises.readFile(this.filePath, 'utf8')); } catch { return; }
    if (!Array.isArray(data)) return;
    for (const r of data as BuildRecord[]) {
      if (r && typeof r.dockerfilePath === 'string' && typeof r.imageId === 'string' && Array.isArray(r.layers)) this.byDockerfile.set(key(r.dockerfilePath), r);
    }
  }

  get(dockerfilePath: string): BuildRecord | undefined { return this.byDockerfile.get(key(dockerfilePath)); }

  findByImage(imageId: string): BuildRecord | undefined {
    const id = imageId.startsWith('sha256:') ? imageId : 'sha256:' + imageId;
    let best: BuildRecord | undefined;
    for (const r of this.byDockerfile.values()) if (r.imageId === id && (!best || r.time > best.time)) best = r;
    return best;
  }

  all(): BuildRecord[] { return [...this.byDockerfile.values()]; }

  async add(record: BuildRecord): Promise<void> {
    this.byDockerfile.set(key(record.dockerfilePath), record);
    this.emitter.emit('change', record);
    await this.save();
  }

  onDidChange(listener: (record: BuildRecord) => void): Disposable {
    this.emitter.on('change', listener);
    return { dispose: () => this.emitter.off('change', listener) };
  }

  private save(): Promise<void> {
    const file = this.filePath;
    if (!file) return Promise.resolve();
    // Serialise writes; write to a temp file and rename so a crash never leaves half a JSON file.
    this.writing = this.writing.catch(() => undefined).then(async () => {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, JSON.stringify(this.all(), null, 1));
      await fs.promises.rename(tmp, file);
    });
    return this.writing;
  }
}

const key = (p: string) => path.resolve(p);
