// `.layerwise.json`: the CLI's equivalent of the `layerwise.*` VS Code settings.
import * as fs from 'fs';
import * as path from 'path';
import { LABEL_TYPES, LabelSchema, SeveritySetting, readLabelSchema } from '../analysis/types';
import { ruleCatalog, CATEGORIES } from './catalog';
import { UsageError, reason } from './errors';
import { displayPath } from './files';
import { PROFILES, Profile, isProfile } from '../rules/profiles';

export const CONFIG_NAME = '.layerwise.json';

export interface LintConfig {
  rules: Record<string, SeveritySetting>;
  baseImageLabelKeys?: string[];
  /** Required labels and their value types; replaces `.hadolint.yaml`'s label-schema when set. */
  labelSchema?: LabelSchema;
  /** Labels outside the schema are reported; wins over `.hadolint.yaml`'s strict-labels. */
  strictLabels?: boolean;
  /** Registries images may come from (untrusted-registry); unset: `.hadolint.yaml`'s trustedRegistries, else any. */
  trustedRegistries?: string[];
  syntaxChecks: boolean;
  /** `"profile"`: recommended (default), strict or hadolint (rules/profiles.ts). */
  profile?: Profile;
  /** Where it came from, for messages; undefined for the defaults. */
  file?: string;
}

const SEVERITIES: SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];
export const DEFAULT_CONFIG: LintConfig = { rules: {}, syntaxChecks: true };
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads and validates one config file; every problem names the file and the key. */
export function readConfig(absolute: string, warn: (message: string) => void): LintConfig {
  const file = displayPath(absolute);
  let text: string;
  try {
    // A config found in a repository is as untrusted as its Dockerfiles: no pipe, device or huge file.
    const stat = fs.statSync(absolute);
    if (!stat.isFile()) throw new UsageError(`Cannot read config file ${file}: it is not a regular file.`);
    if (stat.size > MAX_CONFIG_BYTES) throw new UsageError(`Cannot read config file ${file}: it is larger than ${MAX_CONFIG_BYTES / 1048576} MB.`);
    // Editors on Windows save JSON with a byte-order mark, which JSON.parse rejects.
    text = fs.readFileSync(absolute, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read config file ${file}: ${reason(error)}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Config file ${file} is not valid JSON${where(text, error)}: ${reason(error).replace(/ in JSON at position \d+.*$/, '')}.`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`Config file ${file} must contain a JSON object.`);
  const obj = raw as Record<string, unknown>;
  const config: LintConfig = { rules: {}, syntaxChecks: true, file: absolute };
  const known = new Set<string>([...ruleCatalog().map(r => r.id), ...CATEGORIES]);
  for (const key of Object.keys(obj)) {
    if (!['rules', 'profile', 'baseImageLabelKeys', 'trustedRegistries', 'syntaxChecks', 'labelSchema', 'strictLabels', '$schema'].includes(key)) {
      warn(`${file}: unknown key "${key}" ignored (known: rules, profile, baseImageLabelKeys, trustedRegistries, syntaxChecks, labelSchema, strictLabels).`);
    }
  }
  if (obj.rules !== undefined) {
    if (!obj.rules || typeof obj.rules !== 'object' || Array.isArray(obj.rules)) {
      throw new UsageError(`Config file ${file}: "rules" must be an object like { "multiple-cmd": "error" }.`);
    }
    for (const [id, value] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (!SEVERITIES.includes(value as SeveritySetting)) {
        throw new UsageError(`Config file ${file}: rules."${id}" is ${JSON.stringify(value)}; use one of ${SEVERITIES.join(', ')}.`);
      }
      if (!known.has(id)) warn(`${file}: "${id}" is not a rule id or category (see \`layerwise rules\`); it has no effect.`);
      config.rules[id] = value as SeveritySetting;
    }
  }
  if (obj.profile !== undefined) {
    if (!isProfile(obj.profile)) throw new UsageError(`Config file ${file}: "profile" is ${JSON.stringify(obj.profile)}; use one of ${PROFILES.join(', ')}.`);
    config.profile = obj.profile;
  }
  if (obj.baseImageLabelKeys !== undefined) {
    const keys = obj.baseImageLabelKeys;
    if (!Array.isArray(keys) || keys.some(k => typeof k !== 'string' || k === '')) {
      throw new UsageError(`Config file ${file}: "baseImageLabelKeys" must be a list of label keys, e.g. ["org.opencontainers.image.base.name"].`);
    }
    config.baseImageLabelKeys = keys as string[];
  }
  if (obj.labelSchema !== undefined) {
    const read = readLabelSchema(obj.labelSchema);
    if (!read.schema || read.bad.length) {
      throw new UsageError(`Config file ${file}: "labelSchema" must map label keys to one of ${LABEL_TYPES.join(', ')}, e.g. { "org.opencontainers.image.version": "semver" }${read.bad.length ? ` (not ${read.bad.join(', ')})` : ''}.`);
    }
    config.labelSchema = read.schema;
  }
  if (obj.strictLabels !== undefined) {
    if (typeof obj.strictLabels !== 'boolean') throw new UsageError(`Config file ${file}: "strictLabels" must be true or false.`);
    config.strictLabels = obj.strictLabels;
  }
  if (obj.trustedRegistries !== undefined) {
    const list = obj.trustedRegistries;
    if (!Array.isArray(list) || list.some(r => typeof r !== 'string' || !/^\S+$/.test(r))) {
      throw new UsageError(`Config file ${file}: "trustedRegistries" must be a list of registry host names, e.g. ["docker.io", "*.corp.example"].`);
    }
    config.trustedRegistries = list as string[];
  }
  if (obj.syntaxChecks !== undefined) {
    // The VS Code setting's words are accepted too, so one file can feed both; `auto` means on outside the editor.
    const v = obj.syntaxChecks;
    if (v === true || v === 'on' || v === 'auto') config.syntaxChecks = true;
    else if (v === false || v === 'off') config.syntaxChecks = false;
    else throw new UsageError(`Config file ${file}: "syntaxChecks" must be true or false.`);
  }
  return config;
}

/** ` at line 3, column 7` from JSON.parse's character offset, when it gives one. */
function where(text: string, error: unknown): string {
  const m = / at position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

/** Finds the nearest `.layerwise.json` at or above each directory; results are cached per directory. */
export class ConfigResolver {
  private readonly byDir = new Map<string, LintConfig>();
  constructor(private readonly warn: (message: string) => void, private readonly explicit?: string) {}

  forDirectory(dir: string): LintConfig {
    if (this.explicit) return this.load(path.resolve(this.explicit));
    const abs = path.resolve(dir);
    const cached = this.byDir.get(abs);
    if (cached) return cached;
    const candidate = path.join(abs, CONFIG_NAME);
    let config: LintConfig;
    if (isFile(candidate)) config = this.load(candidate);
    else {
      const parent = path.dirname(abs);
      config = parent === abs ? DEFAULT_CONFIG : this.forDirectory(parent);
    }
    this.byDir.set(abs, config);
    return config;
  }

  private readonly files = new Map<string, LintConfig>();
  private load(file: string): LintConfig {
    let c = this.files.get(file);
    if (!c) this.files.set(file, (c = readConfig(file, this.warn)));
    return c;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
