// `layerwise build`: the editor's build path (client/src/engine build()) with argument parsing and
// tty / json / github output. The build record is written to the shared records folder.
import * as path from 'path';
import { BuildRecordStore, BuildResult, Engine, build, defaultRecordsDir, formatContextStats } from '../../../../client/src/engine';
import { engineOptionsFromArgs } from '../../../../client/src/engine/endpoint';
import { EngineCommandOptions } from './options';
import type { Io } from '../main';

export async function buildCommand(o: EngineCommandOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const engine = new Engine(engineOptionsFromArgs({ host: o.host, context: o.context }, env));
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  // json keeps stdout for the one result object: progress goes to stderr.
  const progress = o.format === 'json' ? io.stderr : io.stdout;
  const shown = path.relative(io.cwd, o.dockerfilePath) || path.basename(o.dockerfilePath);
  let result: BuildResult;
  try {
    let lastContext = '';
    result = await build(engine, {
      dockerfilePath: o.dockerfilePath, contextDir: o.contextDir, tag: o.tag, target: o.target, buildArgs: o.buildArgs, secrets: o.secrets, ssh: o.ssh,
      builder: o.builder, noCache: o.noCache, signal: abort.signal, records: new BuildRecordStore(defaultRecordsDir(env)),
      onOutput: text => progress(text),
      onContext: stats => {
        const line = formatContextStats(stats);
        if (stats.done && line !== lastContext) { lastContext = line; progress(line + '\n'); }
      },
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    engine.dispose();
  }
  if (result.recordProblem) io.stderr(`layerwise: ${result.recordProblem}\n`);
  const steps = (result.steps ?? []).map(s => ({ line: s.line + 1, instruction: s.instruction, cached: s.cached, durationMs: s.durationMs }));
  if (result.ok) {
    if (o.format === 'json') io.stdout(JSON.stringify({ image: result.imageId, steps }, null, 2) + '\n');
    else {
      const cached = steps.filter(s => s.cached).length;
      io.stdout(`Built ${o.tag ? o.tag + ' ' : ''}${result.imageId} in ${(result.durationMs / 1000).toFixed(1)} s (${result.builder === 'buildkit' ? 'BuildKit' : 'classic builder'}; ${cached} of ${steps.length} steps cached)\n`);
    }
    return 0;
  }
  if (result.cancelled) {
    io.stderr('layerwise: the build was interrupted.\n');
    return 1;
  }
  const message = result.error?.message ?? 'the builder gave no reason';
  const line = result.error?.line;
  const kind = result.error?.kind ?? 'build';
  if (o.format === 'json') {
    io.stdout(JSON.stringify({ image: null, error: { message, ...(line !== undefined ? { line: line + 1 } : {}) }, steps }, null, 2) + '\n');
  }
  if (kind === 'build') {
    const where = line !== undefined ? `${shown}:${line + 1}` : shown;
    if (o.format === 'github') io.stdout(`::error file=${escapeProperty(shown)}${line !== undefined ? `,line=${line + 1}` : ''}::${escapeData(message)}\n`);
    io.stderr(`${where}: ${message}\n`);
    return 1;
  }
  io.stderr(`layerwise: ${message}\n`);
  return 2;
}

// GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
