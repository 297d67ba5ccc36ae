import { Rule, RuleFinding } from '../rule';
import { describe, execFormOf, firstLine, replaceInstruction } from '../edits';
import { DockerfileModel, Instr } from '../../analysis/model';
import { Fix, Range } from '../../analysis/types';
import { ShellCommand } from '../../analysis/shell';
import { execWordsIfSimple, locateCommand } from '../../analysis/commandText';
import { commandsOf, innerScript, isBuildWork } from './programs';
import { commandLine, indentOf, keywordLike } from './cmdText';
import { emptyList, listOf } from '../../analysis/lists';

// CMD runs on every container start. Installing packages or dependencies there repeats the
// work each time, needs the network at start-up, and ships an image that is not what runs.
export const buildInCmd: Rule = {
  id: 'build-in-cmd',
  category: 'run-vs-cmd',
  severity: 'warning',
  title: 'CMD/ENTRYPOINT does build work (installs, compiles) on every container start',
  equivalents: {},
  scope: 'stage',
  checkStage(thisStage, model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of thisStage.instructions) {
      if (instr.keyword !== 'CMD' && instr.keyword !== 'ENTRYPOINT') continue;
      const cmds = commandsOf(instr);
      let lastBuild = -1;
      cmds.forEach((c, i) => { if (isBuildWork(c)) lastBuild = i; });
      // Only build work and nothing to run afterwards is unusual enough to leave alone.
      if (lastBuild < 0 || lastBuild === cmds.length - 1) continue;
      const builds = cmds.slice(0, lastBuild + 1).filter(isBuildWork);
      out.push({
        message: `${describe(model, instr)} runs ${listOf(builds, b => '`' + b.text.split('\n')[0] + '`').join(', ')} on every container start. Do it once at build time in a RUN.`,
        range: rangeOf(model, instr, cmds, builds[0]),
        fixes: splitFix(model, instr, cmds, lastBuild),
      });
    }
    return out;
  },
};

function rangeOf(model: DockerfileModel, instr: Instr, cmds: ShellCommand[], target: ShellCommand): Range {
  let at: Range | undefined;
  for (const c of cmds) {
    at = locateCommand(model, instr, c, at) ?? at;
    if (c === target) return at ?? firstLine(model, instr);
  }
  return firstLine(model, instr);
}

const STATEFUL = /^(cd|pushd|popd|export|source|\.|set|umask|ulimit|alias|unset)$/;

function join(cmds: ShellCommand[]): string {
  return listOf(cmds, (c, i) => (i < cmds.length - 1 ? `${c.text} ${c.terminator === '\n' ? ';' : c.terminator} ` : c.text)).join('');
}

function splitFix(model: DockerfileModel, instr: Instr, cmds: ShellCommand[], lastBuild: number): Fix[] {
  const chained = (c: ShellCommand) => c.terminator === '&&' || c.terminator === ';' || c.terminator === '\n';
  const build = cmds.slice(0, lastBuild + 1);
  const rest = cmds.slice(lastBuild + 1);
  if (!build.every(chained) || !rest.slice(0, -1).every(chained) || rest[rest.length - 1].terminator !== '') return [];
  // Moving a `cd`/`export` into the RUN would change what the remaining command sees.
  if (build.some(c => STATEFUL.test(c.words[0] ?? '') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(c.text))) return [];
  const kw = keywordLike(model, instr, instr.keyword);
  const real = join(rest);
  let newLine: string;
  if (!instr.execForm) {
    newLine = commandLine(kw, real);
  } else {
    const script = innerScript(instr.execForm);
    if (script === undefined) return [];
    const words = execWordsIfSimple(real);
    const c = instr.execForm.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w));
    newLine = `${kw} ${execFormOf(words ?? [...instr.execForm.slice(0, c + 1), real])}`;
  }
  const indent = indentOf(model, instr);
  const run = `${indent}${keywordLike(model, instr, 'RUN')} ${join(build)}`;
  return [{
    title: `Move the build work into RUN before the ${instr.keyword}`,
    edits: [replaceInstruction(model, instr, run + model.eol + indent + newLine)],
    isPreferred: true,
  }];
}
