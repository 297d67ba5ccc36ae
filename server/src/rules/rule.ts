// What every rule declares. One rule per file; the family index lists them.
// How to write one (scope, what a stage rule may read): docs/architecture.md, "Writing a rule".
import { DockerfileModel, Stage } from '../analysis/model';
import { Category, Finding, LabelSchema, Severity } from '../analysis/types';

/**
 * The rule pages ship inside the extension and the npm package (docs/rules/), and the project has no
 * public address: findings link to this location-independent URI, which the extension opens as a
 * Markdown preview of its own copy and the CLI turns into the page's path in the installed package.
 */
export const DOCS_BASE = 'layerwise-docs:/rules/';

export interface RuleContext {
  /** Label keys that record the base image; the first is preferred in fixes. */
  baseImageLabelKeys: string[];
  /** Files at the top of the build context, when the caller knows them. */
  contextFiles?: string[];
  /** Text of a small file in the build context (path relative to it), when the caller can read it; undefined if not. */
  readContextFile?: (relativePath: string) => string | undefined;
  /** Required labels and their value types (`.hadolint.yaml` label-schema, `layerwise.labelSchema`); undefined when none is configured. */
  labelSchema?: LabelSchema;
  /** Labels outside `labelSchema` are reported (`strict-labels`). */
  strictLabels?: boolean;
  /** Registries images may come from (`*.corp.example`, `ghcr.io`); empty or undefined: any (untrusted-registry is silent). */
  trustedRegistries?: string[];
  /** The Dockerfile's own file name (`api.Dockerfile`), when it is a file: BuildKit reads `<name>.dockerignore` first. */
  dockerfileName?: string;
  /**
   * What a Docker Engine told the caller about a base image (the reference as the stage's root
   * expands to), or undefined when no engine was asked or it does not have the image. Rules that
   * need it (invalid-base-image-platform, undefined-var's image ENV) are silent without it.
   */
  baseImage?: (reference: string) => BaseImageFacts | undefined;
  /** The platform the engine builds for by default (its own), when the caller asked it. */
  enginePlatform?: { os: string; architecture: string; variant?: string };
}

/** A base image's platform and ENV as the engine reports them (plain data, from `docker image inspect`). */
export interface BaseImageFacts {
  os: string;
  architecture: string;
  variant?: string;
  /** `NAME=value` entries of the image config's Env. */
  env: string[];
}

/** A finding as a rule returns it; analyze() adds the rule id and the effective severity. */
export type RuleFinding = Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity };

interface RuleInfo {
  /** Stable, readable id (`copy-before-install`); also the doc page name. */
  id: string;
  category: Category;
  severity: Severity;
  /** One line for the rule list and the CLI. */
  title: string;
  /** The same check in other tools, for people migrating. */
  equivalents?: { hadolint?: string[]; buildkit?: string[] };
  /** Two or three sentences on why it matters, shown on hover and in the CLI's SARIF help. */
  explanation?: string;
  /**
   * On in the default `recommended` profile (at `severity`)? Default true. Style-only checks that
   * point at no build or runtime cost say false: they are on in `strict` (at `severity`) only.
   */
  recommended?: boolean;
  /**
   * The severity hadolint gives its equivalent (hadolint's info → 'info', style → 'hint'), used by
   * the `hadolint` profile; rules without a hadolint equivalent are off in that profile.
   */
  hadolintSeverity?: Severity;
  /**
   * Reads RUN commands as POSIX shell: silent for a RUN that a non-POSIX shell runs (`# hadolint
   * shell=pwsh`, `SHELL ["powershell", …]`, a Windows base image), see analysis/pragmas/hadolintShell.ts.
   */
  readsShell?: boolean;
}

/**
 * The file as one stage sees it (same shape as the whole-file model, so the shared helpers in
 * edits.ts take either). Only these parts are filled in; reading anything else is a bug the
 * equivalence tests catch, because results are cached by exactly these inputs:
 * - `lines`/`text`: only the stage's own lines (from the line after the previous instruction to
 *   its last instruction; the last stage runs to the end of the file);
 * - `stages[i]`: this stage, its `FROM <stage>` chain and the stages it `COPY --from`s; every
 *   other index is undefined (it is not an array: `length` is the stage count, no iteration);
 * - `instructions[i]`: this stage's, the one just before its FROM and the file's first;
 * - `globalArgs`, `eol`, `escapeChar`;
 * - `ships`: the one fact about the other stages a stage rule may use.
 * A stage's place is not an input: its result moves with it when stages are added above it. A
 * finding may name a stage by number (`stage.index`) only for a stage without a name or whose
 * parent has none, the stages whose key holds their index (stageScope.ts `numbered`).
 */
export interface StageView extends DockerfileModel {
  /** The stage can be shipped: it is the last one, or no other stage builds on, copies or mounts it. */
  ships: boolean;
}

/** Most rules: they look at one stage (and what reaches it), so an edit re-runs them for that stage only. */
export interface StageRule extends RuleInfo {
  scope: 'stage';
  checkStage(stage: Stage, model: StageView, ctx: RuleContext): RuleFinding[];
}

/** The exception: a rule that must see every stage at once, and says why. Re-runs on every edit. */
export interface FileRule extends RuleInfo {
  scope: 'file';
  /** Why a per-stage view is not enough (for rule authors and reviewers). */
  fileScopeReason: string;
  check(model: DockerfileModel, ctx: RuleContext): RuleFinding[];
}

export type Rule = StageRule | FileRule;

export function docUrl(ruleId: string): string {
  return DOCS_BASE + ruleId + '.md';
}
