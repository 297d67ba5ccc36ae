import { Instr } from '../../../analysis/model';
import { StageRule, RuleFinding } from '../../rule';
import { describe } from '../../edits';
import { dropQuotes } from './imageRef';
import { isRemoteSource, looksLikeArchive } from './archives';
import { emptyList, listOf } from '../../../analysis/lists';

// Flags COPY has too; anything else (`--checksum`, `--keep-git-dir`, `--unpack`) is ADD's own.
const SHARED_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude', 'parents']);

// `ADD app.py /app/`: ADD's extra powers (URLs, unpacking tars) are never wanted here, and surprise later.
export const addInsteadOfCopy: StageRule = {
  id: 'add-instead-of-copy', category: 'best-practice', severity: 'warning', hadolintSeverity: 'error',
  title: 'ADD of local files or folders where COPY does',
  equivalents: { hadolint: ['DL3020'] },
  explanation: 'ADD also downloads URLs and unpacks local tar archives. For plain files and folders it does what COPY does, '
    + 'but a reader must check which power is in play, and a file that happens to be a tar archive is unpacked instead of copied. '
    + 'COPY says exactly what happens.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    for (const copy of stage.copies) {
      const instr = copy.instr;
      if (instr.keyword !== 'ADD' || copy.sources.length === 0 || instr.heredocs.length > 0) continue;
      const sources = listOf(copy.sources, dropQuotes);
      // hadolint's test: every source must be an archive or a URL for ADD to be justified. A variable may hold a URL.
      if (sources.every(s => looksLikeArchive(s) || isRemoteSource(s) || s.startsWith('$'))) continue;
      const finding: RuleFinding = { message: `Use COPY instead of ADD for files and folders: ${describe(model, instr)} adds local files.`, range: instr.keywordRange };
      if (safeToCopy(instr, sources)) {
        const written = (model.lines[instr.keywordRange.start.line] ?? '').slice(instr.keywordRange.start.character, instr.keywordRange.end.character);
        finding.fixes = [{ title: 'Replace ADD with COPY', edits: [{ range: instr.keywordRange, newText: written === 'add' ? 'copy' : written === 'ADD' ? 'COPY' : 'Copy' }], isPreferred: true }];
      }
      out.push(finding);
    }
    return out;
  },
};

/**
 * COPY gives the same result only when no source can be a URL or a tar archive ADD would unpack.
 * ADD recognises archives by content: a wildcard or a variable could match one, so those get no fix.
 */
function safeToCopy(instr: Instr, sources: string[]): boolean {
  if (instr.flagList.some(f => !SHARED_FLAGS.has(f.name.toLowerCase()))) return false;
  return sources.every(s => !looksLikeArchive(s) && !isRemoteSource(s) && !/[$*?[]/.test(s) && !/\.(tar|gz|tgz|bz2|tbz2?|xz|txz|zst|lz4?|lzma|z)$/i.test(s));
}
