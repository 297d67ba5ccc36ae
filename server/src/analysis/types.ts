// Plain data types shared by the analysis core, the rules, the LSP server and the CLI.
// Positions are zero-based like LSP, so the server passes them through unchanged.

import type { DockerfileModel } from './model';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
export interface TextEdit { range: Range; newText: string }

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export type Category =
  | 'cache' | 'base-image-label' | 'run-vs-cmd' | 'multi-stage'
  | 'syntax' | 'best-practice' | 'security';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix VS Code applies with "Auto Fix" / Ctrl+. first. */
  isPreferred?: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes?: Fix[];
  /** 'unnecessary' renders faded in VS Code (e.g. a CMD that a later CMD overrides). */
  tags?: Array<'unnecessary' | 'deprecated'>;
  /** Other places that explain the finding (e.g. the install step a COPY invalidates). */
  related?: Array<{ range: Range; message: string }>;
  /**
   * What hadolint gives this finding, when one rule covers several hadolint checks of different
   * severities (multiple-cmd: DL4003 CMD warning, DL4004 ENTRYPOINT and DL3012 HEALTHCHECK error).
   * Read by the `hadolint` profile only; not part of the output.
   */
  hadolintSeverity?: Severity;
}

/** Inputs a rule may use besides the text; callers (LSP, CLI, tests) fill them in. */
export interface AnalysisOptions {
  /** Label keys that record the base image, first one preferred in quick fixes. */
  baseImageLabelKeys?: string[];
  /** Files present at the top of the build context (names relative to it), when known. */
  contextFiles?: string[];
  /** Reads a small file of the build context (relative path), when known: rules that check a copied config use it. */
  readContextFile?: (relativePath: string) => string | undefined;
  /** Required labels and the type of their values (`label-schema` of `.hadolint.yaml`, `layerwise.labelSchema`). */
  labelSchema?: LabelSchema;
  /** Only the labels of `labelSchema` are allowed (`strict-labels`). */
  strictLabels?: boolean;
  /** Registries images may be pulled from (`layerwise.trustedRegistries`, `.hadolint.yaml` trustedRegistries); unset: any. */
  trustedRegistries?: string[];
  /** The Dockerfile's file name, when it is a file (CopyIgnoredFile reads `<name>.dockerignore` before `.dockerignore`). */
  dockerfileName?: string;
  /**
   * Base images the engine knows, by reference as written after ARG expansion (`node:20`):
   * platform and ENV. Filled in by a caller that asked an engine (`layerwise lint --engine`); rules
   * that need it are silent for images not listed.
   */
  baseImages?: Record<string, { os: string; architecture: string; variant?: string; env: string[] }>;
  /** The engine's platform (the default build target), from the same caller as `baseImages`. */
  enginePlatform?: { os: string; architecture: string; variant?: string };
  /** Which rules run at which severity before per-rule and per-category settings (see rules/profiles.ts). */
  profile?: 'recommended' | 'strict' | 'hadolint';
  /** Per-rule severity overrides (`layerwise.rules`). */
  rules?: Record<string, SeveritySetting>;
  /** Run Docker's syntax checks (dockerfile-utils). */
  syntaxChecks?: boolean;
  /** The previous version's model of the same document: unchanged chunks are not parsed again. */
  previous?: DockerfileModel;
  /** Add the "Suppress …" fixes to every finding (default). The LSP server builds them on request instead. */
  suppressionFixes?: boolean;
  /** Called once per rule that throws; the other rules still report. */
  onRuleError?: (ruleId: string, error: unknown) => void;
  /** Larger files are not analysed: one `file-too-large` information finding says so (default 2 MiB, see limits.ts). */
  maxBytes?: number;
  /** A file with a larger single instruction is not analysed either (default 128 KiB). */
  maxInstructionBytes?: number;
  /** Setting names the `file-too-large` message points to, e.g. `layerwise.maxFileSize`. */
  limitSettingNames?: { maxBytes?: string; maxInstructionBytes?: string };
}

/** hadolint's label value types (`label-schema`). */
export const LABEL_TYPES = ['text', 'url', 'semver', 'hash', 'rfc3339', 'spdx', 'email'] as const;
export type LabelType = typeof LABEL_TYPES[number];
export type LabelSchema = Record<string, LabelType>;

/** A schema as read from a setting or a config file: the entries whose type is not one of LABEL_TYPES are returned apart. */
export function readLabelSchema(raw: unknown): { schema?: LabelSchema; bad: string[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { bad: raw === undefined || raw === null ? [] : ['(not a mapping)'] };
  const schema: LabelSchema = {};
  const bad: string[] = [];
  for (const [key, type] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof type === 'string' && (LABEL_TYPES as readonly string[]).includes(type)) schema[key] = type as LabelType;
    else bad.push(`${key}: ${JSON.stringify(type)}`);
  }
  return { schema, bad };
}

export const DEFAULT_BASE_IMAGE_LABEL_KEYS = ['org.opencontainers.image.base.name', 'base_image'];
