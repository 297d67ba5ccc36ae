// Plain data of the layer-contents analysis (what each layer adds, modifies, removes; wasted bytes).
// No `vscode` import: the CLI, the views and the tests share these.

/** One tar entry of a layer, reduced to what the analysis needs (never the file's bytes). */
export interface LayerEntry {
  /** Absolute path in the image, e.g. `/usr/bin/node`; for whiteouts the path they remove. */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'link' | 'other' | 'whiteout' | 'opaque';
  /** Bytes the engine counts for this entry: file content, or a symlink's target length; 0 otherwise. */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Content digest of regular files (sha1, hex), to tell a metadata-only change from a content change. */
  hash?: string;
  /** Hard links: the path (in the same layer) whose content they share. */
  linkTarget?: string;
}

/** A decoded layer: its entries, and the bytes of its tar (for progress and sanity checks). */
export interface LayerScan {
  entries: LayerEntry[];
  tarBytes: number;
}

export type ChangeKind = 'added' | 'modified' | 'removed';

/** One change a layer makes. A removed directory is one change with the files it held. */
export interface LayerChange {
  path: string;
  change: ChangeKind;
  /** Added/modified: the new version's bytes; removed: the bytes the removed version(s) held. */
  size: number;
  /** Removed directory: how many files it held. */
  files?: number;
  /** Modified, but the content is the same (chmod, chown, touch): the layer still carries a full copy. */
  metadataOnly?: boolean;
}

export interface ChangeTotals { count: number; bytes: number }

export interface LayerContents {
  /** Position in the image, 0 = the base layer. */
  index: number;
  /** The layer's diff id (`sha256:…`) from the image config, when present. */
  id: string;
  createdBy: string;
  /** Index of the step that made the layer in the image's history, oldest first (which also lists steps without a layer). */
  step?: number;
  /** Bytes the layer holds, as the engine counts them (`docker history`). */
  sizeBytes: number;
  /** 0-based Dockerfile line of the instruction that made this layer, when known. */
  line?: number;
  added: ChangeTotals;
  modified: ChangeTotals;
  removed: ChangeTotals;
  /** This layer's share of the image's wasted bytes (dive's attribution: every version of an inefficient path). */
  wastedBytes: number;
  /** Per earlier layer, the bytes this layer removes or overwrites (they stay in the image). */
  hides: HiddenBytes[];
  /** The largest changes (bounded; see `changesOmitted` for the rest). */
  changes: LayerChange[];
  changesOmitted: ChangeTotals;
}

/** Bytes of an earlier layer that a layer removes or overwrites: the image still carries them. */
export interface HiddenBytes { layer: number; removedBytes: number; overwrittenBytes: number; files: number }

/** One step in a path's life: the layer that added, modified or removed it. */
export interface PathEvent { layer: number; change: ChangeKind; size: number }

export interface Inefficiency {
  path: string;
  /** How many layers touch the path (dive's "count"). */
  count: number;
  /** dive's wasted bytes for the path: the sum of every version's size. */
  wastedBytes: number;
  /** Layers that touched the path, oldest first. */
  events: PathEvent[];
}

export interface ImageContents {
  /** Format of this record (cache files of another version are ignored). */
  version: number;
  image: string;
  imageId: string;
  /** Entries in the image's history (steps with and without a layer): aligns layers with build records. */
  historyLength: number;
  /** `linux/amd64` from the image config. */
  platform: string;
  sizeBytes: number;
  /** Bytes of every layer above the first (dive's "user" bytes). */
  userSizeBytes: number;
  wastedBytes: number;
  /** wastedBytes / userSizeBytes (0 when there are no user bytes). */
  userWastedPercent: number;
  /** dive's efficiency score: Σ smallest version ÷ Σ all versions over every path, 1 = nothing wasted. */
  efficiency: number;
  /** Base layer first. */
  layers: LayerContents[];
  /** Paths touched by more than one layer, most wasted bytes first (bounded; see inefficientPaths). */
  inefficiencies: Inefficiency[];
  /** How many paths are touched by more than one layer in all. */
  inefficientPaths: number;
}

export interface InspectProgress {
  /** Layer tar bytes read so far, and the image's size as the engine reports it (an estimate). */
  bytesRead: number;
  totalBytes: number;
  layersRead: number;
  layerCount: number;
}
