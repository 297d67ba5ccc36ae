import { ShellCommand } from '../../../analysis/shell';
import { StageRule, RuleFinding } from '../../rule';
import { describe } from '../../edits';
import { commandOf } from '../../cache/common';
import { dropQuotes } from './imageRef';
import { basename, looksLikeArchive } from './archives';
import { emptyList, listOf } from '../../../analysis/lists';

const UNPACKERS = new Set(['unzip', 'gunzip', 'bunzip2', 'unlzma', 'unxz', 'zgz', 'uncompress', 'zcat', 'gzcat']);

function extracts(cmd: ShellCommand): boolean {
  const { prog, args } = commandOf(cmd);
  if (UNPACKERS.has(prog)) return true;
  return prog === 'tar' && args.some(a => a === '--extract' || a === '--get' || (/^-[^-]/.test(a) && a.includes('x')) || (args[0] === a && /^[A-Za-z]*x[A-Za-z]*$/.test(a)));
}

// `COPY app.tar.gz /tmp/` then `RUN tar -xzf /tmp/app.tar.gz`: the archive stays in the COPY layer for good.
export const copiedArchiveExtracted: StageRule = {
  id: 'copied-archive-extracted', category: 'best-practice', severity: 'info', hadolintSeverity: 'info',
  title: 'An archive is COPYed and then extracted by a RUN',
  equivalents: { hadolint: ['DL3010'] },
  explanation: 'The COPY layer keeps the archive even after a later RUN unpacks (and deletes) it, so the image carries it twice. '
    + '`ADD archive.tar.gz /dest/` unpacks it in one layer; `RUN --mount=type=bind,source=archive.tar.gz,target=/tmp/a.tgz tar -xzf /tmp/a.tgz` never stores it.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    // Archive base name → the COPYs that brought it, so far; a RUN that unpacks one of them marks those COPYs.
    type Copy = typeof stage.copies[number];
    const archives = new Map<string, Copy[]>();
    const remember = (name: string, copy: Copy) => { const list = archives.get(name); if (list) list.push(copy); else archives.set(name, [copy]); };
    const reported = new Set<Copy>();
    const copyOf = new Map(listOf(stage.copies, c => [c.instr, c]));
    for (const instr of stage.instructions) {
      if (instr.keyword === 'COPY') {
        const copy = copyOf.get(instr);
        if (!copy || copy.from !== undefined) continue;
        const dest = basename(dropQuotes(copy.dest));
        // hadolint: a destination named like an archive is the archive; else each archive-named source.
        if (looksLikeArchive(dest)) remember(dest, copy);
        else for (const s of copy.sources) if (looksLikeArchive(dropQuotes(s))) remember(basename(dropQuotes(s)), copy);
        continue;
      }
      if (instr.keyword !== 'RUN' || archives.size === 0) continue;
      for (const cmd of instr.shell) {
        if (!extracts(cmd)) continue;
        for (const arg of commandOf(cmd).args) {
          if (arg.startsWith('-')) continue;
          const name = basename(dropQuotes(arg));
          for (const copy of archives.get(name) ?? []) {
            if (reported.has(copy)) continue;
            reported.add(copy);
            out.push({
              message: `Use ADD for extracting archives into an image: ${describe(model, copy.instr)} copies '${name}', which ${describe(model, instr)} extracts; the archive stays in the COPY layer.`,
              range: copy.instr.range.start.line === copy.instr.range.end.line ? copy.instr.range : copy.instr.keywordRange,
              related: [{ range: instr.keywordRange, message: 'the archive is extracted here' }],
            });
          }
        }
      }
    }
    return out;
  },
};
