// What must hold for ANY text in the buffer. Each check throws an Error naming what broke.
import { DockerfileParser } from 'dockerfile-ast';
import { analyze, Analysis } from '../../server/src/analysis/analyze';
import { parseDockerfile } from '../../server/src/analysis/model';
import { escapeDirective, instructionSpans } from '../../server/src/analysis/chunks';
import { syntaxFindings } from '../../server/src/analysis/syntax';
import { AnalysisOptions, Range, TextEdit } from '../../server/src/analysis/types';

export const FUZZ_OPTIONS: AnalysisOptions = {
  contextFiles: ['package.json', 'package-lock.json', 'requirements.txt', 'go.mod', 'src'],
  onRuleError: (ruleId, error) => { throw new Error(`rule ${ruleId} threw: ${error instanceof Error ? error.stack : String(error)}`); },
};

/** Line lengths as the editor sees them (\r\n, \r and \n all end a line). */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map(l => l.length);
}

function checkRange(r: Range, lengths: number[], what: string): void {
  const ok = (p: Range['start']) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0
    && p.line < lengths.length && p.character <= lengths[p.line];
  if (!ok(r.start) || !ok(r.end)) throw new Error(`${what}: range ${JSON.stringify(r)} is outside the document (line lengths ${JSON.stringify(lengths.slice(Math.max(0, r.start.line - 1), r.end.line + 2))})`);
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) throw new Error(`${what}: range ${JSON.stringify(r)} ends before it starts`);
}

function offsetOf(p: Range['start'], starts: number[]): number {
  return starts[p.line] + p.character;
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') { starts.push(i + 2); i++; } else if (c === '\n' || c === '\r') starts.push(i + 1);
  }
  return starts;
}

/** Applies a well-formed edit set (checked here: inside the document, no two edits overlapping). */
export function applyChecked(text: string, edits: TextEdit[], what: string): string {
  const lengths = lineLengths(text);
  const starts = lineStartOffsets(text);
  for (const e of edits) checkRange(e.range, lengths, what);
  const spans = edits.map((e, i) => ({ s: offsetOf(e.range.start, starts), e: offsetOf(e.range.end, starts), t: e.newText, i }))
    .sort((a, b) => a.s - b.s || a.e - b.e || a.i - b.i);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].s < spans[i - 1].e) throw new Error(`${what}: edits overlap: ${JSON.stringify(edits)}`);
  }
  let out = '';
  let at = 0;
  for (const x of spans) { out += text.slice(at, x.s) + x.t; at = x.e; }
  return out + text.slice(at);
}

/** Syntax messages as a multiset (positions move when a fix adds or removes lines). */
function syntaxMessages(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of syntaxFindings(parseDockerfile(text))) counts.set(f.message, (counts.get(f.message) ?? 0) + 1);
  return counts;
}

export interface CheckOptions { fixes: 'all' | 'rules-only' }

/** Runs analyze() and checks findings and fixes; returns the analysis for further checks. */
export function checkAnalysis(text: string, check: CheckOptions = { fixes: 'all' }): Analysis {
  const analysis = analyze(text, FUZZ_OPTIONS);
  const lengths = lineLengths(text);
  if (analysis.model.lines.length !== lengths.length) throw new Error(`model has ${analysis.model.lines.length} lines, the editor ${lengths.length}`);
  let before: Map<string, number> | undefined;
  let suppressionChecked = false;
  for (const f of analysis.findings) {
    const what = `${f.ruleId} finding "${f.message.slice(0, 120)}"`;
    if (typeof f.message !== 'string' || f.message.trim() === '') throw new Error(`${f.ruleId}: empty message`);
    if (f.message.length > 2000) throw new Error(`${what}: message is ${f.message.length} characters`);
    checkRange(f.range, lengths, what);
    for (const r of f.related ?? []) checkRange(r.range, lengths, `${what} (related)`);
    for (const fix of f.fixes ?? []) {
      const suppression = fix.title.startsWith('Suppress ');
      // Suppression fixes are the same two comment insertions for every finding: one finding's worth checks them.
      if (suppression && (check.fixes === 'rules-only' || suppressionChecked)) continue;
      const fixWhat = `${what}, fix "${fix.title}"`;
      const fixed = applyChecked(text, fix.edits, fixWhat);
      try {
        DockerfileParser.parse(fixed);
      } catch (error) {
        throw new Error(`${fixWhat}: the fixed file does not parse: ${String(error)}`);
      }
      before ??= syntaxMessages(text);
      for (const [message, n] of syntaxMessages(fixed)) {
        if (n > (before.get(message) ?? 0)) throw new Error(`${fixWhat}: adds the syntax error "${message}"\n--- fixed text ---\n${fixed}`);
      }
    }
    if (f.fixes?.some(x => x.title.startsWith('Suppress '))) suppressionChecked = true;
  }
  return analysis;
}

/** Chunked parsing gives the instructions and ranges of one whole-file dockerfile-ast parse. */
export function checkChunks(text: string): void {
  // Always the per-chunk path (what edits use); a cold open parses the whole file at once.
  const model = parseDockerfile(text, { wholeFileParse: 'never' });
  const whole = DockerfileParser.parse(text);
  const a = model.instructions.map(i => [i.keyword, JSON.stringify(i.range), i.args.join('\u0001')].join(' | '));
  const b = whole.getInstructions().map(n => [n.getKeyword().toUpperCase(), JSON.stringify(n.getRange()), n.getArguments().map(x => x.getValue()).join('\u0001')].join(' | '));
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
    const i = a.findIndex((x, j) => x !== b[j]);
    throw new Error(`chunked parse differs from the whole-file parse at instruction ${i}:\n  chunked: ${a[i]}\n  whole:   ${b[i]}\n(${a.length} vs ${b.length} instructions)`);
  }
  if (model.escapeChar !== whole.getEscapeCharacter()) throw new Error(`escape character ${model.escapeChar} vs ${whole.getEscapeCharacter()}`);
}

/** The model as plain data (instructions by index inside stages): what rules read, to compare versions. */
export function modelShape(model: Analysis['model']): string {
  const plain = (_key: string, v: unknown) => (v instanceof Map ? [...v] : v);
  const instr = (i: { index: number }) => i.index;
  return JSON.stringify({
    instructions: model.instructions, globalArgs: model.globalArgs, comments: model.comments, escapeChar: model.escapeChar,
    stages: model.stages.map(s => ({
      ...s, from: instr(s.from), instructions: s.instructions.map(instr),
      copies: s.copies.map(c => ({ ...c, instr: instr(c.instr) })), labels: s.labels.map(l => ({ ...l, instr: instr(l.instr) })),
    })),
  }, plain);
}

/**
 * Incremental analysis equals a fresh one: analysing each version with the previous version's
 * model (re-used chunks, syntax results and per-stage rule results) gives exactly the findings,
 * fixes and messages of analysing that text from scratch.
 */
export function checkIncremental(versions: string[], options: AnalysisOptions = FUZZ_OPTIONS): void {
  let previous: Analysis | undefined;
  versions.forEach((text, n) => {
    const incremental = analyze(text, { ...options, previous: previous?.model });
    const fresh = analyze(text, options);
    for (const stage of incremental.model.stages) {
      const all = incremental.model.instructions;
      if (all[stage.from.index] !== stage.from || stage.instructions.some(i => all[i.index] !== i)) throw new Error(`version ${n}: stage ${stage.index} holds instructions that are not the model's`);
    }
    const ma = modelShape(incremental.model), mb = modelShape(fresh.model);
    if (ma !== mb) {
      const i = [...ma].findIndex((c, j) => c !== mb[j]);
      throw new Error(`version ${n}: the incremental model (re-used stages) differs from a fresh one near:\n  incremental: …${ma.slice(Math.max(0, i - 200), i + 200)}\n  fresh:       …${mb.slice(Math.max(0, i - 200), i + 200)}`);
    }
    const a = JSON.stringify(incremental.findings);
    const b = JSON.stringify(fresh.findings);
    if (a !== b) {
      const fa = incremental.findings, fb = fresh.findings;
      const i = fa.findIndex((f, j) => JSON.stringify(f) !== JSON.stringify(fb[j]));
      throw new Error(`version ${n}: incremental analysis differs from a fresh one at finding ${i}:\n  incremental: ${JSON.stringify(fa[i])}\n  fresh:       ${JSON.stringify(fb[i])}\n(${fa.length} vs ${fb.length} findings)`);
    }
    if (n > 0) checkSpans(versions[n - 1], text);
    previous = incremental;
  });
}

/** Instruction spans re-scanned from the previous version's equal those of a whole scan. */
export function checkSpans(before: string, after: string): void {
  const lb = before.split(/\r\n|\r|\n/), la = after.split(/\r\n|\r|\n/);
  const eb = escapeDirective(lb), ea = escapeDirective(la);
  const incremental = JSON.stringify(instructionSpans(la, ea, { text: before, lines: lb, escapeChar: eb, spans: instructionSpans(lb, eb) }, after));
  const whole = JSON.stringify(instructionSpans(la, ea));
  if (incremental !== whole) throw new Error(`instruction spans re-scanned after an edit differ from a whole scan:\n  re-scanned: ${incremental.slice(0, 400)}\n  whole:      ${whole.slice(0, 400)}`);
}
