// Hovers beyond the library's keyword docs: a FROM image as the engine knows it, and a stage name
// with the places that use it.
import type { DockerfileModel, Stage } from '../analysis/model';
import { parseImageReference } from '../analysis/expand';
import { stageReferences, StageRef } from '../analysis/stageRefs';
import { EngineImages, formatAge, formatSize, sameRepository } from './engineImages';
import type { Position, Range } from './types';
import { instructionAt } from '../analysis/suppressions';
import { listContext } from './contextPaths';

function inside(p: Position, r: Range | null | undefined): r is Range {
  if (!r) return false;
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}


/** The stage whose FROM image the cursor is on (a real image, not an earlier stage). */
export function fromImageAt(model: DockerfileModel, position: Position): Stage | undefined {
  const stage = model.stages.find(s => s.from.range.start.line <= position.line && s.from.range.end.line >= position.line);
  if (!stage || stage.parent !== undefined || !inside(position, stage.from.fromClause?.imageRange)) return undefined;
  return stage;
}

export async function imageHover(stage: Stage, images: EngineImages, labelKeys: string[], now: number): Promise<string | undefined> {
  if (stage.image.toLowerCase() === 'scratch') return undefined;
  if (!stage.imageComplete) return `**${stage.image}**: a build argument without a default decides this image, so Layerwise cannot look it up.`;
  const ref = parseImageReference(stage.expandedImage);
  if (ref.digest) return undefined; // pinned by digest: tags say nothing about it
  const tag = ref.tag ?? 'latest';
  const unavailable = await images.unavailable();
  if (unavailable) return `**${ref.name}:${tag}** — the Docker engine was not asked: ${unavailable}`;
  const all = await images.tags();
  const same = all.filter(t => sameRepository(t.repository, ref.name));
  const local = same.find(t => t.tag === tag);
  if (!local) {
    const others = same.map(t => t.tag);
    return `**${ref.name}:${tag}** is not on the connected engine: the build pulls it.` +
      (others.length ? `\n\nLocal tags of ${ref.name}: ${others.slice(0, 10).map(t => '`' + t + '`').join(', ')}` : '');
  }
  const img = local.image;
  const lines = [
    `**${ref.name}:${tag}** (local image \`${img.id.replace(/^sha256:/, '').slice(0, 12)}\`)`,
    '',
    `${formatSize(img.size)} · created ${new Date(img.created * 1000).toISOString().slice(0, 10)} (${formatAge(img.created, now)})`,
  ];
  const key = labelKeys.find(k => img.labels[k]);
  if (key) lines.push('', `Base image (label \`${key}\`): \`${img.labels[key]}\``);
  const newer = same.filter(t => t.image.created > img.created && t.image.id !== img.id).sort((a, b) => b.image.created - a.image.created)[0];
  if (newer) lines.push('', `A newer local tag exists: \`${newer.repository}:${newer.tag}\`, created ${formatAge(newer.image.created, now)}.`);
  return lines.join('\n');
}

/** The stage named at the cursor: its `AS name`, or a reference to it (FROM, COPY --from, RUN --mount from=). */
export function stageAt(model: DockerfileModel, position: Position): Stage | undefined {
  for (const s of model.stages) {
    if (s.name && inside(position, s.from.fromClause?.stageNameRange)) return s;
  }
  const ref = stageReferences(model).find(r => r.target !== undefined && inside(position, r.range));
  return ref ? model.stages[ref.target as number] : undefined;
}

function describeRef(model: DockerfileModel, r: StageRef): string {
  const user = model.stages[r.stage];
  const where = user?.name ? `stage \`${user.name}\`` : `stage ${r.stage}`;
  const what = r.kind === 'from' ? 'builds on it' : r.kind === 'copy' ? `copies from it (\`${r.instr.keyword} --from\`)` : 'mounts it (`RUN --mount`)';
  return `- line ${r.instr.range.start.line + 1}: ${where} ${what}`;
}

export function stageHover(model: DockerfileModel, stage: Stage): string {
  const uses = stageReferences(model).filter(r => r.target === stage.index && r.stage !== stage.index);
  const title = `**Stage ${stage.name ? `\`${stage.name}\`` : stage.index}** (stage ${stage.index}, line ${stage.from.range.start.line + 1}, from \`${stage.image || 'scratch'}\`)`;
  const last = stage.index === model.stages.length - 1;
  if (uses.length === 0) {
    return `${title}\n\n${last ? 'The final stage: what `docker build` produces without `--target`.' : 'No later stage uses it: BuildKit builds it only with `--target ' + (stage.name ?? stage.index) + '` (the classic builder builds every stage).'}`;
  }
  return `${title}\n\nUsed by:\n${uses.map(r => describeRef(model, r)).join('\n')}`;
}

/** A COPY/ADD source under the cursor that .dockerignore excludes: the build will not find it. */
export async function excludedSourceHover(model: DockerfileModel, position: Position, contextDir: string | undefined): Promise<string | undefined> {
  if (!contextDir) return undefined;
  const instr = instructionAt(model, position.line);
  if (!instr || (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flags.has('from') || instr.execForm) return undefined;
  const i = instr.argRanges.findIndex(r => inside(position, r));
  if (i < 0 || i >= instr.args.length - 1) return undefined; // the last word is the destination
  const source = instr.args[i];
  const listing = await listContext(contextDir, source);
  if (listing.excludedBy === undefined) return undefined;
  return `\`${source}\` is excluded by .dockerignore (\`${listing.excludedBy}\`): the build context does not contain it, so this ${instr.keyword} fails or copies less than it says.`;
}
