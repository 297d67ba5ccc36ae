// Options of `layerwise build` and `layerwise plan`, shaped like `docker build`'s. One table, so later
// flags (--secret, --ssh for BuildKit sessions) are one entry each.
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { UsageError } from '../errors';
import { parseSecretFlag } from '../../../../client/src/engine/session/secrets';
import { parseSshFlag } from '../../../../client/src/engine/session/ssh';

export type EngineCommand = 'build' | 'plan';

export const ENGINE_OPTIONS = {
  file: { type: 'string', short: 'f' },
  tag: { type: 'string', short: 't' },
  target: { type: 'string' },
  'build-arg': { type: 'string', multiple: true },
  builder: { type: 'string' },
  format: { type: 'string' },
  host: { type: 'string', short: 'H' },
  context: { type: 'string' },
  'no-cache': { type: 'boolean' },
  secret: { type: 'string', multiple: true },
  ssh: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Which options each command takes (the rest are refused with a clear message). */
const ACCEPTS: Record<EngineCommand, Array<keyof typeof ENGINE_OPTIONS>> = {
  build: ['file', 'tag', 'target', 'build-arg', 'builder', 'format', 'host', 'context', 'no-cache', 'secret', 'ssh', 'help'],
  plan: ['file', 'target', 'build-arg', 'builder', 'format', 'host', 'context', 'help'],
};
const FORMATS: Record<EngineCommand, string[]> = { build: ['tty', 'json', 'github'], plan: ['tty', 'json'] };

export interface EngineCommandOptions {
  contextDir: string;
  dockerfilePath: string;
  tag?: string;
  target?: string;
  buildArgs: Record<string, string>;
  builder: 'auto' | 'classic' | 'buildkit';
  format: string;
  host?: string;
  /** A Docker context by name (the engine's endpoint resolution; see client/src/engine/endpoint.ts). */
  context?: string;
  noCache: boolean;
  /** `--secret id=X,src=FILE|env=VAR`: sources only; values are read when the build starts. */
  secrets: Record<string, { file?: string; env?: string }>;
  /** `--ssh default|ID=SOCKET`: agent sockets by id. */
  ssh: Record<string, string>;
  help: boolean;
}

export const ENGINE_HELP: Record<EngineCommand, string> = {
  build: `Usage: layerwise build [context] [options]

Builds an image through the Docker Engine API, the same way the editor's Build Image command does,
and records each step's cache inputs for \`layerwise plan\` and the editor's cache lens.

  -f, --file <Dockerfile>          Default: <context>/Dockerfile
  -t, --tag <name:tag>
      --target <stage>
      --build-arg <KEY=VALUE>      Repeatable; KEY alone takes the value from the environment
      --builder <classic|buildkit> Default: BuildKit when the engine offers it
      --no-cache
      --secret id=X,src=FILE|env=VAR  Repeatable; for RUN --mount=type=secret,id=X (BuildKit).
                                   FILE is relative to the current folder. Values never appear in the output.
      --ssh default|ID=SOCKET      Repeatable; for RUN --mount=type=ssh (BuildKit). default: SSH_AUTH_SOCK.
                                   Agent sockets only (ssh-agent), not key files.
      --format <tty|json|github>   json: one object at the end; github: workflow annotations
  -H, --host <url>                 Engine endpoint (default: DOCKER_HOST, Docker context, socket)
      --context <name>             Docker context to use (like docker --context; --host wins)

Exit codes: 0 built, 1 the build failed (or was interrupted), 2 usage, input or engine problems.
`,
  plan: `Usage: layerwise plan [context] [options]

Predicts, step by step, which steps the next build will take from the cache and which it will rerun
(with the first reason), from the last recorded build of the same Dockerfile, context, target and builder.

  -f, --file <Dockerfile>          Default: <context>/Dockerfile
      --target <stage>
      --build-arg <KEY=VALUE>      Repeatable
      --builder <classic|buildkit> Default: BuildKit when the engine offers it
      --format <tty|json>
  -H, --host <url>
      --context <name>

Exit codes: 0 a plan was printed, 2 usage, input or engine problems.
`,
};

export function parseEngineOptions(command: EngineCommand, argv: string[], cwd: string, env: NodeJS.ProcessEnv): EngineCommandOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: ENGINE_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('. ')[0] : String(error);
    throw new UsageError(`${message}. Run \`layerwise ${command} --help\` for the options.`);
  }
  const { values, positionals } = parsed;
  for (const name of Object.keys(values) as Array<keyof typeof ENGINE_OPTIONS>) {
    if (!ACCEPTS[command].includes(name)) throw new UsageError(`\`layerwise ${command}\` does not take --${name}.`);
  }
  if (positionals.length > 1) throw new UsageError(`\`layerwise ${command}\` takes one build context folder, not ${positionals.length} (${positionals.join(', ')}).`);
  const format = values.format ?? 'tty';
  if (!FORMATS[command].includes(format)) throw new UsageError(`Unknown format "${format}"; use ${FORMATS[command].join(', ')}.`);
  const builder = values.builder ?? 'auto';
  if (!['auto', 'classic', 'buildkit'].includes(builder)) throw new UsageError(`Unknown builder "${builder}"; use classic or buildkit.`);
  const contextDir = path.resolve(cwd, positionals[0] ?? '.');
  const dockerfilePath = path.resolve(values.file !== undefined ? cwd : contextDir, values.file ?? 'Dockerfile');
  if (!values.help) {
    if (!fs.statSync(contextDir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`The build context ${contextDir} does not exist or is not a folder.`);
    if (!fs.statSync(dockerfilePath, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`The Dockerfile ${dockerfilePath} does not exist.`);
  }
  const buildArgs: Record<string, string> = {};
  for (const pair of values['build-arg'] ?? []) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new UsageError(`--build-arg "${pair}" needs a name like KEY=VALUE.`);
    if (eq >= 0) buildArgs[key] = pair.slice(eq + 1);
    else if (env[key] !== undefined) buildArgs[key] = env[key]!;
  }
  const secrets: Record<string, { file?: string; env?: string }> = {};
  for (const text of values.secret ?? []) {
    try {
      const [id, source] = parseSecretFlag(text);
      secrets[id] = source.file !== undefined ? { file: path.resolve(cwd, source.file) } : source;
    } catch (e) { throw new UsageError((e as Error).message); }
  }
  const ssh: Record<string, string> = {};
  for (const text of values.ssh ?? []) {
    try {
      const [id, socket] = parseSshFlag(text, env);
      ssh[id] = path.resolve(cwd, socket);
    } catch (e) { throw new UsageError((e as Error).message); }
  }
  return {
    contextDir, dockerfilePath, buildArgs, format, secrets, ssh, builder: builder as EngineCommandOptions['builder'],
    tag: values.tag, target: values.target, host: values.host, context: values.context, noCache: !!values['no-cache'], help: !!values.help,
  };
}
