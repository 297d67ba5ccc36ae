import { Rule, RuleFinding } from '../rule';
import { describe } from '../edits';
import { firstStageNamed, stageReferences } from '../../analysis/stageRefs';
import { DockerfileModel, Stage } from '../../analysis/model';
import { Range } from '../../analysis/types';

const DIRECTIVE = /^\s*#\s*(syntax|escape|check)\s*=/i;

// A stage the final image never depends on: BuildKit skips it, the classic builder builds it for nothing.
export const unusedStage: Rule = {
  id: 'unused-stage',
  category: 'multi-stage',
  severity: 'hint',
  title: 'A build stage that the final image does not use',
  equivalents: {},
  scope: 'file',
  fileScopeReason: 'whether a stage is used depends on every later stage that could name it',
  check(model) {
    const out: RuleFinding[] = [];
    if (model.stages.length < 2) return out;
    const refs = stageReferences(model);
    // A reference we cannot resolve could point anywhere: stay silent rather than guess.
    if (refs.some(r => !r.complete && !/[/:.@]/.test(r.expanded.replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-+][^}]*)?\}?/g, '')))) return out;
    const usedBy = new Map<number, Set<number>>();
    // The same edges the other way round, so the walk below is linear in the references.
    const uses = new Map<number, number[]>();
    for (const r of refs) {
      const target = r.target ?? laterOrOwnName(model, r.expanded, r.kind);
      if (target === undefined || target === r.stage) continue;
      if (!usedBy.has(target)) usedBy.set(target, new Set());
      usedBy.get(target)!.add(r.stage);
      if (!uses.has(r.stage)) uses.set(r.stage, []);
      uses.get(r.stage)!.push(target);
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
      const label = stage.name ? `\`${stage.name}\`` : `#${stage.index}`;
      const users = [...(usedBy.get(stage.index) ?? [])];
      const range = stage.from.keywordRange.start.line === stage.from.range.end.line ? stage.from.range : stage.from.keywordRange;
      if (users.length > 0) {
        out.push({
          message: `Stage ${label} (${describe(model, stage.from)}) is only used by ${users.map(u => describe(model, model.stages[u].from)).join(', ')}, which the final image does not use either; a default build skips it (unless you build it with --target).`,
          range, tags: ['unnecessary'],
        });
        continue;
      }
      out.push({
        message: `Stage ${label} (${describe(model, stage.from)}) is not used by the final image: nothing copies from it or builds on it, so BuildKit skips it and the classic builder builds it for nothing. Keep it only if you build it with --target.`,
        range, tags: ['unnecessary'],
        fixes: [{ title: `Remove stage ${label}`, edits: [{ range: stageSpan(model, stage), newText: '' }], isPreferred: false }],
      });
    }
    return out;
  },
};

/** For usage only: a name that matches no earlier stage may still be meant for a later one. */
function laterOrOwnName(model: DockerfileModel, value: string, kind: string): number | undefined {
  if (kind === 'from' || /^\d+$/.test(value)) return undefined;
  return firstStageNamed(model, value);
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
