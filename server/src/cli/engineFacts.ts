// `layerwise lint --engine`: asks the Docker Engine about the base images the Dockerfiles name
// (platform and ENV) before linting, so invalid-base-image-platform and undefined-var can use
// what BuildKit would know. The rules stay pure: they get the answers as plain data.
import { Engine, EngineError } from '../../../client/src/engine/connection';
import { engineOptionsFromArgs } from '../../../client/src/engine/endpoint';
import { baseImageFacts } from '../../../client/src/engine/baseImages';
import { parseDockerfile } from '../analysis/model';
import { AnalysisOptions } from '../analysis/types';
import { STDIN, displayPath } from './files';
import { readInputFile } from './read';
import { reason } from './errors';

export type EngineFacts = Pick<AnalysisOptions, 'baseImages' | 'enginePlatform'>;

/** The base images of the files (stdin is not read twice, so it gets none); nothing when the engine cannot answer. */
export async function engineFactsFor(files: string[], selection: { host?: string; context?: string }, env: NodeJS.ProcessEnv, warn: (m: string) => void): Promise<EngineFacts> {
  const refs = new Set<string>();
  for (const file of files) {
    if (file === STDIN) continue;
    const read = readInputFile(file, displayPath(file));
    if (!read.ok) continue; // the lint itself reports it
    for (const stage of parseDockerfile(read.input.text).stages) {
      if (stage.parent === undefined && stage.imageComplete && stage.expandedImage && stage.expandedImage.toLowerCase() !== 'scratch') refs.add(stage.expandedImage);
    }
  }
  const engine = new Engine(engineOptionsFromArgs(selection, env));
  try {
    const facts = await baseImageFacts(engine, [...refs]);
    return { baseImages: facts.images, enginePlatform: facts.platform };
  } catch (error) {
    warn(`--engine: ${error instanceof EngineError ? error.message : `asking the engine failed: ${reason(error)}`} Linting without the engine's facts (invalid-base-image-platform is skipped).`);
    return {};
  } finally {
    engine.dispose();
  }
}
