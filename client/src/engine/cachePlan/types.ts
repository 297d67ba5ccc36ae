// Plain data of cache prediction: what a step took (recorded by a build) and what the next build will do.

/**
 * The build context as the builder sees it after `.dockerignore`: context-relative path → a short
 * signature of what the cache key reads from it (`f644:<content hash>`, `d755`, `l:<link target>`).
 * Modification times and host ownership are not in it: neither builder's key reads them (docs/cache-prediction.md).
 */
export type ContextSnapshot = ReadonlyMap<string, string>;

/** Signature of a file that could not be read: never equal to a real one, so never "cached". */
export const UNREADABLE = '!unreadable';

/**
 * One cacheable step as the builder keys it. `parts` are the pieces of its cache key, each hashed
 * (`command`, `env:NAME`, `arg:NAME`, `user`, `workdir`, `shell`, `flags`, `base`, `from`…); `chain`
 * hashes them with the previous step's chain, so equal chains mean the builder finds this step cached.
 */
export interface StepKey {
  /** 0-based first line of the instruction. */
  line: number;
  keyword: string;
  /** The instruction on one line, build-arg values expanded where the builder expands them, secrets masked. */
  instruction: string;
  /** Stage index in the Dockerfile. */
  stage: number;
  /** Stage name, or `stage-N`. */
  stageName: string;
  /** The stage this one is built FROM, when it is a stage. */
  parentStage?: number;
  /** Position among the stage's cacheable steps (0-based). */
  ordinal: number;
  parts: Record<string, string>;
  /** Context inputs of COPY/ADD: path → signature (see ContextSnapshot); omitted when too many to keep. */
  files?: Record<string, string>;
  /** Hash over all context inputs (always present for COPY/ADD from the context). */
  filesHash?: string;
  /** Number of context inputs. */
  fileCount?: number;
  /** COPY --from / RUN --mount from= an earlier stage: its index. */
  fromStages?: number[];
  /** ADD of a URL or git repository: fetched by the engine on every build. */
  remote?: string;
  /** RUN --mount=type=cache: the cache directory survives reruns. */
  cacheMount?: boolean;
  /** First step of a stage that starts from an image: the image reference and its resolved id. */
  base?: { ref: string; id?: string };
  chain: string;
}

export interface StepRecord extends StepKey {
  /** What the engine reported for this step. */
  cached: boolean;
  durationMs?: number;
}

export type { BuilderKind } from '../types';
import type { BuilderKind } from '../types';

export interface PlannedStep {
  line: number;
  keyword: string;
  instruction: string;
  stageName: string;
  cached: boolean;
  /** Why it reruns (or a note on a cached step); the first reason only. */
  reason: string;
  /** For a rerun caused by an earlier step: the chain back to the first cause, as 0-based lines. */
  because?: number[];
  /** Duration of the same step in the last build. */
  lastDurationMs?: number;
}

export interface Plan {
  builder: BuilderKind;
  steps: PlannedStep[];
  /** Set when there is nothing to compare with (no earlier build, an older record format…). */
  notice?: string;
  /** Problems that make some steps uncertain (unreadable files…); those steps are never "cached". */
  problems: string[];
  rerun: number;
  /** Sum of the last build's step times of the steps that rerun (steps never timed count 0). */
  estimatedMs: number;
}
