import { FileRule, RuleFinding } from '../rule';
import { casingOf, keywordAsWritten, INSTRUCTION_KEYWORDS } from './common';

// Keywords are case-insensitive; BuildKit asks for one casing per keyword and per file.
export const consistentInstructionCasing: FileRule = {
  id: 'consistent-instruction-casing',
  category: 'best-practice',
  severity: 'warning',
  title: 'Instructions should use one casing (all upper or all lower case)',
  equivalents: { buildkit: ['ConsistentInstructionCasing'] },
  explanation: 'Instruction keywords work in any case, but `From`/`Run` or a file that mixes `RUN` and `run` is harder to read. '
    + 'Docker\'s build checks report keywords in mixed case and keywords that differ from the file\'s majority casing.',
  scope: 'file',
  fileScopeReason: 'the expected casing is the majority over every instruction of the file',
  check(model) {
    let upper = 0, lower = 0;
    // Unknown keywords (a line the parser could not place) are the syntax check's finding, not a casing one.
    const written = model.instructions.map(i => INSTRUCTION_KEYWORDS.has(i.keyword) ? keywordAsWritten(model, i) : '');
    for (const w of written) { const c = casingOf(w); if (c === 'upper') upper++; else if (c === 'lower') lower++; }
    const majority = lower > upper ? 'lower' : 'upper';
    const out: RuleFinding[] = [];
    model.instructions.forEach((instr, i) => {
      const w = written[i];
      if (!w) return;
      const c = casingOf(w);
      if (c === majority) return;
      const newText = majority === 'upper' ? w.toUpperCase() : w.toLowerCase();
      out.push({
        message: c === 'mixed'
          ? `Command '${w}' should be consistently cased.`
          : `Command '${w}' should match the case of the command majority (${majority}case).`,
        range: instr.keywordRange,
        fixes: [{ title: `Write '${newText}'`, edits: [{ range: instr.keywordRange, newText }], isPreferred: true }],
      });
    });
    return out;
  },
};
