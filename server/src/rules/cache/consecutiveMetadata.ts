import { DockerfileModel, Instr, Stage, textOf } from '../../analysis/model';
import { Range } from '../../analysis/types';
import { Rule, RuleFinding } from '../rule';
import { describe } from '../edits';
import { referencesVar } from './common';
import { needsBuildKit } from '../fileTraits';
import { emptyList } from '../../analysis/lists';

// Each ENV/LABEL is its own build step in the classic builder (a config-only commit, milliseconds):
// a readability hint, never more. BuildKit folds them into the config, so a file that needs
// BuildKit anyway gets nothing.
export const consecutiveMetadata: Rule = {
  id: 'consecutive-metadata',
  category: 'cache',
  severity: 'hint',
  title: 'Consecutive ENV or LABEL instructions that could be one',
  equivalents: {},
  scope: 'file',
  fileScopeReason: 'Whether the file needs BuildKit (a # syntax= line, a heredoc or a BuildKit-only flag anywhere) decides whether it applies at all.',
  check(model) {
    const out: RuleFinding[] = emptyList();
    if (needsBuildKit(model)) return out;
    for (const stage of model.stages) {
      for (const group of groups(model, stage)) {
        const [first] = group;
        const last = group[group.length - 1];
        const kw = first.keyword;
        const finding: RuleFinding = {
          message: `${describe(model, first)} and the ${group.length > 2 ? `${group.length - 1} ${kw} instructions` : kw} after it can be a single ${kw}: the classic builder runs each one as a separate step and history entry.`,
          range: { start: first.range.start, end: last.range.end },
        };
        const merged = mergedText(model, group);
        if (merged !== undefined) {
          const end = { line: last.range.end.line, character: (model.lines[last.range.end.line] ?? '').length };
          finding.fixes = [{ title: `Merge into one ${kw}`, edits: [{ range: { start: { line: first.range.start.line, character: 0 }, end }, newText: merged }], isPreferred: true }];
        }
        out.push(finding);
      }
    }
    return out;
  },
};

interface Prop { name: string; operator: string | null; range: Range; valueRange: Range | null }

function props(instr: Instr): Prop[] {
  return instr.properties;
}

/** Runs of adjacent ENV (or LABEL) instructions, split where a value uses a variable set earlier in the run. */
function groups(model: DockerfileModel, stage: Stage): Instr[][] {
  const out: Instr[][] = [];
  let current: Instr[] = [];
  // Names the current run of ENVs sets: checked per instruction instead of rescanning the run.
  let defined = new Set<string>();
  const flush = () => { if (current.length > 1) out.push(current); current = []; defined = new Set(); };
  for (const instr of stage.instructions) {
    const prev = current[current.length - 1];
    if (instr.keyword !== 'ENV' && instr.keyword !== 'LABEL') { flush(); continue; }
    const joinable = prev && prev.keyword === instr.keyword && onlyBlankBetween(model, prev, instr)
      && !(instr.keyword === 'ENV' && usesAny(textOf(model.lines, instr.range), defined));
    if (!joinable) flush();
    current.push(instr);
    if (instr.keyword === 'ENV') for (const p of props(instr)) defined.add(p.name);
  }
  flush();
  return out;
}

function usesAny(text: string, names: Set<string>): boolean {
  if (names.size === 0 || !text.includes('$')) return false;
  for (const name of names) if (referencesVar(text, name)) return true;
  return false;
}

/** A comment between two instructions documents them separately: keep them apart. */
function onlyBlankBetween(model: DockerfileModel, a: Instr, b: Instr): boolean {
  for (let l = a.range.end.line + 1; l < b.range.start.line; l++) if ((model.lines[l] ?? '').trim() !== '') return false;
  return true;
}

/** The group as one instruction, one `KEY=value` per line; undefined when a value cannot be carried over exactly. */
function mergedText(model: DockerfileModel, group: Instr[]): string | undefined {
  const pairs: string[] = [];
  for (const instr of group) {
    const list = props(instr);
    if (list.length === 0) return undefined;
    for (const p of list) {
      if (p.range.start.line !== p.range.end.line) return undefined;
      if (p.operator === '=') {
        const text = textOf(model.lines, p.range);
        // A dangling escape or an unterminated quote would swallow the next pair once merged (found by fuzzing).
        if (text.trimEnd().endsWith(model.escapeChar) || unbalanced(text, '"') || unbalanced(text, "'")) return undefined;
        pairs.push(text);
        continue;
      }
      // Legacy `ENV KEY value words`: the value is the rest of the line.
      if (list.length !== 1 || !p.valueRange || instr.range.start.line !== instr.range.end.line) return undefined;
      const value = textOf(model.lines, { start: p.valueRange.start, end: instr.range.end }).trim();
      if (value === '' || /["'\\`]/.test(value) || value.includes(model.escapeChar)) return undefined;
      pairs.push(`${p.name}=${/\s/.test(value) ? `"${value}"` : value}`);
    }
  }
  const first = group[0];
  const line = model.lines[first.range.start.line] ?? '';
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const keyword = line.slice(first.keywordRange.start.character, first.keywordRange.end.character);
  return `${indent}${keyword} ` + pairs.join(` ${model.escapeChar}${model.eol}${indent}    `);
}

function unbalanced(text: string, quote: string): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text[i] === quote && text[i - 1] !== '\\') n++;
  return n % 2 === 1;
}
