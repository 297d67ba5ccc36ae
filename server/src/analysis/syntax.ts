// Syntax errors the builder would raise, from dockerfile-utils (same author as dockerfile-ast):
// reused rather than rewritten. Checks our own rules cover better are switched off here.
import { validate, ValidationSeverity } from 'dockerfile-utils';
import { Finding } from './types';

const SETTINGS = {
  deprecatedMaintainer: ValidationSeverity.WARNING,
  directiveCasing: ValidationSeverity.IGNORE,
  emptyContinuationLine: ValidationSeverity.IGNORE,
  instructionCasing: ValidationSeverity.IGNORE,
  instructionCmdMultiple: ValidationSeverity.IGNORE, // multiple-cmd says more
  instructionEntrypointMultiple: ValidationSeverity.IGNORE,
  instructionHealthcheckMultiple: ValidationSeverity.WARNING,
  instructionJSONInSingleQuotes: ValidationSeverity.WARNING,
  instructionWorkdirRelative: ValidationSeverity.WARNING,
};

const DUPLICATE_BUILD_STAGE_NAME = 10; // duplicate-stage-name reports it with a fix

export function syntaxFindings(text: string): Finding[] {
  const out: Finding[] = [];
  for (const d of validate(text, SETTINGS)) {
    if (d.code === DUPLICATE_BUILD_STAGE_NAME) continue;
    out.push({
      ruleId: 'syntax',
      severity: d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info',
      message: typeof d.message === "string" ? d.message : d.message.value,
      range: d.range,
      tags: d.tags?.includes(1) ? ['unnecessary'] : d.tags?.includes(2) ? ['deprecated'] : undefined,
    });
  }
  return out;
}
