// Stacks decoded layers the way overlay filesystems do and measures what each layer changes and what
// the image carries for nothing. Pure: layers in, numbers out (unit-tested without an engine).
//
// Wasted bytes and efficiency follow dive (github.com/wagoodman/dive, filetree/efficiency.go):
// every version of every non-directory path is recorded (a removal as a 0-byte version); a path that
// more than one layer touches is "inefficient" and all its versions count as wasted; efficiency is
// Σ smallest version ÷ Σ all versions over every path. Where dive's tree model drops information we
// follow the filesystem instead: files under a removed or opaque directory count as removed one by one
// (dive counts nothing for `rm -rf dir`, and ignores opaque markers), and sizes are the engine's
// (a symlink counts its target's length), so layer sizes equal `docker history`.
import { ChangeKind, ChangeTotals, HiddenBytes, Inefficiency, LayerChange, LayerContents, LayerEntry, LayerScan, PathEvent } from './types';

/** How many changes each layer keeps (largest first), and how many inefficient paths the image keeps. */
export const CHANGES_PER_LAYER = 100;
export const INEFFICIENCY_LIMIT = 500;

export interface LayerInput { scan: LayerScan; id: string; createdBy: string; step?: number; line?: number }

export interface LayersAnalysis {
  layers: LayerContents[];
  sizeBytes: number;
  userSizeBytes: number;
  wastedBytes: number;
  userWastedPercent: number;
  efficiency: number;
  inefficiencies: Inefficiency[];
  inefficientPaths: number;
}

interface Version { layer: number; type: LayerEntry['type']; size: number; hash?: string; mode: number; uid: number; gid: number }
interface Node { version?: Version; children?: Map<string, Node> }
interface PathStats { count: number; cumulative: number; min: number; events: PathEvent[] }
interface Pending { version: Version; origin: string; originIsDir: boolean }

export function analyzeLayers(inputs: LayerInput[]): LayersAnalysis {
  const root: Node = { children: new Map() };
  const stats = new Map<string, PathStats>();
  const links = new Map<number, Map<string, string[]>>();
  const layers = inputs.map((input, index) => applyLayer({ root, stats, links }, input, index));

  let wastedBytes = 0;
  let minimum = 0;
  let discovered = 0;
  const inefficient: Inefficiency[] = [];
  for (const [path, s] of stats) {
    minimum += s.min;
    discovered += s.cumulative;
    if (s.count < 2) continue;
    wastedBytes += s.cumulative;
    for (const e of s.events) layers[e.layer].wastedBytes += e.size;
    inefficient.push({ path, count: s.count, wastedBytes: s.cumulative, events: s.events });
  }
  inefficient.sort((a, b) => b.wastedBytes - a.wastedBytes || b.count - a.count || (a.path < b.path ? -1 : 1));
  const sizeBytes = layers.reduce((n, l) => n + l.sizeBytes, 0);
  const userSizeBytes = sizeBytes - (layers[0]?.sizeBytes ?? 0);
  return {
    layers,
    sizeBytes,
    userSizeBytes,
    wastedBytes,
    userWastedPercent: userSizeBytes > 0 ? wastedBytes / userSizeBytes : 0,
    efficiency: discovered === 0 ? 1 : minimum / discovered,
    inefficiencies: inefficient.slice(0, INEFFICIENCY_LIMIT),
    inefficientPaths: inefficient.length,
  };
}

interface State {
  root: Node;
  stats: Map<string, PathStats>;
  /** Per layer: file path → the hard links to it that the layer added. */
  links: Map<number, Map<string, string[]>>;
}

/**
 * A file's version hidden by a later layer while a hard link to it (added with it) is still visible:
 * its bytes are still needed, so they move to the link's version and the hidden version counts 0 bytes.
 */
function keptByHardLink(state: State, path: string, version: Version): boolean {
  if (version.size === 0) return false;
  for (const link of state.links.get(version.layer)?.get(path) ?? []) {
    const node = lookup(state.root, link);
    if (node?.version?.layer !== version.layer || node.version.type !== 'link') continue;
    moveBytes(state.stats.get(path), version.layer, -version.size);
    moveBytes(state.stats.get(link), version.layer, version.size);
    node.version.size += version.size;
    return true;
  }
  return false;
}

function moveBytes(s: PathStats | undefined, layer: number, delta: number): void {
  const e = s?.events.find(ev => ev.layer === layer);
  if (!s || !e) return;
  e.size += delta;
  s.cumulative += delta;
  s.min = Math.min(...s.events.map(ev => ev.size));
}

function applyLayer(state: State, input: LayerInput, index: number): LayerContents {
  const { root, stats } = state;
  const totals = { added: zero(), modified: zero(), removed: zero() };
  const changes = new BoundedChanges(CHANGES_PER_LAYER);
  const pending = new Map<string, Pending>();
  const hidden = new Map<number, HiddenBytes>();
  const hides = (lower: Version, removed: boolean) => {
    let h = hidden.get(lower.layer);
    if (!h) hidden.set(lower.layer, h = { layer: lower.layer, removedBytes: 0, overwrittenBytes: 0, files: 0 });
    h.files++;
    if (removed) h.removedBytes += lower.size; else h.overwrittenBytes += lower.size;
  };
  const record = (path: string, change: ChangeKind, size: number) => {
    let s = stats.get(path);
    if (!s) stats.set(path, s = { count: 0, cumulative: 0, min: size, events: [] });
    s.count++;
    s.cumulative += size;
    s.min = Math.min(s.min, size);
    s.events.push({ layer: index, change, size });
  };
  const hide = (path: string, node: Node, origin: string, originIsDir: boolean) => {
    for (const [p, version] of filesUnder(path, node)) pending.set(p, { version, origin, originIsDir });
  };

  // Removals first: a layer's whiteouts and opaque markers hide what the layers below hold, whatever
  // their order in the tar; then its own entries are laid on top.
  for (const e of input.scan.entries) {
    if (e.type === 'opaque') {
      const dir = lookup(root, e.path);
      if (dir?.children) {
        for (const [name, child] of dir.children) hide(join(e.path, name), child, e.path, true);
        dir.children.clear();
      }
    } else if (e.type === 'whiteout') {
      const node = lookup(root, e.path);
      if (node) {
        hide(e.path, node, e.path, !!node.children);
        detach(root, e.path);
      }
    }
  }
  let sizeBytes = 0;
  for (const e of input.scan.entries) {
    if (e.type === 'opaque' || e.type === 'whiteout') continue;
    sizeBytes += e.size;
    const existing = lookup(root, e.path);
    if (e.type === 'dir') {
      if (existing && !existing.children) { hide(e.path, existing, e.path, false); existing.version = undefined; }
      ensure(root, e.path).children ??= new Map();
      continue;
    }
    // A directory replaced by a file: everything in it is removed.
    if (existing?.children) { hide(e.path, existing, e.path, true); detach(root, e.path); }
    const lower = pending.get(e.path)?.version ?? (existing && !existing.children ? existing.version : undefined);
    pending.delete(e.path);
    const version: Version = { layer: index, type: e.type, size: e.size, hash: e.hash, mode: e.mode, uid: e.uid, gid: e.gid };
    ensure(root, e.path).version = version;
    if (e.type === 'link' && e.linkTarget) {
      let byTarget = state.links.get(index);
      if (!byTarget) state.links.set(index, byTarget = new Map());
      byTarget.set(e.linkTarget, [...(byTarget.get(e.linkTarget) ?? []), e.path]);
    }
    const change: ChangeKind = lower ? 'modified' : 'added';
    if (lower && !keptByHardLink(state, e.path, lower)) hides(lower, false);
    record(e.path, change, e.size);
    add(totals[change], e.size);
    const metadataOnly = !!lower && lower.type === e.type && lower.size === e.size && lower.hash === e.hash;
    changes.push({ path: e.path, change, size: e.size, ...(metadataOnly ? { metadataOnly } : {}) });
  }
  // What stayed hidden is removed: one 0-byte version per file (dive's whiteout), one change per origin.
  const removedDirs = new Map<string, LayerChange>();
  for (const [path, p] of pending) {
    record(path, 'removed', 0);
    const kept = keptByHardLink(state, path, p.version);
    const size = kept ? 0 : p.version.size;
    if (!kept) hides(p.version, true);
    add(totals.removed, size);
    if (!p.originIsDir) { changes.push({ path, change: 'removed', size }); continue; }
    let group = removedDirs.get(p.origin);
    if (!group) removedDirs.set(p.origin, group = { path: p.origin, change: 'removed', size: 0, files: 0 });
    group.size += size;
    group.files! += 1;
  }
  for (const group of removedDirs.values()) changes.push(group);

  return {
    index,
    id: input.id,
    createdBy: input.createdBy,
    ...(input.step !== undefined ? { step: input.step } : {}),
    sizeBytes,
    ...(input.line !== undefined ? { line: input.line } : {}),
    ...totals,
    wastedBytes: 0,
    hides: [...hidden.values()].sort((a, b) => a.layer - b.layer),
    changes: changes.list(),
    changesOmitted: changes.omitted(),
  };
}

/** Keeps the largest changes; counts the rest. */
class BoundedChanges {
  private items: LayerChange[] = [];
  private total = zero();
  constructor(private readonly limit: number) {}
  push(c: LayerChange): void {
    add(this.total, c.size);
    this.items.push(c);
    if (this.items.length > this.limit * 4) this.trim();
  }
  list(): LayerChange[] { this.trim(); return this.items; }
  omitted(): ChangeTotals {
    this.trim();
    const kept = this.items.reduce((n, c) => n + c.size, 0);
    return { count: this.total.count - this.items.length, bytes: this.total.bytes - kept };
  }
  private trim(): void {
    this.items.sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
    if (this.items.length > this.limit) this.items.length = this.limit;
  }
}

const zero = (): ChangeTotals => ({ count: 0, bytes: 0 });
const add = (t: ChangeTotals, size: number) => { t.count++; t.bytes += size; };
const join = (dir: string, name: string) => (dir === '/' ? '' : dir) + '/' + name;
const parts = (path: string) => path.split('/').filter(Boolean);

function lookup(root: Node, path: string): Node | undefined {
  let node: Node | undefined = root;
  for (const name of parts(path)) {
    node = node.children?.get(name);
    if (!node) return undefined;
  }
  return node;
}

function ensure(root: Node, path: string): Node {
  let node = root;
  for (const name of parts(path)) {
    node.children ??= new Map();
    let child = node.children.get(name);
    if (!child) node.children.set(name, child = {});
    node = child;
  }
  return node;
}

function detach(root: Node, path: string): void {
  const names = parts(path);
  const parent = lookup(root, '/' + names.slice(0, -1).join('/'));
  parent?.children?.delete(names[names.length - 1]);
}

/** Every non-directory path at or under `node`, with its visible version. */
function filesUnder(path: string, node: Node): Array<[string, Version]> {
  const out: Array<[string, Version]> = [];
  const walk = (p: string, n: Node) => {
    if (n.children) { for (const [name, child] of n.children) walk(join(p, name), child); return; }
    if (n.version) out.push([p, n.version]);
  };
  walk(path, node);
  return out;
}
