// The settings each input's directory gives: the nearest `.layerwise.json` and `.hadolint.yaml`,
// looked up once per directory (parents included), on the main thread before any file is linted, so a
// broken config stops the run before a report is written. Files sharing the same configs share one
// settings entry: the worker threads get the table once and each file only its index.
import * as fs from 'fs';
import * as path from 'path';
import { Severity } from '../analysis/types';
import { ConfigResolver, LintConfig } from './config';
import { HadolintConfigCache, HadolintSettings } from '../hadolintConfig';
import { Profile } from '../rules/profiles';
import { EngineFacts } from './engineFacts';
import { FileSettings } from './lintFile';
import { displayPath } from './files';

const HADOLINT_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

export interface DirectorySettings {
  /** Index into `table`. */
  index: number;
  /** The lowest severity that fails the run (`.hadolint.yaml` failure-threshold, else error). */
  threshold: Severity | 'none';
}

export class SettingsResolver {
  readonly table: FileSettings[] = [];
  private readonly byDir = new Map<string, DirectorySettings>();
  private readonly byPair = new Map<LintConfig, Map<HadolintSettings | undefined, number>>();
  private readonly configs: ConfigResolver;
  private readonly hadolintConfigs = new HadolintConfigCache(Infinity);
  private readonly hadolintByDir = new Map<string, HadolintSettings | undefined>();
  private readonly hadolintReported = new Set<string>();

  constructor(
    private readonly warn: (message: string) => void, private readonly cwd: string, explicitConfig: string | undefined,
    private readonly profile: Profile | undefined, private readonly facts: EngineFacts,
  ) {
    this.configs = new ConfigResolver(warn, explicitConfig);
  }

  forDirectory(dir: string): DirectorySettings {
    const known = this.byDir.get(dir);
    if (known) return known;
    const config = this.configs.forDirectory(dir);
    const hadolint = this.hadolintFor(path.resolve(dir));
    if (hadolint?.problem && !this.hadolintReported.has(hadolint.file)) {
      this.hadolintReported.add(hadolint.file);
      this.warn(hadolint.problem.split(hadolint.file).join(displayPath(hadolint.file, this.cwd)));
    }
    let forConfig = this.byPair.get(config);
    if (!forConfig) this.byPair.set(config, (forConfig = new Map()));
    let index = forConfig.get(hadolint);
    if (index === undefined) {
      index = this.table.push(this.settingsOf(withHadolint(config, hadolint))) - 1;
      forConfig.set(hadolint, index);
    }
    const settings = { index, threshold: hadolint?.failureThreshold ?? 'error' };
    this.byDir.set(dir, settings);
    return settings;
  }

  /** The nearest `.hadolint.yaml` at or above `dir` (else the user's own), each directory looked at once. */
  private hadolintFor(dir: string): HadolintSettings | undefined {
    if (this.hadolintByDir.has(dir)) return this.hadolintByDir.get(dir);
    const parent = path.dirname(dir);
    // The cache's own walk starts here when this directory has one (or is the root: then the user's file).
    const found = parent === dir || HADOLINT_NAMES.some(n => isFile(path.join(dir, n)))
      ? this.hadolintConfigs.forDirectory(dir)
      : this.hadolintFor(parent);
    this.hadolintByDir.set(dir, found);
    return found;
  }

  private settingsOf(config: LintConfig): FileSettings {
    return {
      rules: config.rules,
      profile: this.profile ?? config.profile,
      baseImageLabelKeys: config.baseImageLabelKeys,
      labelSchema: config.labelSchema,
      strictLabels: config.strictLabels,
      trustedRegistries: config.trustedRegistries,
      syntaxChecks: config.syntaxChecks,
      ...this.facts,
    };
  }
}

/** `.hadolint.yaml`'s ignored/override sit beneath `.layerwise.json`'s own rule settings. */
function withHadolint(config: LintConfig, hadolint: HadolintSettings | undefined): LintConfig {
  if (!hadolint || hadolint.problem) return config;
  return {
    ...config, rules: { ...hadolint.rules, ...config.rules }, trustedRegistries: config.trustedRegistries ?? hadolint.trustedRegistries,
    labelSchema: config.labelSchema ?? hadolint.labelSchema, strictLabels: config.strictLabels ?? hadolint.strictLabels,
  };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
