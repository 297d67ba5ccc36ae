import { Instr } from '../../../analysis/model';
import { Fix } from '../../../analysis/types';
import { Rule, RuleFinding, StageView } from '../../rule';
import { describe, firstLine } from '../../edits';
import { invocations } from './commands';
import { emptyList, listOf } from '../../../analysis/lists';

/** Closing words of compound commands that the splitter sees as commands; hadolint does not count them. */
const CLOSERS = new Set(['fi', 'done', 'esac', '}', ')', ';;']);
/** Commands whose effect on the shell (not the file system) the next command would see once merged. */
const SHELL_STATE = /^(cd|pushd|popd|export|source|\.|set|unset|umask|alias|shopt|trap|exec|exit|ulimit|return|readonly|local|declare|typeset)$/;

// Each RUN is a layer and a cache entry. Single-command RUNs one after another usually belong
// together; a RUN that chains commands was split off on purpose (hadolint's reading), so it ends the run.
export const consecutiveRun: Rule = {
  id: 'consecutive-run',
  category: 'best-practice',
  severity: 'info',
  hadolintSeverity: 'info',
  recommended: false,
  title: 'Single-command RUN instructions one after another that could be one',
  equivalents: { hadolint: ['DL3059'] },
  explanation: 'Every RUN adds a layer and a cache entry. Two single-command RUNs in a row (same --mount/--network flags, nothing but comments between) usually belong together: one RUN is one layer, and files the first creates and the second deletes never reach the image.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    let prev: Instr | undefined;
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'RUN') { prev = undefined; continue; }
      if (prev && sameFlags(prev, instr) && commandCount(prev) <= 1 && commandCount(instr) <= 1) {
        const finding: RuleFinding = {
          message: `${describe(model, instr)} follows another single-command RUN (${describe(model, prev)}): one RUN would be one layer and one cache entry instead of two.`,
          range: firstLine(model, instr),
        };
        const fix = mergeFix(model, prev, instr);
        if (fix) finding.fixes = [fix];
        out.push(finding);
      }
      prev = instr;
    }
    return out;
  },
};

/** Simple commands, those inside `$(…)` and backticks included (hadolint counts them too). */
function commandCount(instr: Instr): number {
  const text = instr.command;
  let substitutions = 0, backticks = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '`') backticks++;
    else if (text[i] === '$' && text[i + 1] === '(' && text[i + 2] !== '(') substitutions++;
  }
  return invocations(instr).filter(i => !CLOSERS.has(i.name)).length + substitutions + Math.floor(backticks / 2);
}

function sameFlags(a: Instr, b: Instr): boolean {
  const key = (i: Instr) => listOf(i.flagList, f => `${f.name.toLowerCase()}=${f.value ?? ''}`).sort().join('\n');
  return key(a) === key(b);
}

/**
 * `RUN a` + `RUN b` → `RUN a && \ b`, only where that runs the same commands with the same
 * outcome: both one-line shell form without heredocs or flags, adjacent, and `a` changes no
 * shell state (cd, export, exit, …) that `b` would now see, and does not end in `&` or a comment.
 */
function mergeFix(model: StageView, a: Instr, b: Instr): Fix | undefined {
  for (const i of [a, b]) {
    if (i.execForm || i.heredocs.length > 0 || i.flagList.length > 0 || i.range.start.line !== i.range.end.line) return undefined;
  }
  if (b.range.start.line !== a.range.end.line + 1) return undefined;
  const first = model.lines[a.range.start.line] ?? '';
  const second = model.lines[b.range.start.line] ?? '';
  if (/[#&\\`]\s*$/.test(first) || first.includes(' #') || second.includes(' #') || first.trimEnd().endsWith(model.escapeChar)) return undefined;
  if (invocations(a).some(i => SHELL_STATE.test(i.name)) || a.shell.some(c => c.terminator === '&')) return undefined;
  const rest = second.slice(b.keywordRange.end.character).trim();
  if (rest === '') return undefined;
  const indent = /^[ \t]*/.exec(first)?.[0] ?? '';
  const end = { line: b.range.end.line, character: second.length };
  return {
    title: 'Merge into the RUN above',
    edits: [{ range: { start: { line: a.range.start.line, character: first.trimEnd().length }, end }, newText: ` && ${model.escapeChar}${model.eol}${indent}    ${rest}` }],
  };
}
