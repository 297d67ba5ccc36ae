import { Rule, RuleFinding } from '../rule';
import { describe } from '../edits';
import { firstStageNamed, stageReferences } from '../../analysis/stageRefs';
import { DockerfileModel, Stage } from '../../analysis/model';
import { Range } from '../../analysis/types';
import { isBuiltOnPurpose } from './targetStages';
import { perStage } from '../../analysis/stageMemo';
import { emptyList, listOf } from '../../analysis/lists';

const DIRECTIVE = /^\s*#\s*(syntax|escape|check)\s*=/i;

// A stage the final image never depends on: BuildKit skips it, the classic builder builds it for nothing.
// Named stages are often built on purpose with `--target` (test, lint, update, export…): those stay
// quiet, and no named stage gets a deleting fix, since a build script may target it.
export const unusedStage: Rule = {
  id: 'unused-stage',
  category: 'multi-stage',
  severity: 'hint',
  title: 'A build stage that the final image does not use',
  equivalents: {},
  scope: 'file',
  fileScopeReason: 'whether a stage is used depends on every later stage that could name it',
  check(model) {
    const out: RuleFinding[] = emptyList();
    if (model.stages.length < 2) return out;
    const refs = stageReferences(model);
    // A reference we cannot resolve could point anywhere: stay silent rather than guess.
    if (refs.some(r => !r.complete && !/[/:.@]/.test(r.expanded.replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-+][^}]*)?\}?/g, '')))) return out;
    const usedBy = new Map<number, Set<number>>();
    // The same edges the other way round, so the walk below is linear in the references.
    const uses = new Map<number, number[]>();
    const edge = (from: number, target: number) => {
      if (target === from) return;
      if (!usedBy.has(target)) usedBy.set(target, new Set());
      usedBy.get(target)!.add(from);
      if (!uses.has(from)) uses.set(from, []);
      uses.get(from)!.push(target);
    };
    const patterns = new Map<string, number[]>();
    for (const r of refs) {
      const target = r.target ?? laterOrOwnName(model, r.expanded, r.kind);
      if (target !== undefined) edge(r.stage, target);
      // `FROM verify-${SOURCE}`: a build arg picks the stage, so every stage the pattern matches is used.
      for (const s of stagesMatching(model, r.value, r.stage, patterns)) edge(r.stage, s);
    }
    // Reachable from the final stage = built by a plain `docker build`.
    const reached = new Set<number>();
    const todo = [model.stages.length - 1];
    while (todo.length) {
      const s = todo.pop()!;
      if (reached.has(s)) continue;
      reached.add(s);
      for (const target of uses.get(s) ?? []) todo.push(target);
    }
    for (const stage of model.stages) {
      if (reached.has(stage.index)) continue;
      // A stage that feeds another unused stage is part of that stage's build: the leaf speaks for the chain.
      if ((usedBy.get(stage.index)?.size ?? 0) > 0) continue;
      const range = stage.from.keywordRange.start.line === stage.from.range.end.line ? stage.from.range : stage.from.keywordRange;
      if (stage.name !== undefined) {
        if (perStage(onPurpose, stage, isBuiltOnPurpose)) continue;
        out.push({
          message: `Stage \`${stage.name}\` (${describe(model, stage.from)}) is not used by the final image: nothing copies from it or builds on it, so a default build skips it (BuildKit) or builds it for nothing (classic builder). If the final image should contain its output, add \`COPY --from=${stage.name} …\`; if you build it on purpose with \`--target ${stage.name}\`, suppress this.`,
          range, tags: ['unnecessary'],
        });
        continue;
      }
      // An unnamed stage cannot be picked with --target: it is dead code.
      out.push({
        message: `Stage #${stage.index} (${describe(model, stage.from)}) is not used by the final image: it has no name, so \`--target\` cannot select it, and nothing copies from it or builds on it. BuildKit skips it; the classic builder builds it for nothing.`,
        range, tags: ['unnecessary'],
        fixes: [{ title: `Remove stage #${stage.index}`, edits: [{ range: stageSpan(model, stage), newText: '' }], isPreferred: false }],
      });
    }
    return out;
  },
};

/** Per Stage object (stageMemo.ts): whether its name says it is built on purpose. */
const onPurpose = new WeakMap<Stage, boolean>();

/** For usage only: a name that matches no earlier stage may still be meant for a later one. */
function laterOrOwnName(model: DockerfileModel, value: string, kind: string): number | undefined {
  if (kind === 'from' || /^\d+$/.test(value)) return undefined;
  return firstStageNamed(model, value);
}

/** Stages (other than `self`) whose name a reference with variables can expand to, whatever the build args. */
function stagesMatching(model: DockerfileModel, written: string, self: number, memo: Map<string, number[]>): number[] {
  if (!written.includes('$')) return [];
  // Many references share one pattern (`FROM debian:${VERSION}` in every stage): match each pattern once.
  let matching = memo.get(written);
  if (!matching) {
    const parts = written.split(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/);
    const pattern = new RegExp('^' + listOf(parts, p => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
    memo.set(written, (matching = listOf(model.stages.filter(s => s.name !== undefined && pattern.test(s.name)), s => s.index)));
  }
  return matching.filter(i => i !== self);
}

/** The stage's lines: its attached comments, FROM, body and trailing blank lines, up to the next stage's own comments. */
function stageSpan(model: DockerfileModel, stage: Stage): Range {
  let start = stage.from.range.start.line;
  const prevEnd = stage.from.index > 0 ? model.instructions[stage.from.index - 1].range.end.line : -1;
  while (start - 1 > prevEnd && /^\s*#/.test(model.lines[start - 1]) && !DIRECTIVE.test(model.lines[start - 1])) start--;
  const next = model.stages[stage.index + 1];
  let end = next.from.range.start.line;
  const lastEnd = stage.instructions.length ? stage.instructions[stage.instructions.length - 1].range.end.line : stage.from.range.end.line;
  while (end - 1 > lastEnd && /^\s*#/.test(model.lines[end - 1])) end--;
  return { start: { line: start, character: 0 }, end: { line: end, character: 0 } };
}
