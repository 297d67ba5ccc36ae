// FROM and --from completions that know the project and the engine: earlier stages, global ARGs,
// and the images (and tags) present on the connected engine.
import type { DockerfileModel } from '../analysis/model';
import { CompletionItem, CompletionItemKind, Position } from './types';
import { EngineImages, formatAge, formatSize, sameRepository } from './engineImages';

export interface ImageCompletionInput {
  model: DockerfileModel;
  position: Position;
  /** The value typed so far and where it starts. */
  prefix: string;
  start: Position;
  images: EngineImages;
  now: number;
}

function edit(input: ImageCompletionInput, newText: string) {
  return { range: { start: input.start, end: input.position }, newText };
}

/** Stages that start above the cursor: the only ones a FROM or --from may name. */
export function earlierStages(model: DockerfileModel, line: number) {
  return model.stages.filter(s => s.from.range.start.line < line && s.from.range.end.line < line);
}

function stageItems(input: ImageCompletionInput): CompletionItem[] {
  return earlierStages(input.model, input.position.line).filter(s => s.name).map(s => ({
    label: s.name as string, kind: CompletionItemKind.Reference,
    detail: `stage ${s.index} (line ${s.from.range.start.line + 1}, from ${s.image || 'scratch'})`,
    sortText: `0${String(s.index).padStart(5, '0')}`, textEdit: edit(input, s.name as string),
  }));
}

async function imageItems(input: ImageCompletionInput, sortGroup: string): Promise<CompletionItem[]> {
  const items: CompletionItem[] = [];
  let n = 0;
  for (const t of await input.images.tags()) {
    const name = `${t.repository}:${t.tag}`;
    items.push({
      label: name, kind: CompletionItemKind.Module,
      detail: `local image · ${formatSize(t.image.size)} · ${formatAge(t.image.created, input.now)}`,
      sortText: `${sortGroup}${String(n++).padStart(5, '0')}`, textEdit: edit(input, name),
    });
  }
  return items;
}

/** `FROM |`: local images, earlier stages, and global ARGs as `${NAME}`. */
export async function fromImageItems(input: ImageCompletionInput): Promise<CompletionItem[]> {
  const args = [...input.model.globalArgs.keys()].map((name, i): CompletionItem => ({
    label: '${' + name + '}', kind: CompletionItemKind.Variable, detail: 'build argument declared before the first FROM',
    sortText: `2${String(i).padStart(5, '0')}`, filterText: '$' + name, textEdit: edit(input, '${' + name + '}'),
  }));
  return [...stageItems(input), ...await imageItems(input, '1'), ...args];
}

/** `FROM repo:|`: the tags of that repository on the engine. */
export async function fromTagItems(input: ImageCompletionInput, repository: string): Promise<CompletionItem[]> {
  const items: CompletionItem[] = [];
  let n = 0;
  for (const t of await input.images.tags()) {
    if (!sameRepository(t.repository, repository)) continue;
    items.push({
      label: t.tag, kind: CompletionItemKind.Constant,
      detail: `local · ${formatSize(t.image.size)} · ${formatAge(t.image.created, input.now)}`,
      sortText: String(n++).padStart(5, '0'), textEdit: edit(input, t.tag),
    });
  }
  return items;
}

/** `COPY --from=|` and `RUN --mount=…,from=|`: earlier stages first, then local images. */
export async function fromFlagItems(input: ImageCompletionInput): Promise<CompletionItem[]> {
  return [...stageItems(input), ...await imageItems(input, '1')];
}
