// Building an image through the Engine API (classic builder or BuildKit), with progress, cancel and a BuildRecord.
import * as fs from 'fs';
import * as path from 'path';
import { DockerfileModel, parseDockerfile } from '../../../server/src/analysis/model';
import { buildkitUnavailable, describeEndpoint, Engine } from './connection';
import { createBuildContext } from './context';
import { contextScope } from './contextPaths';
import { decodeBuildkitTrace, instructionOfVertex, lineOfClassicStep, parseClassicStep, parseVertexName } from './buildProgress';
import { HistoryEntry, recordFromHistory, RECORD_FORMAT } from './records';
import { BuildRecordStore } from './recordStore';
import { validateImageReference } from './run';
import { cacheStepKeys, ContextHasher, stepRecords } from './cachePlan';
import { StepKey } from './cachePlan/types';
import { BuilderKind, BuildOptions, BuildResult, ContextStats, StepReport } from './types';
import { openSession, registryAuthService, RegistryAuthService, resolveSecrets, resolveSsh, secretMounts, secretsService, Session, SessionUnavailable, sshMounts, sshService, SshSources } from './session';
import { explainSessionFailure, noSessionNote } from './session/explain';
import { contextTransferNote, SessionContext, sessionContext } from './session/filesync';

/** Build-arg names that look like secrets: their values never appear in our output. */
export function isSecretArgName(name: string): boolean {
  return /TOKEN|PASSWORD|PASSWD|SECRET|KEY/i.test(name);
}

export function maskSecrets(text: string, buildArgs: Record<string, string> | undefined, secretValues: string[] = []): string {
  if (!buildArgs && !secretValues.length) return text;
  let out = text;
  // Very short values would mask ordinary text everywhere; a real secret is longer than this.
  const secrets = Object.entries(buildArgs ?? {}).filter(([k, v]) => isSecretArgName(k) && typeof v === 'string' && v.length >= 3).map(([, v]) => v)
    .concat(secretValues.flatMap(v => v.split('\n').map(l => l.trim())).filter(v => v.length >= 3));
  for (const v of secrets.sort((a, b) => b.length - a.length)) out = out.split(v).join('***');
  return out;
}

interface StreamMessage {
  stream?: string; status?: string; id?: string; aux?: unknown; error?: string;
  errorDetail?: { message?: string; code?: number };
}

function chooseBuilder(engine: Engine, setting: BuildOptions['builder']): BuilderKind {
  if (setting === 'classic') return 'classic';
  if (setting === 'buildkit') {
    const unavailable = buildkitUnavailable(engine);
    if (unavailable) throw new Error(unavailable);
    return 'buildkit';
  }
  return engine.info?.buildkit ? 'buildkit' : 'classic';
}

export async function build(engine: Engine, options: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  let builder: BuilderKind = options.builder === 'classic' ? 'classic' : 'buildkit';
  // Secret mount values: a RUN that prints one must not put it in our output or records.
  let secretValues: string[] = [];
  const mask = (s: string) => maskSecrets(s, options.buildArgs, secretValues);
  const fail = (message: string, line?: number, extra: Partial<BuildResult> = {}, kind: 'build' | 'input' | 'engine' = 'input'): BuildResult =>
    ({ ok: false, error: { message: mask(message), kind, ...(line !== undefined ? { line } : {}) }, durationMs: Date.now() - started, builder, ...extra });
  if (options.signal?.aborted) return { ok: false, cancelled: true, durationMs: 0, builder };
  const badTag = options.tag ? validateImageReference(options.tag) : undefined;
  if (badTag) return fail(badTag);

  let text: string;
  try { text = await fs.promises.readFile(options.dockerfilePath, 'utf8'); } catch {
    return fail(`Cannot read the Dockerfile ${options.dockerfilePath}.`);
  }
  const model = parseDockerfile(text);
  // Secret sources are checked before anything reaches the engine: a wrong path fails here, not mid-build.
  let secrets: Map<string, Buffer> | undefined;
  if (secretMounts(model).length) {
    try { secrets = resolveSecrets(model, options.secrets ?? {}, options.secretsBaseDir ?? options.contextDir); } catch (err) {
      return fail((err as Error).message);
    }
    secretValues = [...secrets.values()].map(v => v.toString('utf8'));
  }
  let ssh: SshSources | undefined;
  if (sshMounts(model).length) {
    try { ssh = resolveSsh(model, options.ssh ?? {}); } catch (err) { return fail((err as Error).message); }
  }
  const sessionNeeded = !!secrets?.size || !!(ssh && Object.keys(ssh).length);
  let docker;
  try {
    docker = await engine.docker();
    builder = chooseBuilder(engine, options.builder);
  } catch (err) {
    return fail((err as Error).message, undefined, {}, 'engine');
  }
  if (builder === 'classic' && sessionNeeded) {
    // The classic builder cannot serve RUN --mount at all; say so before anything is sent.
    return fail(`This Dockerfile mounts build secrets or an SSH agent (RUN --mount), which only BuildKit can serve. ${buildkitUnavailable(engine) ?? 'Set layerwise.build.builder (or --builder) to "buildkit" or "auto".'}`);
  }
  const classicNoted = builder === 'classic' && (options.builder ?? 'auto') === 'auto' && !engine.info?.buildkit;
  if (classicNoted) {
    try { options.onOutput?.(noSessionNote(engine)); } catch { /* the output callback's own problem */ }
  }

  // Our own controller: aborting it destroys the HTTP request, which makes the engine cancel the build.
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  options.signal?.addEventListener('abort', onAbort);
  // BuildKit fetches the context over a session when the engine offers one; otherwise (classic
  // builder, engines without sessions) the filtered context is uploaded as a tar.
  let session: Session | undefined;
  let served: SessionContext | undefined;
  let registryAuth: RegistryAuthService | undefined;
  let context: { stats: ContextStats; dockerfileName: string; stream?: NodeJS.ReadableStream };
  const bail = (result: BuildResult) => { options.signal?.removeEventListener('abort', onAbort); return result; };
  try {
    // Every BuildKit build gets our session: the context's files (unless the tar is asked for),
    // registry credentials for private base images, and secrets/SSH when the Dockerfile mounts them.
    let note = builder === 'classic'
      ? (classicNoted ? '' : contextTransferNote('tar', 'the classic builder has no sessions'))
      : contextTransferNote('tar', 'contextTransfer: tar');
    if (builder === 'buildkit') {
      served = options.contextTransfer !== 'tar' ? sessionContext(options.contextDir, options.dockerfilePath, options.onContext) : undefined;
      registryAuth = registryAuthService(options.dockerConfig);
      const methods = new Map([...(served?.methods ?? []), ...registryAuth.methods, ...secretsService(secrets ?? new Map()), ...sshService(ssh ?? {})]);
      try { session = await openSession(docker, 'layerwise', methods, abort.signal, served?.sharedKey); } catch (err) {
        if (abort.signal.aborted) return bail({ ok: false, cancelled: true, durationMs: Date.now() - started, builder });
        if (sessionNeeded || !(err instanceof SessionUnavailable)) {
          return bail(fail(`Could not open a build session with the Docker engine (needed for build secrets, SSH mounts and registry credentials): ${(err as Error).message}`, undefined, {}, 'engine'));
        }
        // An engine that refuses sessions still takes the tar.
        served = undefined;
        note = noSessionNote(engine, 'buildkit');
      }
    }
    if (served) note = contextTransferNote('session');
    if (note) { try { options.onOutput?.(note); } catch { /* the output callback's own problem */ } }
    if (served) {
      context = { stats: served.stats, dockerfileName: served.dockerfileName };
    } else {
      const only = await copiedPaths(docker, model);
      context = await createBuildContext({ contextDir: options.contextDir, dockerfilePath: options.dockerfilePath, onStats: options.onContext, ...(only ? { only } : {}) });
    }
  } catch (err) {
    session?.close();
    return bail(fail((err as Error).message));
  }

  // What each step takes (files, base image ids), worked out while the engine builds; recorded on success.
  const records = options.records ?? new BuildRecordStore();
  const cacheInputs = records.storableArgs(options.buildArgs ?? {}, isSecretArgName).then(buildArgs =>
    cacheStepKeys({ docker, model, builder, target: options.target, buildArgs, hasher: options.contextHasher ?? new ContextHasher(options.contextDir, recordScope(model)) })
      .then(keys => ({ ...keys, buildArgs })));
  cacheInputs.catch(() => undefined);

  const tracker = builder === 'classic' ? new ClassicTracker(model, options, mask) : new BuildkitTracker(model, options, mask);
  try {
    // With the session the request has no body: an empty one (without it docker-modem would send the options as JSON).
    const stream = await docker.buildImage((context.stream ?? Buffer.alloc(0)) as never, definedOnly({
      t: options.tag || undefined,
      dockerfile: context.dockerfileName,
      target: options.target || undefined,
      buildargs: options.buildArgs,
      nocache: options.noCache || undefined,
      forcerm: true, // never leave a failed step's container behind
      rm: true,
      // dockerode ≥4 opens its own session (registry auth only) when version is the string "2" and
      // overwrites `session`; with our session the number 2 sends the same query but keeps our id.
      // Without our session (an engine that refused it) the number too: dockerode's would be refused the same way.
      version: builder === 'buildkit' ? 2 : '1',
      session: session?.id,
      // The builder reads the context and the Dockerfile from the session's shared folders.
      remote: served ? 'client-session' : undefined,
      abortSignal: abort.signal,
    }) as never) as unknown as NodeJS.ReadableStream & { destroy(err?: Error): void };
    const imageId = await new Promise<string | undefined>((resolve, reject) => {
      let pending = '';
      let id: string | undefined;
      let failure: StreamMessage | undefined;
      const cancel = () => { stream.destroy(); reject(Object.assign(new Error('cancelled'), { cancelled: true })); };
      if (abort.signal.aborted) return cancel();
      abort.signal.addEventListener('abort', cancel);
      stream.on('data', (chunk: Buffer) => {
        try { onData(chunk); } catch (err) {
          // A throwing callback (onOutput/onProgress) must end the build, not escape as an uncaught exception.
          abort.signal.removeEventListener('abort', cancel);
          stream.destroy();
          reject(Object.assign(new Error(`Handling the build output failed: ${(err as Error)?.message ?? err}`), { callbackFailure: true }));
        }
      });
      const onData = (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (!line) continue;
          let msg: StreamMessage;
          try { msg = JSON.parse(line); } catch { continue; }
          if (msg.error || msg.errorDetail) failure = msg;
          const found = tracker.handle(msg);
          if (found) id = found;
        }
      };
      stream.on('error', err => { abort.signal.removeEventListener('abort', cancel); reject(err); });
      stream.on('end', () => {
        abort.signal.removeEventListener('abort', cancel);
        if (failure) reject(Object.assign(new Error(failure.errorDetail?.message || failure.error || 'The build failed.'), { buildFailure: true }));
        else resolve(id);
      });
    });
    if (!imageId) return fail('The engine finished the build without reporting an image id.', undefined, {}, 'engine');
    const steps = tracker.steps();
    if (served) context.stats.done = true;
    const result: BuildResult = { ok: true, imageId, durationMs: Date.now() - started, builder, context: { ...context.stats }, steps };
    try {
      const history = await docker.getImage(imageId).history() as HistoryEntry[];
      const record = recordFromHistory({ dockerfilePath: options.dockerfilePath, dockerfileText: text, model, imageId, tag: options.tag, builder, target: options.target, history });
      // History spells out build-arg values (`|1 API_TOKEN=… /bin/sh -c …`); the record is saved to disk and shown.
      result.record = { ...record, layers: record.layers.map(l => ({ ...l, createdBy: mask(l.createdBy) })) };
    } catch { /* the image works; only the layer mapping is missing */ }
    let inputs: Awaited<typeof cacheInputs> | undefined;
    try { inputs = await cacheInputs; } catch (err) { result.recordProblem = `The build's cache inputs could not be recorded: ${(err as Error).message}`; }
    if (inputs) {
      const keyed = new Map(inputs.steps.map(k => [k.line, k] as [number, StepKey]));
      for (const s of steps) s.instruction = keyed.get(s.line)?.instruction ?? s.instruction;
      result.record = {
        ...(result.record ?? { dockerfilePath: options.dockerfilePath, imageId, tag: options.tag, time: new Date().toISOString(), builder, layers: [] }),
        format: RECORD_FORMAT, contextDir: path.resolve(options.contextDir), target: options.target, buildArgs: inputs.buildArgs,
        steps: stepRecords(inputs.steps, steps),
      };
      if (inputs.problems.length) result.recordProblem = inputs.problems.join('; ');
    }
    if (options.records && result.record) {
      try { await options.records.add(result.record); } catch (err) { result.recordProblem = `The build record could not be saved: ${(err as Error).message}`; }
    }
    return result;
  } catch (err) {
    const e = err as Error & { cancelled?: boolean; buildFailure?: boolean; callbackFailure?: boolean; name?: string };
    if (e.cancelled || abort.signal.aborted) return { ok: false, cancelled: true, durationMs: Date.now() - started, builder, context: { ...context.stats } };
    // The builder reports the session dropped (connection broke) in the middle of a context transfer:
    // context: its own words ("context canceled") do not say what happened or what to do.
    if (e.buildFailure && session?.dropped && served?.reports.some(r => r.dir === 'context' && r.error)) return fail(`The build session with the Docker engine ended while the builder was reading the build context${e.message ? ` (${e.message.split('\n')[0]})` : ''}. Nothing was built; build again.`, undefined, { context: { ...context.stats } }, 'engine');
    if (e.buildFailure) return fail(explainSessionFailure(e.message, session, registryAuth), tracker.failedLine(), { context: { ...context.stats }, steps: tracker.steps() }, 'build');
    if (e.callbackFailure) return fail(e.message, undefined, { context: { ...context.stats } });
    const api = err as { statusCode?: number };
    // The engine refusing the Dockerfile itself (400: parse error, unknown flag) is a build failure.
    const kind = api?.statusCode && api.statusCode >= 400 && api.statusCode < 500 ? 'build' : 'engine';
    return fail(await brokenStreamMessage(engine, err), undefined, { context: { ...context.stats } }, kind);
  } finally {
    session?.close();
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The context paths the Dockerfile copies, when that is all the build can read; undefined = send
 * the whole context. A base image's ONBUILD triggers could copy anything, so every base image must
 * be present locally and have none.
 */
async function copiedPaths(docker: Awaited<ReturnType<Engine['docker']>>, model: DockerfileModel): Promise<string[] | undefined> {
  const scope = contextScope(model);
  if (!scope.narrow) return undefined;
  for (const ref of scope.baseImages) {
    let onBuild: unknown;
    try { onBuild = (await docker.getImage(ref).inspect()).Config?.OnBuild; } catch { return undefined; }
    if (Array.isArray(onBuild) && onBuild.length > 0) return undefined;
  }
  return scope.paths;
}

/**
 * The paths a one-build context hasher needs to walk for the record's step keys: those the Dockerfile's
 * own COPY/ADD name literally; undefined = the whole context (patterns, `COPY .`, context bind mounts).
 * A base image's ONBUILD copies do not matter here: step keys cover only this Dockerfile's steps.
 */
function recordScope(model: DockerfileModel): string[] | undefined {
  const scope = contextScope(model);
  return scope.narrow ? scope.paths : undefined;
}

/**
 * docker-modem sends undefined options as empty query parameters; BuildKit reads `t=` as a tag ""
 * and fails with "invalid reference format", so absent options must not be sent at all.
 */
function definedOnly<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The build stream broke without the builder saying why (socket reset, engine killed): ask the engine
 * whether it is still there, so the message says what happened and the engine's state follows.
 */
async function brokenStreamMessage(engine: Engine, err: unknown): Promise<string> {
  const api = err as { statusCode?: number; json?: { message?: string } };
  // The engine answered, with an error: say what it said.
  if (api?.statusCode) return `The Docker engine refused the build: ${api.json?.message ?? (err as Error).message}`;
  const error = engine.noteFailure(err);
  if (engine.state !== 'unreachable') await engine.check();
  if (engine.state === 'unreachable') return `The build stopped because the Docker engine went away: ${engine.lastError ?? error.message}`;
  return `The connection to the Docker engine at ${describeEndpoint(engine.endpoint)} broke during the build (${error.message}).`;
}

interface Tracker {
  /** Handles one stream message; returns the image id when the message carries it. */
  handle(msg: StreamMessage): string | undefined;
  /** 0-based line of the step that failed, when known. */
  failedLine(): number | undefined;
  /** The steps seen so far, in the order the engine reported them (FROM and global ARGs are not steps). */
  steps(): StepReport[];
}

/** A step of a stage (not FROM, not an ARG before the first FROM) starts on this line. */
function isStageStep(model: DockerfileModel, line: number | undefined): line is number {
  const instr = line === undefined ? undefined : model.instructions.find(i => i.range.start.line === line);
  return !!instr && instr.keyword !== 'FROM' && instr.stage >= 0;
}

class ClassicTracker implements Tracker {
  private currentStep = 0;
  private partial = '';
  private readonly reports: Array<StepReport & { startedAt: number; open: boolean }> = [];
  constructor(private readonly model: DockerfileModel, private readonly options: BuildOptions, private readonly mask: (s: string) => string) {}

  handle(msg: StreamMessage): string | undefined {
    if (typeof msg.stream === 'string') {
      this.options.onOutput?.(this.mask(msg.stream));
      // `Step N/M : …` and its newline arrive as separate messages.
      this.partial += msg.stream;
      const lines = this.partial.split('\n');
      this.partial = lines.pop() ?? '';
      for (const l of lines) {
        if (/^\s*---> Using cache\s*$/.test(l)) {
          const last = this.reports[this.reports.length - 1];
          if (last?.open) last.cached = true;
        }
        const step = parseClassicStep(l);
        if (!step) continue;
        this.currentStep = step.step;
        const line = lineOfClassicStep(this.model, step.step);
        this.closeStep();
        if (isStageStep(this.model, line)) this.reports.push({ line, instruction: this.mask(step.text), cached: false, durationMs: 0, startedAt: Date.now(), open: true });
        const stage = line === undefined ? undefined : this.model.stages.find(s => s.from.range.start.line <= line && s.instructions.concat(s.from).some(i => i.range.start.line === line));
        this.options.onProgress?.({ step: step.step, total: step.total, text: this.mask(step.text), line, ...(stage ? { stage: stage.name ?? `stage-${stage.index}` } : {}) });
      }
    } else if (msg.error || msg.errorDetail) {
      this.options.onOutput?.(this.mask((msg.errorDetail?.message ?? msg.error ?? '') + '\n'));
    } else if (msg.status) {
      this.options.onOutput?.(this.mask(msg.status + '\n'));
    }
    const aux = msg.aux as { ID?: string } | undefined;
    return aux && typeof aux.ID === 'string' ? aux.ID : undefined;
  }

  failedLine(): number | undefined {
    return this.currentStep ? lineOfClassicStep(this.model, this.currentStep) : undefined;
  }

  private closeStep(): void {
    const last = this.reports[this.reports.length - 1];
    if (last?.open) { last.open = false; last.durationMs = Date.now() - last.startedAt; }
  }

  steps(): StepReport[] {
    this.closeStep();
    return this.reports.map(({ line, instruction, cached, durationMs }) => ({ line, instruction, cached, durationMs }));
  }
}

class BuildkitTracker implements Tracker {
  private readonly vertexes = new Map<string, { name: string; started: boolean; completed: boolean; cached: boolean; error?: string; number: number; startedMs?: number; completedMs?: number }>();
  private lastStarted?: string;
  constructor(private readonly model: DockerfileModel, private readonly options: BuildOptions, private readonly mask: (s: string) => string) {}

  handle(msg: StreamMessage): string | undefined {
    if (msg.id === 'moby.image.id') {
      const aux = msg.aux as { ID?: string } | undefined;
      return aux?.ID;
    }
    if (msg.id === 'moby.buildkit.trace' && typeof msg.aux === 'string') {
      let status;
      try { status = decodeBuildkitTrace(msg.aux); } catch { return undefined; }
      for (const v of status.vertexes) this.onVertex(v);
      for (const l of status.logs) {
        const n = this.vertexes.get(l.vertex)?.number;
        const text = l.text.split('\n').filter((s, i, a) => s || i < a.length - 1).map(s => `#${n ?? '?'} ${s}`).join('\n');
        if (text) this.options.onOutput?.(this.mask(text + '\n'));
      }
    } else if (msg.error || msg.errorDetail) {
      this.options.onOutput?.(this.mask((msg.errorDetail?.message ?? msg.error ?? '') + '\n'));
    } else if (typeof msg.stream === 'string') {
      this.options.onOutput?.(this.mask(msg.stream));
    }
    return undefined;
  }

  private onVertex(v: { digest: string; name: string; cached: boolean; started: boolean; completed: boolean; error?: string; startedMs?: number; completedMs?: number }): void {
    let known = this.vertexes.get(v.digest);
    const isNew = !known;
    if (!known) {
      known = { name: v.name, started: false, completed: false, cached: false, number: this.vertexes.size + 1 };
      this.vertexes.set(v.digest, known);
    }
    const startedNow = v.started && !known.started;
    const completedNow = v.completed && !known.completed;
    known.started ||= v.started;
    known.completed ||= v.completed;
    known.cached ||= v.cached;
    known.startedMs ??= v.startedMs;
    if (v.completedMs !== undefined) known.completedMs = v.completedMs;
    if (v.error) known.error = v.error;
    if (startedNow) this.lastStarted = v.digest;
    if (isNew || startedNow || completedNow || v.error) {
      const state = v.error ? `ERROR: ${v.error}` : known.cached ? 'CACHED' : completedNow ? 'DONE' : '';
      this.options.onOutput?.(this.mask(`#${known.number} ${v.name}${state ? ' ' + state : ''}\n`));
    }
    const parsed = parseVertexName(v.name);
    if (parsed && (isNew || startedNow || completedNow)) {
      const instr = instructionOfVertex(this.model, v.name, this.options.target);
      this.options.onProgress?.({
        step: parsed.step, total: parsed.total, text: this.mask(v.name), stage: parsed.stage,
        ...(instr ? { line: instr.range.start.line } : {}),
        completed: known.completed, cached: known.cached,
      });
    }
  }

  steps(): StepReport[] {
    const out: StepReport[] = [];
    for (const v of this.vertexes.values()) {
      const parsed = parseVertexName(v.name);
      const line = parsed ? instructionOfVertex(this.model, v.name, this.options.target)?.range.start.line : undefined;
      if (!isStageStep(this.model, line)) continue;
      const durationMs = v.startedMs !== undefined && v.completedMs !== undefined ? Math.max(0, v.completedMs - v.startedMs) : 0;
      out.push({ line, instruction: this.mask(parsed!.text), cached: v.cached, durationMs });
    }
    return out;
  }

  failedLine(): number | undefined {
    const failed = [...this.vertexes.values()].find(v => v.error && parseVertexName(v.name));
    const name = failed?.name ?? (this.lastStarted ? this.vertexes.get(this.lastStarted)?.name : undefined);
    return name ? instructionOfVertex(this.model, name, this.options.target)?.range.start.line : undefined;
  }
}
