import { Rule, RuleFinding } from '../rule';
import { describe, execFormOf, firstLine, replaceInstruction } from '../edits';
import { DockerfileModel, Instr, Stage } from '../../analysis/model';
import { Fix } from '../../analysis/types';
import { execWordsIfSimple, locateCommand } from '../../analysis/commandText';
import { indentOf, keywordLike } from './cmdText';

// Shell form runs `/bin/sh -c "<command>"` as PID 1. sh does not forward SIGTERM to its
// child, so `docker stop` waits out its timeout (10 s) and then SIGKILLs the app.
export const shellFormCmd: Rule = {
  id: 'shell-form-cmd',
  category: 'run-vs-cmd',
  severity: 'info',
  title: 'Shell-form CMD/ENTRYPOINT: the app does not receive SIGTERM from docker stop',
  equivalents: { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] },
  scope: 'stage',
  checkStage(thisStage, model) {
    const out: RuleFinding[] = [];
    for (const stage of [thisStage]) {
      // Like BuildKit: a SHELL instruction makes shell form a deliberate choice.
      if (setsShell(model, stage)) continue;
      for (const instr of stage.instructions) {
        if ((instr.keyword !== 'CMD' && instr.keyword !== 'ENTRYPOINT') || instr.execForm || instr.shell.length === 0) continue;
        const last = instr.shell[instr.shell.length - 1];
        // `exec app` replaces the shell, so the app is PID 1 and gets the signal.
        if (last.text.split(/\s+/)[0] === 'exec' && last.terminator === '') continue;
        out.push({
          message: `${describe(model, instr)} uses shell form: it runs under /bin/sh -c, which does not pass SIGTERM on, so \`docker stop\` waits 10 s and then kills the process.`,
          range: firstLine(model, instr),
          fixes: fixesFor(model, instr),
        });
      }
    }
    return out;
  },
};

function setsShell(model: DockerfileModel, stage: Stage): boolean {
  for (let s: Stage | undefined = stage, n = 0; s && n <= model.stages.length; s = s.parent !== undefined ? model.stages[s.parent] : undefined, n++) {
    if (s.instructions.some(i => i.keyword === 'SHELL')) return true;
  }
  return false;
}

function fixesFor(model: DockerfileModel, instr: Instr): Fix[] {
  const kw = keywordLike(model, instr, instr.keyword);
  const words = execWordsIfSimple(instr.command);
  if (words) {
    const line = `${kw} ${execFormOf(words)}`;
    return [{ title: `Convert to exec form: ${line}`, edits: [replaceInstruction(model, instr, indentOf(model, instr) + line)], isPreferred: true }];
  }
  // Needs a shell: keep it, but let the last command replace the shell with `exec`.
  const cmds = instr.shell;
  if (cmds.slice(0, -1).some(c => c.terminator !== '&&' && c.terminator !== ';' && c.terminator !== '\n')) return [];
  const last = cmds[cmds.length - 1];
  if (last.terminator !== '' || last.text.split(/\s+/)[0] !== last.words[0] || /^(cd|export|set|source|\.|exit|true|false|:)$/.test(last.words[0] ?? '')) return [];
  let after;
  for (const c of cmds) after = locateCommand(model, instr, c, after) ?? after;
  if (!after || (model.lines[after.start.line] ?? '').slice(after.start.character, after.start.character + last.words[0].length) !== last.words[0]) return [];
  const at = after.start;
  return [{ title: `Prefix \`${last.words[0]}\` with exec so it receives signals`, edits: [{ range: { start: at, end: at }, newText: 'exec ' }], isPreferred: true }];
}
