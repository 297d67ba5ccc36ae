// Build records on disk: one per-user folder shared by the extension and the CLI (LAYERWISE_RECORDS
// overrides it), one JSON file per Dockerfile + context + target + builder holding its last few builds,
// and a cap on the folder's total size. Secret-looking build args are kept as salted hashes only.
import { createHash, randomBytes } from 'crypto';
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BuildRecord, BuilderKind, Disposable } from './types';

/** Records written before cache prediction (no `format`) are read for the history views only. */
export const RECORD_FORMAT = 2;
const PER_KEY = 3;
const MAX_BYTES = 32 * 1024 * 1024;

export interface RecordKey { dockerfilePath: string; contextDir: string; target?: string; builder: BuilderKind }

export function recordKey(k: RecordKey): string {
  return JSON.stringify([path.resolve(k.dockerfilePath), path.resolve(k.contextDir), (k.target ?? '').toLowerCase(), k.builder]);
}

const keyOfRecord = (r: BuildRecord) => recordKey({ dockerfilePath: r.dockerfilePath, contextDir: r.contextDir ?? path.dirname(r.dockerfilePath), target: r.target, builder: r.builder });

/** `LAYERWISE_RECORDS`, else the platform's per-user cache folder + `layerwise/build-records`. */
export function defaultRecordsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAYERWISE_RECORDS) return path.resolve(env.LAYERWISE_RECORDS);
  const home = os.homedir();
  const base = process.platform === 'win32' ? (env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'))
    : process.platform === 'darwin' ? path.join(home, 'Library', 'Caches')
      : (env.XDG_CACHE_HOME || path.join(home, '.cache'));
  return path.join(base, 'layerwise', 'build-records');
}

interface KeyFile { format: number; key: string; records: BuildRecord[] }

export class BuildRecordStore {
  private readonly byKey = new Map<string, BuildRecord[]>();
  /** Keys whose file was written by an older Layerwise (no cache inputs). */
  private readonly legacy = new Set<string>();
  private readonly emitter = new EventEmitter();
  private writing: Promise<void> = Promise.resolve();
  private salt?: string;

  /** dir: where to persist (omit for memory only). */
  constructor(readonly dir?: string, private readonly limits: { perKey?: number; maxBytes?: number } = {}) {}

  /** Loads every key file; unreadable or foreign files are skipped (they just mean no records). */
  async load(): Promise<void> {
    if (!this.dir) return;
    let names: string[];
    try { names = await fs.promises.readdir(this.dir); } catch { return; }
    for (const name of names.filter(n => n.endsWith('.json'))) {
      const file = await this.readKeyFile(path.join(this.dir, name));
      if (file) this.byKey.set(file.key, file.records);
    }
  }

  /** Newest record of a Dockerfile, whatever its context, target or builder. */
  get(dockerfilePath: string): BuildRecord | undefined {
    const p = path.resolve(dockerfilePath);
    return this.newest(r => path.resolve(r.dockerfilePath) === p);
  }

  findByImage(imageId: string): BuildRecord | undefined {
    const id = imageId.startsWith('sha256:') ? imageId : 'sha256:' + imageId;
    return this.newest(r => r.imageId === id);
  }

  all(): BuildRecord[] { return [...this.byKey.values()].flat(); }

  /**
   * The records of one key, newest first, re-read from disk (the CLI may have built since), plus
   * whether the key's file came from an older format.
   */
  async recordsFor(key: RecordKey): Promise<{ records: BuildRecord[]; olderFormat: boolean }> {
    const k = recordKey(key);
    if (this.dir) {
      this.legacy.delete(k);
      const path = this.fileOf(k);
      const file = await this.readKeyFile(path);
      // A file that is there is the truth (another process may have written it); none yet keeps what we have.
      if (file) this.byKey.set(k, file.records); else if (fs.existsSync(path)) this.byKey.delete(k);
    }
    const records = this.byKey.get(k) ?? [];
    const current = records.filter(r => r.format === RECORD_FORMAT && Array.isArray(r.steps));
    return { records: current, olderFormat: current.length === 0 && (records.length > 0 || this.legacy.has(k)) };
  }

  async add(record: BuildRecord): Promise<void> {
    const k = keyOfRecord(record);
    // Another process (the CLI, another window) may have added records of this key since we loaded.
    const onDisk = this.dir ? (await this.readKeyFile(this.fileOf(k)))?.records : undefined;
    const list = [record, ...(onDisk ?? this.byKey.get(k) ?? [])].slice(0, this.limits.perKey ?? PER_KEY);
    this.byKey.set(k, list);
    this.legacy.delete(k);
    // Listeners re-read the folder: tell them once the file is written.
    try { await this.save(k, list); } finally { this.emitter.emit('change', record); }
  }

  onDidChange(listener: (record: BuildRecord) => void): Disposable {
    this.emitter.on('change', listener);
    return { dispose: () => this.emitter.off('change', listener) };
  }

  /** Build args as they may be stored: values of secret-looking names become a salted hash. */
  async storableArgs(args: Record<string, string>, isSecret: (name: string) => boolean): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(args)) {
      out[k] = isSecret(k) ? `salted-sha256:${createHash('sha256').update(await this.saltValue()).update('\0').update(v).digest('hex').slice(0, 32)}` : v;
    }
    return out;
  }

  private newest(test: (r: BuildRecord) => boolean): BuildRecord | undefined {
    let best: BuildRecord | undefined;
    for (const list of this.byKey.values()) for (const r of list) if (test(r) && (!best || r.time > best.time)) best = r;
    return best;
  }

  private fileOf(k: string): string {
    return path.join(this.dir!, createHash('sha256').update(k).digest('hex').slice(0, 32) + '.json');
  }

  private async readKeyFile(file: string): Promise<KeyFile | undefined> {
    let data: unknown;
    try { data = JSON.parse(await fs.promises.readFile(file, 'utf8')); } catch { return undefined; }
    const f = data as Partial<KeyFile>;
    if (!f || typeof f.key !== 'string' || !Array.isArray(f.records)) return undefined;
    const records = f.records.filter((r): r is BuildRecord => !!r && typeof r.dockerfilePath === 'string' && typeof r.imageId === 'string' && Array.isArray(r.layers));
    if (f.format !== RECORD_FORMAT) this.legacy.add(f.key);
    return { format: f.format ?? 0, key: f.key, records };
  }

  /** Per-user random salt, so equal secrets compare equal without being guessable from the file. */
  private async saltValue(): Promise<string> {
    if (this.salt) return this.salt;
    if (!this.dir) return (this.salt = randomBytes(32).toString('hex'));
    const file = path.join(this.dir, 'salt');
    try {
      this.salt = (await fs.promises.readFile(file, 'utf8')).trim();
      if (this.salt.length >= 32) return this.salt;
    } catch { /* first use */ }
    await fs.promises.mkdir(this.dir, { recursive: true });
    const fresh = randomBytes(32).toString('hex');
    try {
      await fs.promises.writeFile(file, fresh, { flag: 'wx', mode: 0o600 });
      this.salt = fresh;
    } catch {
      // Another process (CLI and extension) made it first: use theirs.
      this.salt = (await fs.promises.readFile(file, 'utf8')).trim();
    }
    return this.salt;
  }

  private save(k: string, records: BuildRecord[]): Promise<void> {
    const dir = this.dir;
    if (!dir) return Promise.resolve();
    // Serialise writes; temp file + rename so a crash never leaves half a JSON file.
    this.writing = this.writing.catch(() => undefined).then(async () => {
      await fs.promises.mkdir(dir, { recursive: true });
      const file = this.fileOf(k);
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await fs.promises.writeFile(tmp, JSON.stringify({ format: RECORD_FORMAT, key: k, records } satisfies KeyFile));
      await fs.promises.rename(tmp, file);
      await this.enforceCap(dir, file);
    });
    return this.writing;
  }

  /** Removes the least recently written key files until the folder fits the size cap (never the one just written). */
  private async enforceCap(dir: string, keep: string): Promise<void> {
    const max = this.limits.maxBytes ?? MAX_BYTES;
    const files = [];
    let total = 0;
    for (const name of await fs.promises.readdir(dir)) {
      if (!name.endsWith('.json')) continue;
      const st = await fs.promises.stat(path.join(dir, name)).catch(() => undefined);
      if (!st) continue;
      total += st.size;
      files.push({ file: path.join(dir, name), size: st.size, mtime: st.mtimeMs });
    }
    for (const f of files.sort((a, b) => a.mtime - b.mtime)) {
      if (total <= max) break;
      if (f.file === keep) continue;
      await fs.promises.unlink(f.file).catch(() => undefined);
      total -= f.size;
      for (const [k] of this.byKey) if (this.fileOf(k) === f.file) this.byKey.delete(k);
    }
  }
}
