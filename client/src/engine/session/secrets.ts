// Build secrets: which ids a Dockerfile mounts, where their values come from, and the
// moby.buildkit.secrets.v1.Secrets/GetSecret method that hands them to the builder.
import * as fs from 'fs';
import * as path from 'path';
import type { DockerfileModel } from '../../../../server/src/analysis/model';
import { GrpcError, GrpcStatus, MethodTable } from './grpc';
import { types } from './protos';

/**
 * Where a secret's value comes from: exactly one of a file, an environment variable, or the value
 * itself (the editor's, from VS Code's secret storage; held in memory only, never written anywhere).
 */
export interface SecretSource { file?: string; env?: string; value?: string }
export type SecretSources = Record<string, SecretSource>;

export interface SecretMount { id: string; required: boolean; line: number }

/**
 * `RUN --mount=type=secret,…` mounts of the Dockerfile. BuildKit's id defaults to the target's base
 * name. `required` is ours to decide: BuildKit's default (false) builds silently without the
 * secret, which is never what a user who wrote the mount wants, so only an explicit
 * `required=false` makes a missing source acceptable.
 */
export function secretMounts(model: DockerfileModel): SecretMount[] {
  const out: SecretMount[] = [];
  for (const instr of model.instructions) {
    if (instr.keyword !== 'RUN') continue;
    for (const flag of instr.flagList) {
      if (flag.name.toLowerCase() !== 'mount') continue;
      const opts = new Map(flag.options.map(o => [o.name.toLowerCase(), o.value ?? 'true']));
      if ((opts.get('type') ?? '').toLowerCase() !== 'secret') continue;
      const target = opts.get('target') ?? opts.get('dst') ?? opts.get('destination');
      const id = opts.get('id') || (target ? path.posix.basename(target) : '');
      if (!id) continue;
      out.push({ id, required: (opts.get('required') ?? 'true').toLowerCase() !== 'false', line: instr.range.start.line });
    }
  }
  return out;
}

/** `id=X,src=FILE` / `id=X,env=VAR` (docker build --secret's syntax) → [id, source]; throws a readable Error. */
export function parseSecretFlag(text: string): [string, SecretSource] {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`--secret "${text}": expected id=NAME,src=FILE or id=NAME,env=VAR.`);
    fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1));
  }
  const id = fields.get('id');
  const file = fields.get('src') ?? fields.get('source');
  const env = fields.get('env');
  if (!id) throw new Error(`--secret "${text}": missing id=NAME.`);
  if (file && env) throw new Error(`--secret "${text}": give either src= or env=, not both.`);
  if (!file && !env) throw new Error(`--secret "${text}": missing src=FILE or env=VAR.`);
  return [id, file ? { file } : { env: env! }];
}

function describeSource(source: SecretSource): string {
  return source.file !== undefined ? `file ${source.file}` : source.env !== undefined ? `environment variable ${source.env}` : 'stored value';
}

/** Reads a secret's value now; throws a readable Error naming the id and the source (never the value). */
export function readSecret(id: string, source: SecretSource, baseDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if ([source.file, source.env, source.value].filter(v => v !== undefined).length > 1) throw new Error(`Secret "${id}": give either a file or an environment variable, not both.`);
  if (source.value !== undefined) return Buffer.from(source.value, 'utf8');
  if (source.file !== undefined) {
    const file = path.resolve(baseDir, source.file);
    try {
      if (!fs.statSync(file).isFile()) throw new Error('not a file');
      return fs.readFileSync(file);
    } catch {
      throw new Error(`Secret "${id}": cannot read its ${describeSource(source)} (${file}). Check the path in --secret or layerwise.build.secrets.`);
    }
  }
  if (source.env !== undefined) {
    const value = env[source.env];
    if (value === undefined) throw new Error(`Secret "${id}": the ${describeSource(source)} is not set in the environment Layerwise runs in.`);
    return Buffer.from(value, 'utf8');
  }
  throw new Error(`Secret "${id}": its source names neither a file nor an environment variable.`);
}

/**
 * Checks, before the build starts, that every secret the Dockerfile mounts has a readable source.
 * Returns the values (for masking the build output) or throws one message naming every problem.
 */
export function resolveSecrets(model: DockerfileModel, sources: SecretSources, baseDir: string, env: NodeJS.ProcessEnv = process.env): Map<string, Buffer> {
  const values = new Map<string, Buffer>();
  const problems: string[] = [];
  for (const mount of secretMounts(model)) {
    if (values.has(mount.id)) continue;
    const source = Object.prototype.hasOwnProperty.call(sources, mount.id) ? sources[mount.id] : undefined;
    if (!source) {
      if (mount.required) problems.push(`Secret "${mount.id}" (line ${mount.line + 1}) has no source: pass --secret id=${mount.id},src=FILE (or env=VAR), or add it to layerwise.build.secrets.`);
      continue;
    }
    try { values.set(mount.id, readSecret(mount.id, source, baseDir, env)); } catch (e) { problems.push((e as Error).message); }
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return values;
}

/** moby.buildkit.secrets.v1.Secrets/GetSecret over the values checked before the build. */
export function secretsService(values: Map<string, Buffer>): MethodTable {
  return new Map([['/moby.buildkit.secrets.v1.Secrets/GetSecret', {
    kind: 'unary' as const,
    request: types.getSecretRequest,
    response: types.getSecretResponse,
    handle: (req: { ID: string }) => {
      const value = values.get(req.ID);
      // NOT_FOUND is what BuildKit expects for an unknown id (an optional mount is then skipped).
      if (!value) throw new GrpcError(GrpcStatus.NOT_FOUND, `secret ${req.ID} not found`);
      return { data: value };
    },
  }]]);
}
