// Which stages other stages consume: the rest can be built on their own with `--target` and shipped.
import { DockerfileModel, Instr, Stage } from './model';
import { firstStageNamed } from './stageRefs';
import { perStage } from './stageMemo';
import { emptyList } from './lists';

/** `RUN --mount=…,from=<stage>` sources of a RUN (there may be several --mount flags). */
export function mountSources(instr: Instr): string[] {
  if (instr.keyword !== 'RUN') return [];
  const out: string[] = [];
  for (const flag of instr.flagList) {
    if (flag.name.toLowerCase() !== 'mount') continue;
    for (const o of flag.options) if (o.name.toLowerCase() === 'from' && o.value) out.push(o.value);
  }
  return out;
}

/** Index of the stage a `--from` value names (by name or number), if any. */
export function stageNamed(model: DockerfileModel, ref: string): number | undefined {
  const byName = firstStageNamed(model, ref);
  if (byName !== undefined) return byName;
  return /^\d+$/.test(ref) && Number(ref) < model.stages.length ? Number(ref) : undefined;
}

/** Per Stage object (stageMemo.ts): the `--mount from=` values of its RUNs. */
const stageMounts = new WeakMap<Stage, string[]>();

function mountsOf(stage: Stage): string[] {
  return stage.instructions.flatMap(mountSources);
}

/** Stages that another stage builds on (`FROM <stage>`), copies from (`COPY --from`) or mounts (`RUN --mount=from=`). */
export function consumedStages(model: DockerfileModel): Set<number> {
  const used = new Set<number>();
  for (const stage of model.stages) {
    if (stage.parent !== undefined) used.add(stage.parent);
    for (const c of stage.copies) if (c.fromStage !== undefined && c.fromStage !== stage.index) used.add(c.fromStage);
    for (const src of perStage(stageMounts, stage, mountsOf)) {
      const i = stageNamed(model, src);
      if (i !== undefined && i !== stage.index) used.add(i);
    }
  }
  return used;
}

/** The last stage, plus every stage nothing else consumes (it can be built with `--target`). */
export function shippableStages(model: DockerfileModel): Stage[] {
  const used = consumedStages(model);
  const last = model.stages.length - 1;
  const out: Stage[] = emptyList();
  for (const s of model.stages) if (s.index === last || !used.has(s.index)) out.push(s);
  return out;
}

/** The first stage of a `FROM <stage>` chain: the one whose FROM names a real image. */
export function rootStage(model: DockerfileModel, stage: Stage): Stage {
  let s = stage;
  const seen = new Set<number>();
  while (s.parent !== undefined && !seen.has(s.index)) { seen.add(s.index); s = model.stages[s.parent]; }
  return s;
}
