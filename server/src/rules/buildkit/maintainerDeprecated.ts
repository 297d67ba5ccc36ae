import { StageRule, RuleFinding } from '../rule';
import { emptyList } from '../../analysis/lists';

// MAINTAINER is deprecated; the OCI authors label carries the same information and is inspectable.
export const maintainerDeprecated: StageRule = {
  id: 'maintainer-deprecated',
  category: 'best-practice',
  severity: 'warning',
  title: 'MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors',
  equivalents: { buildkit: ['MaintainerDeprecated'], hadolint: ['DL4000'] },
  hadolintSeverity: 'error',
  explanation: 'MAINTAINER only sets the deprecated `Author` field of the image config. A label (`org.opencontainers.image.authors`) '
    + 'is what registries and `docker inspect` show, and it can hold several authors.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'MAINTAINER') continue;
      const finding: RuleFinding = { message: 'MAINTAINER is deprecated in favour of LABEL org.opencontainers.image.authors.', range: instr.range };
      const line = model.lines[instr.range.start.line] ?? '';
      const value = line.slice(instr.keywordRange.end.character).trim();
      // One line, and nothing a double-quoted label value would read differently.
      if (instr.range.end.line === instr.range.start.line && value && !/["\\$`]/.test(value)) {
        finding.fixes = [{
          title: 'Replace with LABEL org.opencontainers.image.authors',
          edits: [{ range: instr.range, newText: `LABEL org.opencontainers.image.authors="${value}"` }],
          isPreferred: true,
        }];
      }
      out.push(finding);
    }
    return out;
  },
};
