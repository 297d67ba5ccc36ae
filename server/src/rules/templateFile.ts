import { Rule } from './rule';
import { firstPlaceholderLine, isTemplate } from './fileTraits';

// A generator's template is not what the builder reads: one note instead of dozens of
// findings about placeholders. analyze() runs no other rule (and no syntax check) on it.
export const TEMPLATE_ID = 'template-file';

export const templateFile: Rule = {
  id: TEMPLATE_ID,
  category: 'syntax',
  severity: 'info',
  title: 'A Dockerfile template ({{ … }} placeholders): not linted',
  equivalents: {},
  scope: 'file',
  fileScopeReason: 'Whether a file is a template depends on all of its lines.',
  explanation: 'The file contains template placeholders, so the text is not what the builder reads. Lint the Dockerfiles generated from it instead.',
  check(model) {
    if (!isTemplate(model)) return [];
    const line = firstPlaceholderLine(model);
    const sample = /\{\{.*?\}\}|\{%.*?%\}|\$\{templateOption:[^}]*\}/.exec(model.lines[line] ?? '')?.[0] ?? '{{ … }}';
    const shown = sample.length > 40 ? sample.slice(0, 39) + '…' : sample;
    return [{
      message: `This is a Dockerfile template (placeholders such as \`${shown}\`), not a Dockerfile the builder reads: Layerwise does not lint it. Lint the Dockerfiles generated from it instead.`,
      range: { start: { line, character: 0 }, end: { line, character: (model.lines[line] ?? '').length } },
    }];
  },
};
