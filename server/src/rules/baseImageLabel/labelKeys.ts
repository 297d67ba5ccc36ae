// Shared by the two base-image-label rules: which labels record the base, and what the base is.
import { DockerfileModel, LabelEntry, Stage } from '../../analysis/model';
import { rootStage } from '../../analysis/stageGraph';

/** Labels of the stage (inherited ones included) whose key is an accepted base-image key. */
export function baseImageLabels(stage: Stage, keys: string[]): LabelEntry[] {
  return stage.labels.filter(l => keys.includes(l.key));
}

/** `FROM scratch` (directly or at the root of a stage chain) has no base to record. */
export function isScratch(stage: Stage): boolean {
  return stage.rootImage.trim().toLowerCase() === 'scratch';
}

/** The base reference as written at the root of the chain (`node:${NODE_VERSION}`). */
export function writtenBase(model: DockerfileModel, stage: Stage): string {
  return rootStage(model, stage).image;
}

/** Names of the variables a reference uses (`${A}`, `$B`, `${C:-x}`). */
export function variablesIn(text: string): string[] {
  const names: string[] = [];
  const re = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1] ?? m[2];
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Label value syntax: quoted, with the characters a double-quoted Dockerfile value must escape. */
export function quoteLabelValue(value: string): string {
  return '"' + value.replace(/(["\\])/g, '\\$1') + '"';
}
