// The one entry point the LSP server, the CLI and the tests share: text in, findings out.
import { parseDockerfile, DockerfileModel } from './model';
import { AnalysisOptions, DEFAULT_BASE_IMAGE_LABEL_KEYS, Finding, Severity } from './types';
import { readSuppressions, isSuppressed, suppressionFixes } from './suppressions';
import { syntaxFindings } from './syntax';
import { checkLimits, skippedModel, TOO_LARGE_ID } from './limits';
import { ALL_RULES, RULES_BY_ID, SYNTAX_RULE, TEMPLATE_ID, isTemplate } from '../rules';
import { RuleContext } from '../rules/rule';

export interface Analysis { model: DockerfileModel; findings: Finding[] }

export function analyze(text: string, options: AnalysisOptions = {}): Analysis {
  const limits = checkLimits(text, options);
  if (limits.finding) {
    const off = options.rules?.[TOO_LARGE_ID] === 'off';
    return { model: skippedModel(text, limits.lines), findings: off ? [] : [limits.finding] };
  }
  // The size check already split the text (and, for large files, found the instruction extents).
  return analyzeModel(parseDockerfile(text, { previous: options.previous, lines: limits.lines, spans: limits.spans }), options);
}

export function analyzeModel(model: DockerfileModel, options: AnalysisOptions = {}): Analysis {
  const overrides = options.rules ?? {};
  const ctx: RuleContext = {
    baseImageLabelKeys: options.baseImageLabelKeys?.length ? options.baseImageLabelKeys : DEFAULT_BASE_IMAGE_LABEL_KEYS,
    contextFiles: options.contextFiles,
    readContextFile: options.readContextFile,
  };
  const raw: Finding[] = [];
  // A template ({{ … }} placeholders) gets one note and nothing else (rules/templateFile.ts).
  const template = isTemplate(model);
  for (const rule of ALL_RULES) {
    if (template !== (rule.id === TEMPLATE_ID)) continue;
    const setting = overrides[rule.id] ?? overrides[rule.category];
    if (setting === 'off') continue;
    try {
      for (const f of rule.check(model, ctx)) {
        raw.push({ ...f, ruleId: rule.id, severity: (setting as Severity | undefined) ?? f.severity ?? rule.severity });
      }
    } catch (error) {
      options.onRuleError?.(rule.id, error);
    }
  }
  if (!template && options.syntaxChecks !== false && overrides['syntax'] !== 'off') {
    try {
      const setting = overrides['syntax'] as Severity | undefined;
      for (const f of syntaxFindings(model)) raw.push(setting ? { ...f, severity: setting } : f);
    } catch (error) {
      options.onRuleError?.(SYNTAX_RULE.id, error);
    }
  }
  // The previous version's results have served their purpose: let them be collected.
  if (model.reuse) model.reuse.previousSyntax = undefined;
  const suppressions = readSuppressions(model);
  const findings: Finding[] = [];
  for (const f of raw) {
    const category = RULES_BY_ID.get(f.ruleId)?.category ?? 'syntax';
    if (isSuppressed(f, suppressions, model, category)) continue;
    f.fixes = [...(f.fixes ?? []), ...suppressionFixes(f, model)];
    findings.push(f);
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { model, findings };
}
