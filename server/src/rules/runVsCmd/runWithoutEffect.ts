import { Rule, RuleFinding } from '../rule';
import { describe, firstLine, replaceInstruction } from '../edits';
import { DockerfileModel, Instr } from '../../analysis/model';
import { Fix } from '../../analysis/types';
import { ShellCommand } from '../../analysis/shell';
import { indentOf, keywordLike } from './cmdText';
import { emptyList, listOf } from '../../analysis/lists';

// Each RUN is a fresh shell: a directory change, an exported variable or a sourced file is
// gone when the step ends, so a RUN that only does that changes nothing.
export const runWithoutEffect: Rule = {
  id: 'run-without-effect',
  category: 'run-vs-cmd',
  severity: 'warning',
  title: 'RUN only changes shell state (cd, export, source), which the next step does not see',
  equivalents: { hadolint: ['DL3003'] },
  readsShell: true,
  hadolintSeverity: 'warning',
  scope: 'stage',
  checkStage(thisStage, model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of thisStage.instructions) {
      if (instr.keyword !== 'RUN' || instr.execForm || instr.shell.length === 0) continue;
      if (!instr.shell.every(c => stateOnly(c) !== undefined && (c.terminator === '' || c.terminator === '&&' || c.terminator === ';' || c.terminator === '\n'))) continue;
      const kinds = listOf(instr.shell, c => stateOnly(c) as string);
      out.push({
        message: `${describe(model, instr)} only runs ${listOf([...new Set(kinds)], k => `\`${k}\``).join(', ')}: each RUN starts a new shell, so later steps do not see it.${advice(kinds)}`,
        range: instr.range.start.line === instr.range.end.line ? instr.range : firstLine(model, instr),
        tags: ['unnecessary'],
        fixes: instr.shell.length === 1 ? fixFor(model, instr, instr.shell[0]) : [],
      });
    }
    return out;
  },
};

/** `cd`, `export`, `source`/`.` when that is all the command does. */
function stateOnly(cmd: ShellCommand): string | undefined {
  const w = cmd.words;
  if (w[0] === 'cd' || w[0] === 'pushd' || w[0] === 'popd' || w[0] === 'source' || w[0] === '.') return w[0];
  // `export -p` prints; `export A` alone is still shell-only.
  if (w[0] === 'export' && w.length > 1 && !w[1].startsWith('-')) return 'export';
  if (w[0] === 'set' && w.length > 1 && /^[-+][a-z]+$/.test(w[1]) && w.slice(1).every(x => /^[-+][a-z]+$|^pipefail$|^o$/.test(x) || x === '-o')) return 'set';
  return undefined;
}

function advice(kinds: string[]): string {
  if (kinds.includes('cd')) return ' Use WORKDIR, or `cd dir && command` in one RUN.';
  if (kinds.includes('export')) return ' Use ENV (or ARG for build-only values), or set it in the RUN that needs it.';
  return ' Run it in the same RUN as the commands that need it.';
}

function fixFor(model: DockerfileModel, instr: Instr, cmd: ShellCommand): Fix[] {
  if (instr.heredocs.length > 0 || instr.flags.size > 0) return [];
  const indent = indentOf(model, instr);
  const raw = cmd.text.trim();
  if (cmd.words[0] === 'cd' && cmd.words.length === 2) {
    const dir = raw.replace(/^cd\s+/, '');
    // The shell would expand ~, $VAR, globs and `cd -`; WORKDIR would not, so only plain paths.
    if (!/^[A-Za-z0-9_@%+=:,./-]+$/.test(dir) || dir === '-') return [];
    const line = `${indent}${keywordLike(model, instr, 'WORKDIR')} ${dir}`;
    return [{ title: `Replace with ${line.trim()}`, edits: [replaceInstruction(model, instr, line)], isPreferred: true }];
  }
  if (cmd.words[0] === 'export' && cmd.words.slice(1).every(w => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w))) {
    const assignments = raw.replace(/^export\s+/, '');
    // ENV substitutes $VAR like the shell, but cannot run commands.
    if (/`|\$\(/.test(assignments)) return [];
    const line = `${indent}${keywordLike(model, instr, 'ENV')} ${assignments}`;
    return [{ title: `Replace with ${line.trim()}`, edits: [replaceInstruction(model, instr, line)], isPreferred: true }];
  }
  return [];
}
