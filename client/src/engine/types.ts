import type { StepRecord } from './cachePlan/types';

// Plain data types shared by the engine layer and its callers (commands, views, benchmarks).
// No `vscode` import here or anywhere under engine/: this layer runs in plain Node too.

/** Same shape as vscode.Disposable, so callers can push these into context.subscriptions. */
export interface Disposable { dispose(): void }

// ---- connection -------------------------------------------------------------------------------

export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'context' | 'default' | 'podman';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** DOCKER_TLS_VERIFY set: verify the server certificate against `ca`. */
  verify: boolean;
}

export interface Endpoint {
  /** `unix:///var/run/docker.sock`, `tcp://host:2376`, `npipe:////./pipe/docker_engine`. */
  url: string;
  source: EndpointSource;
  /** Human-readable source: "setting", "DOCKER_HOST", "context 'colima'", "default", "Podman". */
  sourceLabel: string;
  contextName?: string;
  tls?: TlsMaterial;
  /** Why this endpoint cannot be used (e.g. a context that does not exist); the engine reports it as is. */
  error?: string;
}

export interface ResolveEndpointOptions {
  /** Value of the `layerwise.docker.host` setting or `--host` ('' or undefined = not set). */
  host?: string;
  /** Where `host` came from, for messages; default "setting". */
  hostLabel?: string;
  /** A Docker context by name (`layerwise.docker.context` or `--context`); wins over DOCKER_HOST, like the CLI's --context. */
  context?: string;
  /** Where `context` came from, for messages ("--context"); default "context". */
  contextLabel?: string;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to os.homedir(); the Docker config lives in `<home>/.docker` unless DOCKER_CONFIG is set. */
  homeDir?: string;
}

export type EngineState = 'unknown' | 'reachable' | 'unreachable';

export interface EngineInfo {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
  /** The engine can run BuildKit builds through the API (API ≥ 1.39 on Linux, not Podman). */
  buildkit: boolean;
  /** Docker Engine, or Podman's Docker-compatible API. */
  product?: 'docker' | 'podman';
}

export interface EngineOptions extends ResolveEndpointOptions {
  /** Ping timeout for check(); default 5000 ms. */
  timeoutMs?: number;
  /** Automatic re-check while unreachable; false turns it off. Defaults 1000 → 30000 ms. */
  recovery?: false | { initialDelayMs?: number; maxDelayMs?: number };
}

export type EngineErrorKind = 'not-found' | 'refused' | 'permission' | 'timeout' | 'too-old' | 'tls' | 'other';

// ---- build context ----------------------------------------------------------------------------

export interface ContextStats {
  files: number;
  bytes: number;
  hasDockerignore: boolean;
  /** More than 50 MB or 5,000 files were sent and there is no .dockerignore. */
  largeWithoutDockerignore: boolean;
  /** Set once the whole context has been streamed. */
  done: boolean;
  /** Only the paths the Dockerfile copies were sent (see contextPaths.ts). */
  narrowed?: boolean;
}

export interface BuildContextOptions {
  contextDir: string;
  dockerfilePath: string;
  /** Called as files are packed (throttled by the caller if needed). */
  onStats?(stats: ContextStats): void;
  /** Send only these context-relative paths (files, or folders recursively), the Dockerfile and .dockerignore. */
  only?: string[];
}

// ---- build ------------------------------------------------------------------------------------

export type BuilderSetting = 'auto' | 'classic' | 'buildkit';
export type BuilderKind = 'classic' | 'buildkit';

export interface BuildProgress {
  /** 1-based step number within `total`; 0 when the builder does not number the step. */
  step: number;
  total: number;
  /** `RUN npm ci` (classic) or the BuildKit vertex name `[stage-1 3/5] RUN npm ci`. */
  text: string;
  stage?: string;
  /** 0-based Dockerfile line of the step's instruction, when known. */
  line?: number;
  /** BuildKit: the vertex finished (completed) or was served from cache. */
  completed?: boolean;
  cached?: boolean;
}

export interface BuildOptions {
  dockerfilePath: string;
  contextDir: string;
  tag?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  builder?: BuilderSetting;
  noCache?: boolean;
  /** Build secrets (`RUN --mount=type=secret,id=X`): id → a file or an environment variable; BuildKit only. */
  secrets?: Record<string, { file?: string; env?: string; value?: string }>;
  /** SSH agents for `RUN --mount=type=ssh[,id=X]`: id → agent socket path (`default` for mounts without id). */
  ssh?: Record<string, string>;
  /** Where relative secret file paths start (default: contextDir). */
  secretsBaseDir?: string;
  /** Where the builder's registry credentials come from (BuildKit session): default ~/.docker or DOCKER_CONFIG. */
  dockerConfig?: import('./credentials').DockerConfigLocation;
  signal?: AbortSignal;
  /** Build log text, secrets masked. */
  onOutput?(text: string): void;
  onProgress?(progress: BuildProgress): void;
  onContext?(stats: ContextStats): void;
  /** Where the build record goes (the record is written there on success); omit to only return it. */
  records?: import('./recordStore').BuildRecordStore;
  /** Re-used context hashes (the editor's, kept fresh by its file watcher); a fresh one by default. */
  contextHasher?: import('./cachePlan/contextHasher').ContextHasher;
}

export interface BuildError {
  message: string;
  /** build: the Dockerfile failed (a step, a missing file…); input: our inputs were unusable; engine: the engine could not be used. */
  kind?: 'build' | 'input' | 'engine';
  /** 0-based Dockerfile line of the failing instruction, when it could be mapped. */
  line?: number;
}

/** One step as the engine reported it: cached or run, and how long it took. */
export interface StepReport {
  /** 0-based Dockerfile line. */
  line: number;
  instruction: string;
  cached: boolean;
  durationMs: number;
}

export interface BuildResult {
  ok: boolean;
  /** Steps in the order the engine reported them (BuildKit: metadata-only instructions are not steps). */
  steps?: StepReport[];
  imageId?: string;
  error?: BuildError;
  cancelled?: boolean;
  durationMs: number;
  builder: BuilderKind;
  context?: ContextStats;
  record?: BuildRecord;
  /** Why the record is incomplete or was not saved (the build itself succeeded). */
  recordProblem?: string;
}

// ---- records ----------------------------------------------------------------------------------

export interface LayerRecord {
  /** 0-based line of the Dockerfile instruction that made this layer. */
  line: number;
  instruction: string;
  /** Image/layer id from history(); absent for BuildKit's `<missing>`. */
  layerId?: string;
  size: number;
  createdBy: string;
  /** Metadata-only step (ENV, LABEL, CMD, …): no filesystem change. */
  empty: boolean;
}

export interface BuildRecord {
  /** RECORD_FORMAT when the record carries cache inputs (`steps`); older records have none. */
  format?: number;
  dockerfilePath: string;
  /** Build context folder (absolute). */
  contextDir?: string;
  target?: string;
  /** --build-arg values; secret-looking names hold a salted hash, never the value. */
  buildArgs?: Record<string, string>;
  /** Every step the build ran, in build order, with its cache key inputs and what the engine reported. */
  steps?: StepRecord[];
  imageId: string;
  tag?: string;
  /** ISO 8601 time the build finished. */
  time: string;
  builder: BuilderKind;
  /** Top (last instruction) first, like history(). Only the final stage's own instructions. */
  layers: LayerRecord[];
}

// ---- images -----------------------------------------------------------------------------------

export interface ContainerRef { id: string; name: string; state: string }

export interface ImageItem {
  id: string;
  /** `repo` part of the tags; '<none>' for dangling. */
  repository: string;
  /** Tags within `repository` (`1.2`, `latest`). */
  tags: string[];
  /** Full `repo:tag` references. */
  repoTags: string[];
  size: number;
  created: Date;
  dangling: boolean;
  containers: ContainerRef[];
  /** Bytes shared with other images (from /system/df; undefined when the engine did not say). */
  sharedSize?: number;
  /** An untagged parent of another image (a classic build step, `docker images -a`). */
  intermediate?: boolean;
}

export interface ImageGroup { repository: string; images: ImageItem[] }

export interface UsageRow { count: number; active: number; totalSize: number; reclaimable: number }

export interface DiskUsage { images: UsageRow; containers: UsageRow; volumes: UsageRow; buildCache: UsageRow }

export interface PrunePreview { all: boolean; images: ImageItem[]; count: number; bytes: number }

export interface PruneResult { deleted: string[]; spaceReclaimed: number }

/** What removing one image reference did: a tag can go while the image stays. */
export interface RemoveImageResult { untagged: string[]; deleted: string[] }

// ---- history ----------------------------------------------------------------------------------

export interface HistoryLayer {
  /** Layer image id, or '<missing>'. */
  id: string;
  /** True for '<missing>': the layer was built elsewhere (pulled/BuildKit), so no local image id exists. */
  missing: boolean;
  /** createdBy without the `/bin/sh -c #(nop) ` noise. */
  createdBy: string;
  size: number;
  created: Date;
  /** Metadata-only step (no filesystem change). */
  empty: boolean;
  comment?: string;
  /** The layer belongs to the base image. */
  fromBase: boolean;
  /** 0-based Dockerfile line, when a BuildRecord for this image exists. */
  line?: number;
  instruction?: string;
}

export interface BaseImageInfo {
  name: string;
  /** label = from a base-image label; local-suffix = a local image's history is a suffix; record = older than the recorded build. */
  how: 'label' | 'local-suffix' | 'record';
  layerCount: number;
}

export interface LayerHistory {
  imageRef: string;
  imageId: string;
  /** Top to base. */
  layers: HistoryLayer[];
  base?: BaseImageInfo;
  record?: BuildRecord;
}

export interface LayerHistoryOptions {
  /** Where BuildRecords come from (line mapping, base inference). */
  records?: { findByImage(imageId: string): BuildRecord | undefined };
  /** Label keys naming the base image; default org.opencontainers.image.base.name, base_image. */
  baseLabelKeys?: string[];
}

// ---- run --------------------------------------------------------------------------------------

export interface PortMapping {
  /** `80/tcp`, `53/udp`, or `80` (= tcp). */
  containerPort: string;
  /** Omitted = a free host port is chosen. */
  hostPort?: number;
}

export interface RunOptions {
  image: string;
  ports?: PortMapping[];
  env?: Record<string, string>;
  name?: string;
  /** Default true. */
  autoRemove?: boolean;
  /** Default false (stdout and stderr are kept apart). */
  tty?: boolean;
  /** Override the image's CMD. */
  cmd?: string[];
  /** Named volumes and bind mounts (HostConfig.Mounts). */
  mounts?: RunMount[];
  /** A network to attach to instead of the default bridge. */
  network?: string;
  /** Default 'no'. Any other policy needs autoRemove: false. */
  restartPolicy?: RestartPolicyName;
  /** Run an init process as PID 1 (`--init`), which reaps zombies and forwards signals. */
  init?: boolean;
  /** A file of NAME=value lines (`--env-file`), read here; `env` wins on conflicts. */
  envFile?: string;
}

export type RestartPolicyName = 'no' | 'always' | 'unless-stopped' | 'on-failure';

export interface RunMount {
  type: 'volume' | 'bind';
  /** Volume name, or an absolute folder path on the engine's machine. */
  source: string;
  /** Absolute path in the container. */
  target: string;
  readOnly?: boolean;
}

export interface MappedPort { containerPort: string; hostPort: number; hostIp: string }

export interface RunningContainer {
  id: string;
  name: string;
  ports: MappedPort[];
  /** Followed logs, stdout and stderr demultiplexed into one text stream (tty: raw). */
  logs: NodeJS.ReadableStream;
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
  /** Resolves with the exit code when the container stops. */
  wait(): Promise<{ exitCode: number }>;
}

// ---- containers, exec -------------------------------------------------------------------------

export interface ContainerMount { type: string; name?: string; source: string; destination: string }

export interface ContainerItem {
  id: string;
  name: string;
  /** The image as the container was created from it (a `repo:tag`, or an id when the tag moved on). */
  image: string;
  imageId: string;
  /** created | running | paused | restarting | removing | exited | dead */
  state: string;
  /** The engine's own wording: "Up 5 minutes", "Exited (0) 2 hours ago". */
  status: string;
  created: Date;
  ports: MappedPort[];
  composeProject?: string;
  composeService?: string;
  networks: string[];
  mounts: ContainerMount[];
}

export interface ContainerGroup { kind: 'compose' | 'image'; name: string; containers: ContainerItem[] }

/** Why a log stream, exec session or run terminal ended. */
export interface SessionEnd {
  reason: 'exited' | 'removed' | 'engine-gone' | 'closed';
  exitCode?: number;
  message: string;
}

export interface LogSession {
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
  /** The container has a TTY: everything arrives on stdout. */
  tty: boolean;
  /** Resolves once, when the stream ends, saying why. */
  ended: Promise<SessionEnd>;
  /** Stop following (ended then says "closed"). */
  stop(): void;
}

export interface ExecResult { exitCode: number; stdout: string; stderr: string }

export interface ShellSession {
  /** The shell's output (a TTY: one stream). */
  output: NodeJS.ReadableStream;
  /** The shell that was started (`/bin/bash` or `/bin/sh`). */
  shell: string;
  write(data: string): void;
  resize(cols: number, rows: number): Promise<void>;
  /** Resolves once the shell exits (with its exit code) or the engine goes away. */
  ended: Promise<SessionEnd>;
  close(): void;
}

// ---- volumes, networks, prune -----------------------------------------------------------------

export interface VolumeItem {
  name: string;
  driver: string;
  mountpoint: string;
  created?: Date;
  /** Bytes, or -1 when the engine does not know (non-local drivers). */
  size: number;
  /** Containers (running or not) that mount it. */
  usedBy: ContainerRefLite[];
  labels: Record<string, string>;
  anonymous: boolean;
}

export interface ContainerRefLite { id: string; name: string; state: string }

export interface NetworkItem {
  id: string;
  name: string;
  driver: string;
  scope: string;
  /** bridge, host, none (and the default network of other drivers) cannot be removed. */
  builtIn: boolean;
  subnets: string[];
  usedBy: ContainerRefLite[];
  created?: Date;
}

export type PruneKind = 'containers' | 'images-dangling' | 'images-unused' | 'volumes' | 'networks' | 'build-cache' | 'system';

export interface PruneItem { id: string; label: string; bytes: number }

export interface PruneOptions {
  /** build-cache: keep this many bytes of cache (`--keep-storage`). */
  keepStorageBytes?: number;
  /** build-cache: only entries unused for longer than this (`--filter until=24h`), Go duration text. */
  olderThan?: string;
  /** system: also unused volumes (`docker system prune --volumes`). */
  volumes?: boolean;
}

export interface PrunePlan {
  kind: PruneKind;
  options: PruneOptions;
  /** What will go, per kind for a system prune. */
  items: PruneItem[];
  count: number;
  /** Estimated bytes freed (exact for containers and volumes; an upper bound for cache with keep-storage). */
  bytes: number;
  /** Things that stay and why ("volume data is used by web"). */
  kept: string[];
  /** Taken when the plan was made: containers created later are never pruned. */
  at: Date;
}

export interface PruneOutcome { kind: PruneKind; removed: string[]; spaceReclaimed: number }
