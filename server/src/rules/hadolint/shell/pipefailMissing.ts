import { Instr, Stage } from '../../../analysis/model';
import { Fix } from '../../../analysis/types';
import { Rule, RuleFinding, StageView } from '../../rule';
import { describe, firstLine } from '../../edits';
import { insertAbove } from '../../cache/common';
import { keywordLike } from '../../runVsCmd/cmdText';
import { baseShellOf } from '../../runVsCmd/baseShell';
import { flagNames, invocations } from './commands';
import { shellWords } from '../../../analysis/pragmas/hadolintShell';
import { emptyList, listOf } from '../../../analysis/lists';

const SHELL_LINE = '["/bin/bash", "-o", "pipefail", "-c"]';

// A pipeline's status is its last command's: `curl … | tar x` "succeeds" when the download
// failed and tar read nothing, and the build goes on with a broken layer.
export const pipefailMissing: Rule = {
  id: 'pipefail-missing',
  category: 'best-practice',
  severity: 'warning',
  hadolintSeverity: 'warning',
  readsShell: true,
  title: 'RUN with a pipe, without `-o pipefail`: a failure before the last command goes unnoticed',
  equivalents: { hadolint: ['DL4006'] },
  explanation: 'A pipeline returns the status of its last command, so in `curl -fsSL URL | tar -xz` a failed download is not a failed step. `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN makes any failing command fail the pipe. Debian\'s /bin/sh (dash) has no pipefail; Alpine\'s ash does (`SHELL ["/bin/ash", "-o", "pipefail", "-c"]`).',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    let pipefail = inheritedPipefail(model, stage);
    let fix: Fix[] | undefined;
    for (const instr of stage.instructions) {
      if (instr.keyword === 'SHELL') { pipefail = setsPipefail(instr, stage); continue; }
      if (instr.keyword !== 'RUN' || pipefail || !hasUnguardedPipe(instr)) continue;
      fix ??= shellFix(model, stage, instr);
      out.push({
        message: `${describe(model, instr)} has a pipe, and the shell runs without \`-o pipefail\`: only the last command's failure fails the step. Set \`SHELL ${SHELL_LINE}\` before it${fix.length ? '' : noFixReason(stage)}.`,
        range: firstLine(model, instr),
        fixes: fix,
      });
    }
    return out;
  },
};

/** SHELL is inherited by `FROM <stage>`: the last SHELL along the chain decides. */
function inheritedPipefail(model: StageView, stage: Stage): boolean {
  for (let s = stage.parent !== undefined ? model.stages[stage.parent] : undefined, n = 0; s && n < 64; s = s.parent !== undefined ? model.stages[s.parent] : undefined, n++) {
    const shells = s.instructions.filter(i => i.keyword === 'SHELL');
    if (shells.length) return setsPipefail(shells[shells.length - 1], s);
  }
  return false;
}

/** `SHELL ["/bin/bash", "-eo", "pipefail", "-c"]` (bash, zsh, ksh, ash; `sh` where it is ash or bash). */
function setsPipefail(instr: Instr, stage: Stage): boolean {
  const words = shellWords(instr) ?? [];
  const prog = (words[0] ?? '').slice((words[0] ?? '').lastIndexOf('/') + 1);
  const shell = baseShellOf(stage);
  const capable = ['bash', 'zsh', 'ksh', 'ash', 'mksh'].includes(prog) || (prog === 'sh' && (shell === 'ash' || shell === 'bash'));
  return capable && flagNames(words.slice(1)).has('o') && words.includes('pipefail');
}

/** A pipe that no `set -o pipefail` earlier in the same RUN covers. */
function hasUnguardedPipe(instr: Instr): boolean {
  const cmds = instr.shell;
  for (let k = 0; k < cmds.length; k++) if (cmds[k].terminator === '|') {
    const before = new Set(cmds.slice(0, k));
    return !invocations(instr).some(i => before.has(i.cmd) && i.name === 'set' && i.args.includes('pipefail'));
  }
  return false;
}

/**
 * Insert the SHELL line above the stage's first piped RUN, where that is safe: the base image
 * is known to have bash (Debian/Ubuntu, Red Hat families), no later RUN relies on dash's `echo`
 * expanding backslashes, and no pipe could now fail on SIGPIPE (`yes |`, `| head`, `grep -q`).
 */
function shellFix(model: StageView, stage: Stage, firstPiped: Instr): Fix[] {
  if (!hasBash(stage)) return [];
  const later = stage.instructions.filter(i => i.index >= firstPiped.index && i.keyword === 'RUN');
  for (const run of later) {
    const inv = invocations(run);
    if (baseShellOf(stage) === 'dash' && inv.some(i => i.name === 'echo' && i.cmd.text.includes('\\'))) return [];
    if (mayDieOfSigpipe(run, inv)) return [];
  }
  const text = `${keywordLike(model, firstPiped, 'SHELL')} ${SHELL_LINE}${model.eol}`;
  return [{ title: `Insert SHELL ${SHELL_LINE} before ${describe(model, firstPiped)}`, edits: [insertAbove(model, firstPiped, text)], isPreferred: true }];
}

/** `yes | …`, `… | head`, `… | grep -q`: the writer may die of SIGPIPE, which pipefail turns into a failed step. */
function mayDieOfSigpipe(run: Instr, inv: ReturnType<typeof invocations>): boolean {
  const byCmd = new Map(listOf(inv, i => [i.cmd, i]));
  const of = (k: number) => byCmd.get(run.shell[k]);
  for (let k = 0; k + 1 < run.shell.length; k++) {
    if (run.shell[k].terminator !== '|') continue;
    const writer = of(k), reader = of(k + 1);
    if (writer?.name === 'yes') return true;
    if (reader && (reader.name === 'head' || (reader.name === 'grep' && ['q', 'm', 'quiet', 'silent', 'max-count'].some(f => flagNames(reader.args).has(f))))) return true;
  }
  return false;
}

function hasBash(stage: Stage): boolean {
  const shell = baseShellOf(stage);
  // bash is Essential in Debian and Ubuntu; Red Hat's micro images are the one family without it.
  return (shell === 'dash' || shell === 'bash') && !/micro/.test(stage.rootImage);
}

function noFixReason(stage: Stage): string {
  const shell = baseShellOf(stage);
  if (shell === 'ash') return ' (Alpine has no bash unless installed: `SHELL ["/bin/ash", "-o", "pipefail", "-c"]` works there; no quick fix)';
  if (shell === undefined) return ' (no quick fix: the base image is not known to have bash, and `set -o pipefail` is not in every /bin/sh, e.g. dash)';
  return ' (no quick fix: a later RUN could behave differently under bash with pipefail)';
}
