// Local images, disk usage and pruning.
import { Engine } from './connection';
import { DiskUsage, ImageGroup, PrunePreview, PruneResult } from './types';

export async function listImages(_engine: Engine, _options: { includeDangling?: boolean } = {}): Promise<ImageGroup[]> { throw new Error('not implemented yet'); }
export async function removeImage(_engine: Engine, _id: string, _options: { force?: boolean } = {}): Promise<void> { throw new Error('not implemented yet'); }
export async function diskUsage(_engine: Engine): Promise<DiskUsage> { throw new Error('not implemented yet'); }
export async function previewPrune(_engine: Engine, _options: { all?: boolean } = {}): Promise<PrunePreview> { throw new Error('not implemented yet'); }
export async function pruneImages(_engine: Engine, _options: { all?: boolean } = {}): Promise<PruneResult> { throw new Error('not implemented yet'); }
