import { Rule, RuleFinding } from '../rule';
import { describe, execFormOf, firstLine, replaceInstruction } from '../edits';
import { DockerfileModel, Instr, Stage } from '../../analysis/model';
import { Fix } from '../../analysis/types';
import { execWordsIfSimple, locateCommand } from '../../analysis/commandText';
import { indentOf, keywordLike } from './cmdText';
import { SHELL_NAMES, baseShellOf, entrypointOf, isEntrypointWrapper, lastCommandIsExeced, writtenExecForm } from './baseShell';
import { emptyList } from '../../analysis/lists';

// Shell form runs `/bin/sh -c "<command>"`. Whether the app then gets SIGTERM depends on that
// shell: dash (Debian, Ubuntu) stays PID 1 and does not pass the signal on; busybox ash
// (Alpine) and bash replace themselves with a last simple command. So the rule speaks only
// when it knows the base image's shell, and says what happens with it.
export const shellFormCmd: Rule = {
  id: 'shell-form-cmd',
  category: 'run-vs-cmd',
  severity: 'info',
  title: 'Shell-form CMD/ENTRYPOINT: the app does not receive SIGTERM from docker stop',
  equivalents: { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] },
  hadolintSeverity: 'warning',
  scope: 'stage',
  checkStage(thisStage, model) {
    const out: RuleFinding[] = emptyList();
    for (const stage of [thisStage]) {
      // Like BuildKit: a SHELL instruction makes shell form a deliberate choice.
      if (setsShell(model, stage)) continue;
      for (const instr of stage.instructions) {
        if ((instr.keyword !== 'CMD' && instr.keyword !== 'ENTRYPOINT') || writtenExecForm(instr) || instr.shell.length === 0) continue;
        const f = check(model, stage, instr);
        if (f) out.push(f);
      }
    }
    return out;
  },
};

function check(model: DockerfileModel, stage: Stage, instr: Instr): RuleFinding | undefined {
  const last = instr.shell[instr.shell.length - 1];
  // `exec app` replaces the shell, so the app is PID 1 and gets the signal.
  if (last.text.split(/\s+/)[0] === 'exec' && last.terminator === '') return undefined;
  if (instr.keyword === 'CMD') {
    // The builder keeps a CMD set in the same stage whichever comes first, so order does not matter here.
    const entry = entrypointOf(model, stage);
    const entryWords = entry ? writtenExecForm(entry) : undefined;
    // A shell-form ENTRYPOINT ignores CMD altogether (multiple-cmd's and cmd rules' business).
    if (entry && !entryWords) return undefined;
    if (entryWords && !isEntrypointWrapper(entryWords)) {
      // Docker appends ["/bin/sh", "-c", "<text>"] to an exec-form ENTRYPOINT: the program gets those as arguments.
      const words = execWordsIfSimple(instr.command);
      return {
        message: `${describe(model, instr)} uses shell form, so Docker passes \`/bin/sh -c "${shorten(instr.command)}"\` as arguments to the ENTRYPOINT \`${shorten(entryWords.join(' '))}\`, not the words themselves: \`${entryWords[0]}\` gets \`/bin/sh\` as its first argument. Write the arguments in exec form.`,
        range: firstLine(model, instr),
        fixes: words ? [execFix(model, instr, words)] : [],
      };
    }
  }
  const shell = baseShellOf(stage);
  if (!shell) return undefined;
  const image = stage.rootImage;
  if (shell !== 'dash') {
    if (lastCommandIsExeced(instr)) return undefined;
    return {
      message: `${describe(model, instr)} uses shell form and ends in a pipeline, a background job or a compound command, so /bin/sh (${SHELL_NAMES[shell]} in \`${image}\`) stays PID 1 and does not pass SIGTERM on: \`docker stop\` waits 10 s and then kills the process.`,
      range: firstLine(model, instr),
      fixes: fixesFor(model, instr),
    };
  }
  return {
    message: `${describe(model, instr)} uses shell form: it runs under /bin/sh -c, and /bin/sh in \`${image}\` is dash, which stays PID 1 and does not pass SIGTERM on, so \`docker stop\` waits 10 s and then kills the process.`,
    range: firstLine(model, instr),
    fixes: fixesFor(model, instr),
  };
}

function shorten(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? t.slice(0, 39) + '…' : t;
}

function setsShell(model: DockerfileModel, stage: Stage): boolean {
  for (let s: Stage | undefined = stage, n = 0; s && n <= model.stages.length; s = s.parent !== undefined ? model.stages[s.parent] : undefined, n++) {
    if (s.instructions.some(i => i.keyword === 'SHELL')) return true;
  }
  return false;
}

function execFix(model: DockerfileModel, instr: Instr, words: string[]): Fix {
  const line = `${keywordLike(model, instr, instr.keyword)} ${execFormOf(words)}`;
  return { title: `Convert to exec form: ${line}`, edits: [replaceInstruction(model, instr, indentOf(model, instr) + line)], isPreferred: true };
}

function fixesFor(model: DockerfileModel, instr: Instr): Fix[] {
  const words = execWordsIfSimple(instr.command);
  if (words) return [execFix(model, instr, words)];
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
