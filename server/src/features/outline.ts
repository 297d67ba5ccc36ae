// The Outline and breadcrumbs: stages with their instructions nested, and one fold per stage.
// The library's symbols are a flat list of instructions; stages are what a reader looks for.
import type { DockerfileModel, Instr } from '../analysis/model';
import { DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind } from './types';

const MAX_DETAIL = 60;

function detailOf(instr: Instr): string {
  const text = instr.args.join(' ');
  return text.length > MAX_DETAIL ? text.slice(0, MAX_DETAIL - 1) + '…' : text;
}

function instructionSymbol(instr: Instr): DocumentSymbol {
  return {
    name: instr.keyword, detail: detailOf(instr), kind: instr.keyword === 'ARG' || instr.keyword === 'ENV' ? SymbolKind.Variable : SymbolKind.Function,
    range: instr.range, selectionRange: instr.keywordRange,
  };
}

export function stageSymbols(model: DockerfileModel): DocumentSymbol[] {
  const out: DocumentSymbol[] = model.instructions.filter(i => i.stage < 0 && i.keyword !== 'FROM').map(instructionSymbol);
  for (const stage of model.stages) {
    const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
    out.push({
      name: stage.name ?? `stage ${stage.index}`,
      detail: `FROM ${stage.image || 'scratch'}`,
      kind: SymbolKind.Class,
      range: { start: stage.from.range.start, end: last.range.end },
      selectionRange: stage.from.range,
      children: stage.instructions.filter(i => i !== stage.from).map(instructionSymbol),
    });
  }
  return out;
}

/** One fold per stage spanning more than one line. */
export function stageFolds(model: DockerfileModel): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const stage of model.stages) {
    const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
    if (last.range.end.line > stage.from.range.start.line) {
      out.push({ startLine: stage.from.range.start.line, endLine: last.range.end.line, kind: FoldingRangeKind.Region });
    }
  }
  return out;
}
