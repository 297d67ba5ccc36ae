import { DockerfileModel, Instr, Stage } from '../../analysis/model';
import { ShellCommand } from '../../analysis/shell';
import { TextEdit } from '../../analysis/types';
import { Rule, RuleFinding } from '../rule';
import { deleteInstruction, describe, firstLine } from '../edits';
import { between, commandOf, positional, resolvePath, workdirBefore } from './common';
import { downloadOutputs, indexUpdate, packageCleanup, packageInstall } from './systemPackages';
import { emptyList, listOf } from '../../analysis/lists';

// Layers only add: deleting in a later RUN hides the files but their bytes stay in the
// layer that wrote them, so the pulled image is exactly as large as before.
export const cleanupInLaterLayer: Rule = {
  id: 'cleanup-in-later-layer',
  category: 'cache',
  severity: 'warning',
  title: 'Cleanup runs in a later layer than the files it removes, so the image does not shrink',
  equivalents: {},
  scope: 'stage',
  checkStage(thisStage, model) {
    const out: RuleFinding[] = emptyList();
    for (const stage of [thisStage]) {
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN') continue;
        const f = check(model, stage, run);
        if (f) out.push(f);
      }
    }
    return out;
  },
};

function check(model: DockerfileModel, stage: Stage, run: Instr): RuleFinding | undefined {
  const cleanups = run.shell.filter(c => commandOf(c).prog !== 'set');
  if (cleanups.length === 0) return undefined;
  const origins = new Set<Instr>();
  for (const cmd of cleanups) {
    const origin = originOf(stage, run, cmd);
    if (!origin) return undefined;
    origins.add(origin);
  }
  const list = [...origins].sort((a, b) => a.index - b.index);
  const names = listOf(list, o => describe(model, o)).join(' and ');
  const finding: RuleFinding = {
    message: `${describe(model, run)} removes files that ${names} wrote: their bytes stay in ${list.length > 1 ? 'those layers' : 'that layer'}, so the image does not shrink.`,
    range: firstLine(model, run),
    related: listOf(list, o => ({ range: firstLine(model, o), message: 'the layer that keeps the bytes' })),
  };
  const fix = list.length === 1 ? appendFix(model, stage, list[0], run, cleanups) : undefined;
  if (fix) finding.fixes = [{ title: `Clean up in ${describe(model, list[0])} instead`, edits: fix, isPreferred: true }];
  return finding;
}

/** The earlier instruction of the stage that wrote what `cmd` removes, if it can be told for sure. */
function originOf(stage: Stage, run: Instr, cmd: ShellCommand): Instr | undefined {
  // Decide whether this is a cleanup at all before scanning earlier steps (keeps the rule linear on ordinary RUNs).
  const family = packageCleanup(cmd);
  const { prog, args } = commandOf(cmd);
  if (!family && prog !== 'rm') return undefined;
  const paths = family ? [] : positional(args);
  if (!family && paths.length === 0) return undefined;
  const earlier = stage.instructions.filter(i => i.index < run.index).reverse();
  if (family) {
    const origin = earlier.find(i => i.keyword === 'RUN' && i.shell.some(c => packageInstall(c) === family || indexUpdate(c) === family));
    // That RUN already emptied the index/cache in its own layer: a later cache cleanup has nothing
    // left to remove there (it is redundant, not costly). Removing packages is another matter.
    if (origin && cacheOnly(cmd) && origin.shell.some(c => packageCleanup(c) === family && cacheOnly(c))) return undefined;
    return origin;
  }
  const dir = workdirBefore(stage, run);
  let origin: Instr | undefined;
  for (const p of paths) {
    const target = resolvePath(dir, p);
    if (!target) return undefined;
    const o = earlier.find(i => wrote(stage, i, run, target));
    if (!o || (origin && o !== origin)) return undefined;
    origin = o;
  }
  return origin;
}

/** Cleanups that empty the package index or download cache, as opposed to removing packages. */
function cacheOnly(cmd: ShellCommand): boolean {
  const { prog, args } = commandOf(cmd);
  const sub = positional(args)[0];
  return prog === 'rm' || ((prog === 'apt-get' || prog === 'apt') && (sub === 'clean' || sub === 'autoclean'))
    || (['yum', 'dnf', 'microdnf', 'zypper'].includes(prog) && sub === 'clean');
}

function wrote(stage: Stage, i: Instr, cleanup: Instr, target: string): boolean {
  if (i.keyword === 'RUN') {
    const dir = workdirBefore(stage, i);
    return i.shell.some(c => (downloadOutputs(c) ?? []).some(o => resolvePath(dir, o) === target));
  }
  if (i.keyword !== 'COPY' && i.keyword !== 'ADD') return false;
  const copy = stage.copies.find(c => c.instr === i);
  if (!copy || copy.sources.length === 0) return false;
  const dir = workdirBefore(stage, i);
  const dest = resolvePath(dir, copy.dest);
  if (!dest) return false;
  if (copy.dest.endsWith('/') || copy.sources.length > 1) {
    if (copy.sources.some(s => !s.includes('*') && resolvePath(dest, s.replace(/\/$/, '').replace(/^.*\//, '')) === target && s !== '.' && s !== './')) return true;
  }
  if (dest === target) return true;
  // Inside a whole-context copy: nothing but that copy can have written it when no RUN came in between.
  return copy.wholeContext && target.startsWith(dest === '/' ? '/' : dest + '/') && !between(stage, i, cleanup).some(x => x.keyword === 'RUN');
}

/** Appends the cleanup to the RUN that wrote the files and deletes the cleanup RUN, when that means the same. */
function appendFix(model: DockerfileModel, stage: Stage, origin: Instr, run: Instr, cleanups: ShellCommand[]): TextEdit[] | undefined {
  if (origin.keyword !== 'RUN' || origin.execForm || origin.heredocs.length > 0 || run.execForm || run.heredocs.length > 0) return undefined;
  const mid = between(stage, origin, run);
  if (mid.some(i => i.keyword === 'RUN' || i.keyword === 'USER')) return undefined;
  if (mid.some(i => i.keyword === 'WORKDIR') && cleanups.some(c => positional(commandOf(c).args).some(p => !p.startsWith('/')))) return undefined;
  const texts = listOf(cleanups, c => c.text.replace(/\s+/g, ' '));
  if (texts.every(t => origin.command.replace(/\s+/g, ' ').includes(t))) return [deleteInstruction(run, model)];
  const lastLine = origin.range.end.line;
  const last = model.lines[lastLine] ?? '';
  const trimmed = last.replace(/\s+$/, '');
  if (/[;&|]$/.test(trimmed) || trimmed.endsWith(model.escapeChar) || /\s#/.test(trimmed)) return undefined;
  const addition = texts.join(' && ');
  const end = { line: lastLine, character: trimmed.length };
  const multiLine = origin.range.start.line !== lastLine;
  const indent = /^[ \t]*/.exec(last)?.[0] || '    ';
  const newText = multiLine ? ` ${model.escapeChar}${model.eol}${indent}&& ${addition}` : ` && ${addition}`;
  return [{ range: { start: end, end: { line: lastLine, character: last.length } }, newText }, deleteInstruction(run, model)];
}
