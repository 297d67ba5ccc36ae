import { FileRule, RuleFinding } from '../rule';
import { Casing, casingOf, keywordAsWritten, INSTRUCTION_KEYWORDS } from './common';
import { DockerfileModel, Instr, Stage } from '../../analysis/model';
import { globalInstructions, perStage } from '../../analysis/stageMemo';
import { emptyList, listOf } from '../../analysis/lists';

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
    // Counted per stage (cached by Stage object, see stageMemo.ts) so an edit recounts one stage.
    const parts = [entriesOf(model, globalInstructions(model)), ...listOf(model.stages, stage => perStage(summaries, stage, stageEntries, model))];
    let upper = 0, lower = 0;
    for (const p of parts) { upper += p.upper; lower += p.lower; }
    const majority = lower > upper ? 'lower' : 'upper';
    const out: RuleFinding[] = emptyList();
    for (const p of parts) {
      const found = p.findings[majority] ??= findingsOf(model, p, majority);
      for (const f of found) out.push(f);
    }
    return out;
  },
};

interface Entry { instr: Instr; written: string; casing: Casing }
/** One stage's keyword counts, the keywords not in upper case, and its findings per majority. */
interface Summary { upper: number; lower: number; instrs: Instr[]; entries: Entry[]; findings: Partial<Record<'upper' | 'lower', RuleFinding[]>> }
const summaries = new WeakMap<Stage, Summary>();

function stageEntries(stage: Stage, model: DockerfileModel): Summary {
  return entriesOf(model, [stage.from, ...stage.instructions]);
}

function entriesOf(model: DockerfileModel, instrs: Instr[]): Summary {
  const out: Summary = { upper: 0, lower: 0, instrs, entries: [], findings: {} };
  for (const instr of instrs) {
    // Unknown keywords (a line the parser could not place) are the syntax check's finding, not a
    // casing one; they count as upper case, as an empty word reads.
    const entry = entryOf(model, instr);
    if (!entry || entry.casing === 'upper') { out.upper++; continue; }
    if (entry.casing === 'lower') out.lower++;
    out.entries.push(entry);
  }
  return out;
}

function entryOf(model: DockerfileModel, instr: Instr): Entry | undefined {
  const written = INSTRUCTION_KEYWORDS.has(instr.keyword) ? keywordAsWritten(model, instr) : '';
  return written ? { instr, written, casing: casingOf(written) } : undefined;
}

/** The findings of one part under a majority: from the kept entries, or (a lower-case file) from every instruction. */
function findingsOf(model: DockerfileModel, p: Summary, majority: 'upper' | 'lower'): RuleFinding[] {
  const entries = majority === 'upper' ? p.entries : listOf(p.instrs, i => entryOf(model, i)).filter((e): e is Entry => !!e);
  return listOf(entries.filter(e => e.casing !== majority), e => finding(e, majority));
}

function finding({ instr, written: w, casing: c }: Entry, majority: 'upper' | 'lower'): RuleFinding {
  const newText = majority === 'upper' ? w.toUpperCase() : w.toLowerCase();
  return {
    message: c === 'mixed'
      ? `Command '${w}' should be consistently cased.`
      : `Command '${w}' should match the case of the command majority (${majority}case).`,
    range: instr.keywordRange,
    fixes: [{ title: `Write '${newText}'`, edits: [{ range: instr.keywordRange, newText }], isPreferred: true }],
  };
}
