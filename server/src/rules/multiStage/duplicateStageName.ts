import { Rule, RuleFinding } from '../rule';
import { describe } from '../edits';
import { stageReferences, stagesByName } from '../../analysis/stageRefs';
import { Range } from '../../analysis/types';
import { emptyList, listOf } from '../../analysis/lists';

// Two stages with one alias: `--target` and `--from` can only mean one of them, and BuildKit refuses the file.
export const duplicateStageName: Rule = {
  id: 'duplicate-stage-name',
  category: 'multi-stage',
  severity: 'error',
  title: 'Two stages share the same name',
  equivalents: { hadolint: ['DL3024'], buildkit: ['DuplicateStageName'] },
  hadolintSeverity: 'error',
  scope: 'file',
  fileScopeReason: 'compares the names of all stages',
  check(model) {
    const out: RuleFinding[] = emptyList();
    // The usual file has no two stages with one name: nothing else to look at.
    let duplicates = false;
    for (const list of stagesByName(model).values()) if (list.length > 1) { duplicates = true; break; }
    if (!duplicates) return out;
    const taken = new Set(listOf(model.stages.filter(s => s.name), s => s.name!.toLowerCase()));
    const byName = stagesByName(model);
    // The last line each alias (or an unresolvable reference) is used on, so each duplicate is checked in O(1).
    let lastUnknownUse = -1;
    const lastUse = new Map<string, number>();
    for (const r of stageReferences(model)) {
      if (/^\d+$/.test(r.expanded)) continue;
      const line = r.instr.range.start.line;
      if (!r.complete) lastUnknownUse = Math.max(lastUnknownUse, line);
      else lastUse.set(r.expanded.toLowerCase(), Math.max(lastUse.get(r.expanded.toLowerCase()) ?? -1, line));
    }
    for (const stage of model.stages) {
      if (!stage.name) continue;
      const key = stage.name.toLowerCase();
      const firstIndex = byName.get(key)![0];
      if (firstIndex >= stage.index) continue;
      const first = model.stages[firstIndex];
      const range = stage.from.fromClause?.stageNameRange ?? stage.from.range;
      // Renaming is only safe when nothing after this stage's FROM names the alias; otherwise we cannot tell which stage was meant.
      const fromLine = stage.from.range.start.line;
      const laterUse = lastUnknownUse > fromLine || (lastUse.get(key) ?? -1) > fromLine;
      let fixes;
      // An alias the builder rejects anyway (`ocal/busybox:1x`) gets no rename: the suffix would not make it valid.
      if (!laterUse && /^[a-z][a-z0-9_.-]*$/i.test(stage.name)) {
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
