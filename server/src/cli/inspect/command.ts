// `layerwise inspect IMAGE`: the Layer History view's analysis for CI, with dive's gates. The engine
// module does the work; this file parses options and chooses the output.
import * as fs from 'fs';
import * as path from 'path';
import { Engine, EngineError } from '../../../../client/src/engine/connection';
import { engineOptionsFromArgs } from '../../../../client/src/engine/endpoint';
import { HistoryEntry, recordFromHistory } from '../../../../client/src/engine/records';
import { inspectImage, InspectError } from '../../../../client/src/engine/layers/inspect';
import { BuildRecord } from '../../../../client/src/engine/types';
import { UsageError, reason } from '../errors';
import { checkGates, Gates, parseRatio, parseSize } from './gates';
import { inspectJson, inspectTty } from './format';

export interface InspectIo { stdout(text: string): void; stderr(text: string): void; cwd: string; color: boolean }

export interface InspectValues {
  format?: string;
  output?: string;
  dockerfile?: string;
  'lowest-efficiency'?: string;
  'highest-wasted-bytes'?: string;
  'highest-user-wasted-percent'?: string;
  'no-cache'?: boolean;
  /** Engine selection, shared with every engine command (see engineOptionsFromArgs). */
  context?: string;
  host?: string;
}

/** Validates everything before talking to the engine, so usage errors come back at once (exit 2). */
export function parseInspect(args: string[], values: InspectValues): { image: string; format: 'tty' | 'json'; gates: Gates } {
  if (args.length !== 1) throw new UsageError(args.length ? `inspect takes one image, not ${args.length}.` : 'inspect needs an image, e.g. `layerwise inspect myapp:latest`.');
  const format = values.format ?? 'tty';
  if (format !== 'tty' && format !== 'json') throw new UsageError(`Unknown format "${format}" for inspect; use tty or json.`);
  const gates: Gates = {};
  if (values['lowest-efficiency'] !== undefined) gates.lowestEfficiency = parseRatio('lowest-efficiency', values['lowest-efficiency']);
  if (values['highest-wasted-bytes'] !== undefined) gates.highestWastedBytes = parseSize(values['highest-wasted-bytes']);
  if (values['highest-user-wasted-percent'] !== undefined) gates.highestUserWastedPercent = parseRatio('highest-user-wasted-percent', values['highest-user-wasted-percent']);
  return { image: args[0], format, gates };
}

export async function inspectCommand(args: string[], values: InspectValues, io: InspectIo): Promise<number> {
  const { image, format, gates } = parseInspect(args, values);
  let dockerfileText: string | undefined;
  const dockerfilePath = values.dockerfile && path.resolve(io.cwd, values.dockerfile);
  if (dockerfilePath) {
    try { dockerfileText = fs.readFileSync(dockerfilePath, 'utf8'); } catch (error) { throw new UsageError(`Cannot read ${values.dockerfile}: ${reason(error)}.`); }
  }
  const engine = new Engine(engineOptionsFromArgs(values));
  try {
    let record: BuildRecord | undefined;
    if (dockerfilePath && dockerfileText !== undefined) {
      const docker = await engine.docker();
      const img = docker.getImage(image);
      const [info, history] = await Promise.all([img.inspect(), img.history() as Promise<HistoryEntry[]>]).catch(() => [undefined, undefined]);
      if (info && history) record = recordFromHistory({ dockerfilePath, dockerfileText, imageId: info.Id, builder: 'classic', history });
    }
    const contents = await inspectImage(engine, image, { record, cacheDir: values['no-cache'] ? false : undefined });
    const results = checkGates(contents, gates);
    const report = format === 'json' ? inspectJson(contents, results) : inspectTty(contents, results, io.color && !values.output);
    if (values.output) {
      try { fs.writeFileSync(path.resolve(io.cwd, values.output), report); } catch (error) { throw new UsageError(`Cannot write the report to ${values.output}: ${reason(error)}.`); }
    } else {
      io.stdout(report);
    }
    for (const g of results) if (!g.passed) io.stderr(`layerwise: gate ${g.name} failed: ${g.message}.\n`);
    return results.some(g => !g.passed) ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = error instanceof InspectError || error instanceof EngineError ? error.message : `Inspecting ${image} failed: ${reason(error)}`;
    io.stderr(`layerwise: ${message}\n`);
    return 2;
  } finally {
    engine.dispose();
  }
}
