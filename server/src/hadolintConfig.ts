// `.hadolint.yaml` / `.hadolint.yml`, read so a team switching from hadolint keeps its config:
// the nearest one at or above the Dockerfile's folder, else the user's own. `ignored` and
// `override` reach our rules through their `equivalents`; settings of our own still win.
// Shared by the CLI and the language server (no LSP imports); files are re-read only when their
// modification time changes.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LineCounter, parseDocument } from 'yaml';
import { LABEL_TYPES, LabelSchema, Severity, SeveritySetting, readLabelSchema } from './analysis/types';
import { rulesForHadolintCode } from './analysis/pragmas/hadolint';

export interface HadolintSettings {
  file: string;
  /** Our rule ids → severity, from `ignored` (off) and `override`. */
  rules: Record<string, SeveritySetting>;
  /** Lowest severity that makes the CLI exit 1 (`none`: never). */
  failureThreshold?: Severity | 'none';
  trustedRegistries?: string[];
  labelSchema?: LabelSchema;
  strictLabels?: boolean;
  /** Set when the file could not be used; linting goes on with the defaults. */
  problem?: string;
}

const NAMES = ['.hadolint.yaml', '.hadolint.yml'];
const MAX_BYTES = 256 * 1024;
/** hadolint's severity words → ours (`style` is the quietest, like our hint). */
const LEVELS: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };

/** Parses one config's text; every problem names the file and, when known, the line. */
export function parseHadolintConfig(text: string, file: string): HadolintSettings {
  const out: HadolintSettings = { file, rules: {} };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = lines.linePos(e.pos[0]);
    return { file, rules: {}, problem: `${file} line ${at.line}: ${e.message.split('\n')[0]}; it is ignored and the defaults apply.` };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) return out;
  const lineOf = (key: string) => {
    const node = (doc.contents as { items?: Array<{ key?: { value?: unknown; range?: [number] } }> } | null)?.items?.find(i => i.key?.value === key);
    return node?.key?.range ? ` line ${lines.linePos(node.key.range[0]).line}` : '';
  };
  const bad = (key: string, want: string) => ({ file, rules: {}, problem: `${file}${lineOf(key)}: "${key}" must be ${want}; the file is ignored and the defaults apply.` });
  if (typeof raw !== 'object' || Array.isArray(raw)) return { file, rules: {}, problem: `${file} line 1: expected a mapping of settings (ignored:, override:, …); it is ignored and the defaults apply.` };
  const obj = raw as Record<string, unknown>;
  const codes = (v: unknown) => Array.isArray(v) && v.every(c => typeof c === 'string') ? v as string[] : undefined;
  if (obj.ignored !== undefined) {
    const list = codes(obj.ignored);
    if (!list) return bad('ignored', 'a list of rule codes like [DL3008, DL3015]');
    for (const code of list) for (const id of rulesForHadolintCode(code)) out.rules[id] = 'off';
  }
  if (obj.override !== undefined) {
    if (!obj.override || typeof obj.override !== 'object' || Array.isArray(obj.override)) return bad('override', 'a mapping like { error: [DL3008] }');
    for (const [level, value] of Object.entries(obj.override as Record<string, unknown>)) {
      const list = codes(value);
      if (!LEVELS[level] || !list) return bad('override', 'a mapping of error/warning/info/style to lists of rule codes');
      // `ignored` wins over an override, as in hadolint.
      for (const code of list) for (const id of rulesForHadolintCode(code)) if (out.rules[id] !== 'off') out.rules[id] = LEVELS[level];
    }
  }
  const threshold = obj['failure-threshold'];
  if (threshold !== undefined) {
    if (threshold === 'none' || threshold === 'ignore') out.failureThreshold = 'none';
    else if (typeof threshold === 'string' && LEVELS[threshold]) out.failureThreshold = LEVELS[threshold];
    else return bad('failure-threshold', 'one of error, warning, info, style, ignore, none');
  }
  if (obj.trustedRegistries !== undefined) {
    const list = codes(obj.trustedRegistries);
    if (!list) return bad('trustedRegistries', 'a list of registry host names');
    out.trustedRegistries = list;
  }
  const schema = obj['label-schema'];
  if (schema !== undefined) {
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return bad('label-schema', 'a mapping of label names to types (text, url, …)');
    const read = readLabelSchema(schema);
    if (read.bad.length) return bad('label-schema', `a mapping of label names to one of ${LABEL_TYPES.join(', ')} (not ${read.bad.join(', ')})`);
    out.labelSchema = read.schema;
  }
  if (obj['strict-labels'] !== undefined) {
    if (typeof obj['strict-labels'] !== 'boolean') return bad('strict-labels', 'true or false');
    out.strictLabels = obj['strict-labels'];
  }
  return out;
}

/** The user's own config files, in hadolint's order of preference. */
export function userConfigCandidates(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string[] {
  const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return [path.join(xdg, 'hadolint.yaml'), path.join(home, '.config', 'hadolint.yaml'), path.join(home, '.hadolint.yaml')];
}

/** Finds and reads `.hadolint.yaml` for a folder; re-reads a file only when its mtime or size changes. */
export class HadolintConfigCache {
  private readonly files = new Map<string, { stamp: string; settings: HadolintSettings }>();
  private readonly dirs = new Map<string, { at: number; settings: HadolintSettings | undefined }>();
  /** ttlMs: how long a folder's answer is reused before the files are looked up (stat'ed) again. */
  constructor(private readonly ttlMs = 2000, private readonly userCandidates: string[] = userConfigCandidates()) {}

  forDirectory(dir: string, now = Date.now()): HadolintSettings | undefined {
    const hit = this.dirs.get(dir);
    if (hit && now - hit.at < this.ttlMs) return hit.settings;
    const settings = this.lookUp(dir);
    this.dirs.set(dir, { at: now, settings });
    if (this.dirs.size > 256) this.dirs.delete(this.dirs.keys().next().value as string);
    return settings;
  }

  private lookUp(dir: string): HadolintSettings | undefined {
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
      for (const name of NAMES) {
        const found = this.read(path.join(d, name));
        if (found) return found;
      }
      if (path.dirname(d) === d) break;
    }
    for (const file of this.userCandidates) {
      const found = this.read(file);
      if (found) return found;
    }
    return undefined;
  }

  private read(file: string): HadolintSettings | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const stamp = `${stat.mtimeMs}:${stat.size}`;
    const cached = this.files.get(file);
    if (cached?.stamp === stamp) return cached.settings;
    let settings: HadolintSettings;
    if (stat.size > MAX_BYTES) settings = { file, rules: {}, problem: `${file} is larger than ${MAX_BYTES / 1024} KiB; it is ignored and the defaults apply.` };
    else {
      try {
        settings = parseHadolintConfig(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file);
      } catch (error) {
        settings = { file, rules: {}, problem: `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}; the defaults apply.` };
      }
    }
    this.files.set(file, { stamp, settings });
    return settings;
  }
}
