import { StageRule } from '../../rule';
import { describe } from '../../edits';
import { baseShellOfImage } from '../../runVsCmd/baseShell';

/**
 * `COPY --from=ubuntu / /`: a whole operating system laid over this stage's, its package database,
 * /etc/passwd and libraries included. Reported only when the source is known to be a distribution
 * or an official image built on one: copying `/` of a scratch stage of artifacts is the normal export
 * pattern, and images made to be copied whole (tonistiigi/xx, images of CLI binaries) are `FROM scratch`
 * themselves, which a name does not tell.
 */
export const copyWholeFilesystem: StageRule = {
  id: 'copy-whole-filesystem', category: 'multi-stage', severity: 'warning', hadolintSeverity: 'warning',
  title: 'COPY --from copies a whole operating system over this stage',
  equivalents: { hadolint: ['DL3067'] },
  explanation: 'Copying `/` of another image or stage to `/` overwrites this stage\'s system files with the other\'s: '
    + 'its package database, users and shared libraries no longer match the packages installed here, and the layer holds '
    + 'a second copy of the whole system. Copy the directories the stage produced (`COPY --from=build /out/app /usr/local/bin/`).',
  scope: 'stage',
  checkStage(stage, model) {
    const out = [];
    for (const copy of stage.copies) {
      if (copy.instr.keyword !== 'COPY' || copy.from === undefined) continue;
      if (!copy.sources.some(s => unquote(s) === '/') || unquote(copy.dest) !== '/') continue;
      const source = copy.fromStage !== undefined ? model.stages[copy.fromStage] : undefined;
      const root = source ? { image: source.rootImage, complete: source.rootComplete } : { image: copy.from, complete: !copy.from.includes('$') };
      if (!root.complete || !baseShellOfImage(root.image)) continue;
      const based = root.image === copy.from ? '' : ` (based on \`${root.image}\`)`;
      out.push({
        message: `${describe(model, copy.instr)} copies the whole filesystem of \`${copy.from}\`${based} over this stage: its package database, users and libraries replace this stage's. Copy only the directories you need.`,
        range: copy.instr.range,
      });
    }
    return out;
  },
};

function unquote(s: string): string {
  return s.replace(/^(["'])(.*)\1$/, '$2');
}
