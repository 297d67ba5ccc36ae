// Which unused named stages are a forgotten `COPY --from`, and which are built on purpose.
import { Stage } from '../../analysis/model';

/**
 * Words that name a stage whose only job is to produce something for another stage. If nothing
 * uses such a stage, a `COPY --from=<it>` was almost certainly forgotten. Any other name
 * (`test`, `lint`, `update`, `dev-envs`, `worker`…) is, on real Dockerfiles, a stage that build
 * scripts, Compose or bake files select with `--target`: not reported.
 */
const PRODUCER_WORDS = new Set([
  'build', 'builder', 'building', 'compile', 'compiler', 'deps', 'dep', 'dependencies', 'install', 'installer',
  'prepare', 'prep', 'download', 'downloader', 'fetch', 'fetcher', 'assets', 'base', 'stage', 'source', 'sources',
]);

export function isBuiltOnPurpose(stage: Stage): boolean {
  if (stage.name === undefined) return false;
  // `FROM scratch AS update` exports files with `--output`; `FROM image AS name` with no
  // instructions pins an image version for Dependabot/Renovate.
  if (stage.expandedImage.toLowerCase() === 'scratch' || stage.instructions.length === 0) return true;
  return !stage.name.toLowerCase().split(/[-_.]+/).some(part => PRODUCER_WORDS.has(part.replace(/\d+$/, '')));
}
