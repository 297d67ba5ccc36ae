import { Rule, RuleFinding } from '../rule';
import { describe } from '../edits';
import { stageReferences } from '../../analysis/stageRefs';
import { Range } from '../../analysis/types';

// Two stages with one alias: `--target` and `--from` can only mean one of them, and BuildKit refuses the file.
export const duplicateStageName: Rule = {
  id: 'duplicate-stage-name',
  category: 'multi-stage',
  severity: 'error',
  title: 'Two stages share the same name',
  equivalents: { hadolint: ['DL3024'], buildkit: ['DuplicateStageName'] },
  check(model) {
    const out: RuleFinding[] = [];
    const taken = new Set(model.stages.filter(s => s.name).map(s => s.name!.toLowerCase()));
    const refs = stageReferences(model);
    for (const stage of model.stages) {
      if (!stage.name) continue;
      const key = stage.name.toLowerCase();
      const first = model.stages.find(s => s.index < stage.index && s.name?.toLowerCase() === key);
      if (!first) continue;
      const node = stage.from.node as unknown as { getBuildStageRange(): Range | null };
      const range = node.getBuildStageRange() ?? stage.from.range;
      // Renaming is only safe when nothing after this stage's FROM names the alias; otherwise we cannot tell which stage was meant.
      const laterUse = refs.some(r => r.instr.range.start.line > stage.from.range.start.line && !/^\d+$/.test(r.expanded)
        && (!r.complete || r.expanded.toLowerCase() === key));
      let fixes;
      if (!laterUse) {
        let n = 2;
        while (taken.has(`${key}-${n}`)) n++;
        const newName = `${stage.name}-${n}`;
        taken.add(newName.toLowerCase());
        fixes = [{ title: `Rename this stage to \`${newName}\``, edits: [{ range, newText: newName }], isPreferred: true }];
      }
      out.push({
        message: `Stage name \`${stage.name}\` at ${describe(model, stage.from)} is already used by ${describe(model, first.from)}; stage names must be unique (BuildKit fails the build, and --target/--from cannot tell them apart).`,
        range,
        related: [{ range: first.from.range, message: `first stage named \`${first.name}\`` }],
        fixes,
      });
    }
    return out;
  },
};
