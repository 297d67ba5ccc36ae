import dockerignore from '@balena/dockerignore';
import { StageRule, RuleFinding } from '../rule';
import { emptyList, listOf } from '../../analysis/lists';

// COPY of a path that .dockerignore keeps out of the build context: the builder never sees it.
export const copyIgnoredFile: StageRule = {
  id: 'copy-ignored-file',
  category: 'best-practice',
  severity: 'warning',
  title: 'COPY/ADD names a file that .dockerignore (or <Dockerfile>.dockerignore) excludes from the build context',
  equivalents: { buildkit: ['CopyIgnoredFile'] },
  explanation: '.dockerignore removes files from the build context before the builder sees it, so a COPY of an excluded path fails '
    + '("not found") or, with a pattern, silently copies less than it says. Either the COPY or the .dockerignore entry is wrong.',
  scope: 'stage',
  checkStage(stage, _model, ctx) {
    // BuildKit prefers `<Dockerfile name>.dockerignore` (beside the Dockerfile) to the context's .dockerignore.
    const own = ctx.dockerfileName ? `${ctx.dockerfileName}.dockerignore` : undefined;
    let file = own;
    let text = own !== undefined ? ctx.readContextFile?.(own) : undefined;
    if (text === undefined) { file = '.dockerignore'; text = ctx.readContextFile?.(file); }
    if (text === undefined) return [];
    const patterns = listOf(text.split(/\r?\n/), l => l.trim()).filter(l => l && !l.startsWith('#'));
    if (patterns.length === 0) return [];
    const ig = dockerignore({ ignorecase: false }).add(patterns);
    const out: RuleFinding[] = emptyList();
    for (const copy of stage.copies) {
      if (copy.from !== undefined || copy.instr.flags.has('from')) continue;
      copy.sources.forEach((source, i) => {
        // Only literal paths: a pattern or a variable may match files that are not excluded.
        if (/[*?[\]$]/.test(source) || /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^git@/.test(source)) return;
        const rel = source.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
        if (!rel || rel === '.' || rel.split('/').includes('..')) return;
        if (!ig.ignores(rel)) return;
        out.push({
          message: `${copy.instr.keyword} source '${source}' is excluded by ${file}, so the builder does not see it.`,
          range: copy.instr.argRanges[i] ?? copy.instr.range,
        });
      });
    }
    return out;
  },
};
