// Layer history of an image, grouped into base-image layers and the Dockerfile lines that made the rest.
import { describeEndpoint, Engine } from './connection';
import { cleanCreatedBy, isEmptyLayer, keywordOfCreatedBy } from './layerText';
import { HistoryEntry } from './records';
import { BaseImageInfo, BuildRecord, HistoryLayer, LayerHistory, LayerHistoryOptions } from './types';

export { cleanCreatedBy } from './layerText';

const DEFAULT_BASE_LABELS = ['org.opencontainers.image.base.name', 'base_image'];

const sameEntry = (a: HistoryEntry, b: HistoryEntry) => a.Created === b.Created && a.CreatedBy === b.CreatedBy && a.Size === b.Size;

/** Length of `base` when it is the oldest part of `history` (both newest first), else 0. */
export function suffixLength(history: HistoryEntry[], base: HistoryEntry[]): number {
  if (base.length === 0 || base.length > history.length) return 0;
  const offset = history.length - base.length;
  return base.every((b, i) => sameEntry(history[offset + i], b)) ? base.length : 0;
}

/** Records have secret build-arg values masked as *** (see build.ts): those parts match anything. */
export function sameCommand(recorded: string, actual: string): boolean {
  if (recorded === actual) return true;
  if (!recorded.includes('***')) return false;
  const pattern = recorded.split('***').map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?');
  return new RegExp(`^${pattern}$`, 's').test(actual);
}

export async function layerHistory(engine: Engine, imageRef: string, options: LayerHistoryOptions = {}): Promise<LayerHistory> {
  const docker = await engine.docker();
  let inspect: { Id: string; Config?: { Labels?: Record<string, string> | null } };
  let history: HistoryEntry[];
  try {
    const image = docker.getImage(imageRef);
    inspect = await image.inspect();
    history = await image.history() as HistoryEntry[];
  } catch (err) {
    // Also the answer when the image was removed while its history was open (the view shows this).
    if ((err as { statusCode?: number }).statusCode === 404) throw new Error(`Image "${imageRef}" no longer exists on the Docker engine at ${describeEndpoint(engine.endpoint)}. It may have been removed.`);
    throw engine.noteFailure(err);
  }

  const record = options.records?.findByImage(inspect.Id);
  const base = await findBase(engine, inspect, history, record, options.baseLabelKeys ?? DEFAULT_BASE_LABELS);
  const firstBase = base ? history.length - base.layerCount : history.length;
  const layers: HistoryLayer[] = history.map((h, i) => {
    const keyword = keywordOfCreatedBy(h.CreatedBy, h.Comment);
    const fromRecord = record && i < record.layers.length && sameCommand(record.layers[i].createdBy, h.CreatedBy) ? record.layers[i] : undefined;
    return {
      id: h.Id,
      missing: h.Id === '<missing>',
      createdBy: cleanCreatedBy(h.CreatedBy),
      size: h.Size,
      created: new Date(h.Created * 1000),
      empty: isEmptyLayer(keyword, h.Size),
      ...(h.Comment ? { comment: h.Comment } : {}),
      fromBase: i >= firstBase,
      ...(fromRecord ? { line: fromRecord.line, instruction: fromRecord.instruction } : {}),
    };
  });
  return { imageRef, imageId: inspect.Id, layers, ...(base ? { base } : {}), ...(record ? { record } : {}) };
}

async function historyOf(engine: Engine, ref: string): Promise<HistoryEntry[] | undefined> {
  try { return await (await engine.docker()).getImage(ref).history() as HistoryEntry[]; } catch { return undefined; }
}

async function findBase(engine: Engine, inspect: { Id: string; Config?: { Labels?: Record<string, string> | null } }, history: HistoryEntry[], record: BuildRecord | undefined, labelKeys: string[]): Promise<BaseImageInfo | undefined> {
  // 1. A label names the base image: match its layers when it is here.
  for (const key of labelKeys) {
    const name = inspect.Config?.Labels?.[key];
    if (!name) continue;
    const baseHistory = await historyOf(engine, name);
    const n = baseHistory ? suffixLength(history, baseHistory) : 0;
    if (n) return { name, how: 'label', layerCount: n };
  }
  // 2. Classic builds keep ancestor ids: the newest tagged ancestor is the base image.
  for (let i = 1; i < history.length; i++) {
    const tags = history[i].Tags?.filter(t => t !== '<none>:<none>');
    if (tags?.length && history[i].Id !== '<missing>') return { name: tags[0], how: 'local-suffix', layerCount: history.length - i };
  }
  // 3. Everything older than the recorded build's first layer.
  if (record && record.layers.length > 0 && record.layers.length < history.length) {
    return { name: 'base image', how: 'record', layerCount: history.length - record.layers.length };
  }
  // 4. A local image whose whole history is the oldest part of ours (BuildKit images show <missing> ids).
  let best: BaseImageInfo | undefined;
  let images;
  try { images = await (await engine.docker()).listImages(); } catch { return undefined; }
  for (const img of images) {
    if (img.Id === inspect.Id || !img.RepoTags?.some(t => t !== '<none>:<none>')) continue;
    const h = await historyOf(engine, img.Id);
    const n = h ? suffixLength(history, h) : 0;
    if (n && n < history.length && (!best || n > best.layerCount)) best = { name: img.RepoTags.find(t => t !== '<none>:<none>')!, how: 'local-suffix', layerCount: n };
  }
  return best;
}
