import { FileRule, RuleFinding } from '../../rule';
import { afterLine } from '../../edits';
import { emptyList } from '../../../analysis/lists';

const PRAGMA = /^\s*#\s*hadolint\s+ignore\s*=/i;

// For teams that want every exception in one reviewed place (`.hadolint.yaml`), not scattered in Dockerfiles.
// hadolint ships DL1001 switched off (severity "ignore"), so it has no hadolintSeverity: off in the hadolint profile too.
export const hadolintIgnorePragma: FileRule = {
  id: 'hadolint-ignore-pragma', category: 'best-practice', severity: 'info', recommended: false,
  title: 'Inline `# hadolint ignore=` pragma',
  equivalents: { hadolint: ['DL1001'] },
  explanation: 'An inline ignore hides a finding where reviewers rarely look. Teams that want exceptions listed centrally '
    + 'turn this on and keep them in `.hadolint.yaml` (`ignored:`) or in Layerwise\'s settings.',
  scope: 'file',
  fileScopeReason: 'pragma comments may sit above the first FROM, outside every stage',
  check(model) {
    const out: RuleFinding[] = emptyList();
    // The lines themselves, as the suppression reader sees them (a pragma on the first line is no comment node for the parser).
    model.lines.forEach((text, line) => {
      if (text.length > 4096 || !PRAGMA.test(text)) return;
      out.push({
        message: 'Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.',
        range: { start: { line, character: text.length - text.trimStart().length }, end: { line, character: text.trimEnd().length } },
        fixes: [{ title: 'Remove the pragma comment', edits: [{ range: { start: { line, character: 0 }, end: afterLine(line, model) }, newText: '' }] }],
      });
    });
    return out;
  },
};
