import { StageRule, RuleFinding } from '../rule';
import { Stage } from '../../analysis/model';
import { StageView } from '../rule';
import { unquote } from './common';
import { emptyList } from '../../analysis/lists';

interface WorkdirState {
  /** An absolute WORKDIR has been set (here or in the stage this one is built on). */
  pinned: boolean;
  /** The working directory, when every WORKDIR so far was literal. */
  dir?: string;
}

// WORKDIR app/src is relative to whatever WORKDIR the base image chose, which can change upstream.
// BuildKit flags only that case; hadolint (DL3000) every relative WORKDIR. Both are reported, the second as a hint
// with the absolute path as its fix, because after an absolute WORKDIR the result is certain and only readability is at stake.
export const workdirRelativePath: StageRule = {
  id: 'workdir-relative-path',
  category: 'best-practice',
  severity: 'warning',
  title: 'Relative WORKDIR (before any absolute one: it depends on the base image)',
  equivalents: { buildkit: ['WorkdirRelativePath'], hadolint: ['DL3000'] },
  hadolintSeverity: 'error',
  explanation: 'A relative WORKDIR is resolved against the working directory of the base image. If the base image changes its WORKDIR, '
    + 'every path after it moves. An absolute WORKDIR first (in this stage or the stage it builds on) pins it; after that, a relative '
    + 'WORKDIR is only harder to read (a hint, with the absolute path as a fix).',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    const state = inherited(stage, model);
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'WORKDIR') continue;
      const written = instr.args[0] ?? '';
      const dir = unquote(written);
      const pinnedBefore = state.pinned;
      step(state, dir, model.escapeChar);
      // `$DIR` may hold an absolute path: stay quiet rather than guess (hadolint too).
      if (dir === '' || dir.startsWith('$') || isAbsolute(dir, model.escapeChar)) continue;
      const range = instr.argRanges[0] ?? instr.range;
      if (!pinnedBefore) {
        out.push({ message: `Relative workdir '${dir}' can have unexpected results if the base image changes.`, range });
        continue;
      }
      const finding: RuleFinding = { message: `Use absolute WORKDIR: '${dir}' is relative to the WORKDIR set before it${state.dir ? `, so it is '${state.dir}'` : ''}.`, range, severity: 'hint' };
      if (state.dir && instr.args.length === 1 && written === dir && range.start.line === range.end.line && !/\s/.test(state.dir)) {
        finding.fixes = [{ title: `Write the absolute path '${state.dir}'`, edits: [{ range, newText: state.dir }], isPreferred: true }];
      }
      out.push(finding);
    }
    return out;
  },
};

function isAbsolute(dir: string, escapeChar: string): boolean {
  return dir.startsWith('/') || /^[A-Za-z]:/.test(dir) || (escapeChar === '`' && dir.startsWith('\\'));
}

/** Applies one WORKDIR to the state. */
function step(state: WorkdirState, dir: string, escapeChar: string): void {
  if (dir === '') return;
  if (isAbsolute(dir, escapeChar)) {
    state.pinned = true;
    state.dir = dir.startsWith('/') && !dir.includes('$') ? normalize(dir) : undefined;
  } else if (dir.startsWith('$')) {
    state.dir = undefined;
  } else {
    state.dir = state.dir !== undefined && !dir.includes('$') ? normalize(state.dir + '/' + dir) : undefined;
  }
}

/** The state at the end of the `FROM <stage>` chain this stage builds on. */
function inherited(stage: Stage, model: StageView): WorkdirState {
  const chain: Stage[] = [];
  for (let p = stage.parent; p !== undefined;) {
    const parent = model.stages[p];
    if (!parent) break;
    chain.unshift(parent);
    p = parent.parent;
  }
  const state: WorkdirState = { pinned: false };
  for (const s of chain) for (const i of s.instructions) if (i.keyword === 'WORKDIR') step(state, unquote(i.args[0] ?? ''), model.escapeChar);
  return state;
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop(); else out.push(part);
  }
  return '/' + out.join('/');
}
