// What the last build of each Dockerfile produced, layer by layer; kept in memory and as JSON.
import { BuildRecord, BuilderKind, Disposable } from './types';

export class BuildRecordStore {
  constructor(readonly filePath?: string) {}
  async load(): Promise<void> { throw new Error('not implemented yet'); }
  get(_dockerfilePath: string): BuildRecord | undefined { throw new Error('not implemented yet'); }
  findByImage(_imageId: string): BuildRecord | undefined { throw new Error('not implemented yet'); }
  all(): BuildRecord[] { throw new Error('not implemented yet'); }
  async add(_record: BuildRecord): Promise<void> { throw new Error('not implemented yet'); }
  onDidChange(_listener: (record: BuildRecord) => void): Disposable { throw new Error('not implemented yet'); }
}

export interface HistoryEntry { Id: string; Created: number; CreatedBy: string; Tags: string[] | null; Size: number; Comment: string }

export function recordFromHistory(_args: { dockerfilePath: string; dockerfileText: string; imageId: string; tag?: string; builder: BuilderKind; target?: string; history: HistoryEntry[] }): BuildRecord {
  throw new Error('not implemented yet');
}
