// Turning the Engine's build stream into progress: classic `Step N/M` lines and BuildKit trace messages.
import * as protobuf from 'protobufjs';
import { DockerfileModel, Instr, Stage } from '../../../server/src/analysis/model';

// The subset of BuildKit's control API we read (moby.buildkit.v1.StatusResponse); field numbers are BuildKit's.
const STATUS_PROTO = `
syntax = "proto3";
package moby.buildkit.v1;
message Timestamp { int64 seconds = 1; int32 nanos = 2; }
message Vertex { string digest = 1; repeated string inputs = 2; string name = 3; bool cached = 4;
  Timestamp started = 5; Timestamp completed = 6; string error = 7; }
message VertexStatus { string ID = 1; string vertex = 2; string name = 3; int64 current = 4; int64 total = 5; }
message VertexLog { string vertex = 1; Timestamp timestamp = 2; int64 stream = 3; bytes msg = 4; }
message StatusResponse { repeated Vertex vertexes = 1; repeated VertexStatus statuses = 2; repeated VertexLog logs = 3; }
`;

export interface TraceVertex { digest: string; name: string; cached: boolean; started: boolean; completed: boolean; error?: string; startedMs?: number; completedMs?: number }
export interface TraceLog { vertex: string; stream: number; text: string }
export interface TraceStatus { vertexes: TraceVertex[]; logs: TraceLog[] }

let statusType: protobuf.Type | undefined;

/** Decodes the base64 `aux` of a `moby.buildkit.trace` message. */
export function decodeBuildkitTrace(base64: string): TraceStatus {
  statusType ??= protobuf.parse(STATUS_PROTO, { keepCase: true }).root.lookupType('moby.buildkit.v1.StatusResponse');
  const msg = statusType.toObject(statusType.decode(Buffer.from(base64, 'base64')), { defaults: true, longs: Number }) as {
    vertexes: Array<{ digest: string; name: string; cached: boolean; started?: unknown; completed?: unknown; error: string }>;
    logs: Array<{ vertex: string; stream: number; msg: Uint8Array }>;
  };
  return {
    vertexes: msg.vertexes.map(v => ({
      digest: v.digest, name: v.name, cached: v.cached, started: !!v.started, completed: !!v.completed, error: v.error || undefined,
      ...(v.started ? { startedMs: millis(v.started) } : {}), ...(v.completed ? { completedMs: millis(v.completed) } : {}),
    })),
    logs: msg.logs.map(l => ({ vertex: l.vertex, stream: Number(l.stream), text: Buffer.from(l.msg).toString('utf8') })),
  };
}

const millis = (t: unknown) => {
  const ts = t as { seconds?: number; nanos?: number };
  return Number(ts.seconds ?? 0) * 1000 + Math.round(Number(ts.nanos ?? 0) / 1e6);
};

/** `Step 3/7 : RUN npm ci` → {step, total, text}. */
export function parseClassicStep(line: string): { step: number; total: number; text: string } | undefined {
  const m = /^Step (\d+)\/(\d+) : (.*)$/.exec(line.trim());
  return m ? { step: Number(m[1]), total: Number(m[2]), text: m[3] } : undefined;
}

/** Classic step numbers count every instruction in the file, global ARGs included. */
export function lineOfClassicStep(model: DockerfileModel, step: number): number | undefined {
  return model.instructions[step - 1]?.range.start.line;
}

/** `[stage-1 3/5] RUN npm ci` → parts; `[internal] …` and other names → undefined. */
export function parseVertexName(name: string): { stage?: string; step: number; total: number; text: string } | undefined {
  const m = /^\[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/s.exec(name);
  return m ? { stage: m[1], step: Number(m[2]), total: Number(m[3]), text: m[4] } : undefined;
}

// Instructions that become their own BuildKit vertex; metadata-only ones (ENV, LABEL, …) do not.
const VERTEX_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

function stageOf(model: DockerfileModel, stageName: string | undefined, target?: string): Stage | undefined {
  if (stageName === undefined) {
    // Single-stage builds have no stage prefix: the target (or last) stage.
    return (target && model.stages.find(s => s.name?.toLowerCase() === target.toLowerCase())) || model.stages[model.stages.length - 1];
  }
  const named = model.stages.find(s => s.name?.toLowerCase() === stageName.toLowerCase());
  if (named) return named;
  const m = /^stage-(\d+)$/.exec(stageName);
  return m ? model.stages[Number(m[1])] : undefined;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The Dockerfile instruction a BuildKit vertex (`[stage-1 3/5] RUN npm ci`) stands for. */
export function instructionOfVertex(model: DockerfileModel, vertexName: string, target?: string): Instr | undefined {
  const parsed = parseVertexName(vertexName);
  if (!parsed) return undefined;
  const stage = stageOf(model, parsed.stage, target);
  if (!stage) return undefined;
  const keyword = parsed.text.split(/\s/, 1)[0].toUpperCase();
  if (keyword === 'FROM') return stage.from;
  const ops = stage.instructions.filter(i => VERTEX_KEYWORDS.has(i.keyword));
  const sameKeyword = ops.filter(i => i.keyword === keyword);
  if (sameKeyword.length === 1) return sameKeyword[0];
  // Same text as written (BuildKit shows variables expanded, so this may not hit)…
  const text = squash(parsed.text.slice(keyword.length));
  const exact = sameKeyword.filter(i => squash(i.keyword === 'RUN' ? i.command : i.args.join(' ')) === text);
  if (exact.length === 1) return exact[0];
  // …else by position: step 1 is FROM when the stage starts from an image.
  const offset = stage.parent === undefined ? 1 : 0;
  const byPosition = ops[parsed.step - 1 - offset];
  if (byPosition && byPosition.keyword === keyword) return byPosition;
  return sameKeyword[0];
}
