import { Rule, RuleFinding } from '../../rule';
import { ownLabels, where } from './labelRules';
import { emptyList } from '../../../analysis/lists';

/** Why a key breaks Docker's label-key guidelines, or undefined when it does not. */
export function keyProblem(key: string): string | undefined {
  if (!/^[a-z]/.test(key)) return 'it must start with a lower-case letter';
  if (!/[a-z0-9]$/.test(key)) return 'it must end with a lower-case letter or digit';
  if (/[^a-z0-9./_-]/.test(key)) return 'only lower-case letters, digits, `.`, `-`, `_` and `/` are allowed';
  if (key.includes('..') || key.includes('--')) return 'it has two separators in a row';
  if (/^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/.test(key)) return 'the namespace is reserved for Docker';
  return undefined;
}

// Docker's guidelines for label keys: reverse-DNS, lower case, no reserved namespaces. Tools
// that filter by label (`docker images --filter label=…`) and OCI annotations expect that shape.
export const invalidLabelKey: Rule = {
  id: 'invalid-label-key',
  category: 'best-practice',
  severity: 'hint',
  hadolintSeverity: 'hint',
  recommended: false,
  title: 'Label key outside Docker\'s key guidelines (lower case, reverse-DNS, no reserved namespace)',
  equivalents: { hadolint: ['DL3048'] },
  explanation: 'Docker\'s guidelines for label keys: start with a lower-case letter, end with a letter or digit, use only lower-case letters, digits, `.`, `-`, `_` and `/`, no two separators in a row, and leave `com.docker.*`, `io.docker.*` and `org.dockerproject.*` to Docker. Keys are case-sensitive, so `Maintainer` and `maintainer` are two labels to every tool that reads them.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    for (const label of ownLabels(stage)) {
      const problem = keyProblem(label.key);
      if (!problem) continue;
      out.push({ message: `${where(model, label)}: ${problem} (Docker's label key guidelines). Renaming changes what tools that read the label see, so there is no quick fix.`, range: label.range });
    }
    return out;
  },
};
