import { Rule, RuleFinding } from '../rule';
import { deleteInstruction, describe, execFormOf, firstLine, replaceInstruction } from '../edits';
import { DockerfileModel, Instr, Stage } from '../../analysis/model';
import { Fix, Range } from '../../analysis/types';
import { ShellCommand } from '../../analysis/shell';
import { locateCommand } from '../../analysis/commandText';
import { commandsOf, foregroundFor, serverKind } from './programs';
import { commandLine, indentOf, keywordLike } from './cmdText';
import { emptyList } from '../../analysis/lists';

// RUN executes once while the image is built. A server started there either blocks the build
// forever (foreground) or is killed when the step ends (daemon): it never runs in the container.
export const serverInRun: Rule = {
  id: 'server-in-run',
  category: 'run-vs-cmd',
  severity: 'error',
  title: 'RUN starts a server: it runs at build time, not when the container starts',
  equivalents: {},
  scope: 'stage',
  checkStage(thisStage, model) {
    const out: RuleFinding[] = emptyList();
    for (const stage of [thisStage]) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'RUN' || isNonShellHeredoc(instr)) continue;
        const cmds = commandsOf(instr);
        cmds.forEach((cmd, i) => {
          const kind = serverKind(cmd);
          // A daemon started for later commands of the same RUN (`service mysql start && mysql < init.sql`) is build-time setup.
          if (!kind || (kind === 'daemon' && i < cmds.length - 1)) return;
          // Located only for findings: each command is searched after the one before it.
          let after: Range | undefined;
          let where: Range | undefined;
          for (let j = 0; j <= i; j++) {
            where = locateCommand(model, instr, cmds[j], after);
            if (where) after = where;
          }
          const what = '`' + cmd.text.split('\n')[0] + '`';
          out.push({
            message: kind === 'foreground'
              ? `${describe(model, instr)} starts a server (${what}) at build time: the build waits for it forever. Start it with CMD instead.`
              : `${describe(model, instr)} starts a daemon (${what}) at build time: it stops when the step ends, so containers run without it. Start it with CMD instead.`,
            range: where ?? firstLine(model, instr),
            fixes: fixesFor(model, stage, instr, cmd, kind),
          });
        });
      }
    }
    return out;
  },
};

/** `RUN <<EOF` with `#!/usr/bin/env python` is not shell. */
function isNonShellHeredoc(instr: Instr): boolean {
  const first = instr.heredocs[0]?.content.trimStart() ?? '';
  return first.startsWith('#!') && !/^#!\s*\S*\b(sh|bash|ash|dash)\b/.test(first);
}

function fixesFor(model: DockerfileModel, stage: Stage, instr: Instr, cmd: ShellCommand, kind: 'foreground' | 'daemon'): Fix[] {
  // Only when the server is the RUN's whole job; otherwise the other commands must stay a RUN.
  if (instr.shell.length !== 1 || instr.heredocs.length > 0 || instr.execForm || instr.flags.size > 0) return [];
  if (instr.shell[0].terminator !== '' && instr.shell[0].terminator !== '&') return [];
  if (stage.instructions.some(i => i.keyword === 'ENTRYPOINT' && !i.execForm)) return [];
  const kw = keywordLike(model, instr, 'CMD');
  let line: string;
  if (kind === 'daemon') {
    const words = foregroundFor(cmd);
    if (!words) return [];
    line = `${kw} ${execFormOf(words)}`;
  } else {
    // nohup only mattered for a process meant to outlive the step.
    line = commandLine(kw, cmd.text.replace(/^nohup\s+/, ''));
  }
  line = indentOf(model, instr) + line;
  const cmds = stage.instructions.filter(i => i.keyword === 'CMD');
  const current = cmds[cmds.length - 1];
  if (!current) {
    return [{ title: `Replace the RUN with ${line.trim()}`, edits: [replaceInstruction(model, instr, line)], isPreferred: true }];
  }
  return [{
    title: `Replace ${describe(model, current)} with ${line.trim()} and remove the RUN`,
    edits: [deleteInstruction(instr, model), replaceInstruction(model, current, indentOf(model, current) + line.trim())],
    isPreferred: true,
  }];
}
