// `apt` is apt's interactive front end; scripts (and Dockerfiles) are meant to use apt-get.
import { TextEdit } from '../../../analysis/types';
import { Rule, RuleFinding } from '../../rule';
import { describe, firstLine } from '../../edits';
import { commandOf, positional } from '../../cache/common';
import { runCommands, runText } from './runCommands';
import { emptyList, listOf } from '../../../analysis/lists';

// Subcommands apt-get runs the same way. Not `upgrade` (apt's installs new dependencies, apt-get's
// holds them back), nor `list`, `search`, `show`, `full-upgrade`, which apt-get lacks or spells otherwise.
const SAME_IN_APT_GET = new Set(['install', 'update', 'remove', 'purge', 'autoremove', 'clean', 'autoclean', 'build-dep', 'source', 'download']);

// `apt` in command position: not `apt-get`, `apt-cache`, `/var/lib/apt/…`, `$apt`.
const APT_WORD = /(?<![\w./$-])apt(?=[ \t])/g;
const APT_MENTION = /\bapt\s/;

export const aptGetNotApt: Rule = {
  id: 'apt-get-not-apt', category: 'best-practice', severity: 'info', recommended: false, hadolintSeverity: 'warning',
  title: '`apt` in a RUN: use `apt-get`',
  equivalents: { hadolint: ['DL3027'] }, readsShell: true,
  explanation: '`apt` is the command-line front end for people at a terminal: its output and behaviour may change between releases, and it warns "apt does not have a stable CLI interface. Use with caution in scripts." `apt-get` (and `apt-cache`) are the stable interface for scripts and Dockerfiles.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of stage.instructions) {
      if (!APT_MENTION.test(runText(instr))) continue;
      const apts = listOf((runCommands(instr) ?? []), c => commandOf(c)).filter(c => c.prog === 'apt');
      if (apts.length === 0) continue;
      const f: RuleFinding = {
        message: `${describe(model, instr)} runs \`apt\`, whose command line is not stable for scripts: use \`apt-get\` (or \`apt-cache\`).`,
        range: firstLine(model, instr),
      };
      // Rename only when every `apt` here has an apt-get twin and the source shows exactly those words.
      if (apts.every(c => SAME_IN_APT_GET.has(positional(c.args)[0] ?? ''))) {
        const edits: TextEdit[] = emptyList();
        for (let l = instr.range.start.line; l <= instr.range.end.line; l++) {
          const line = model.lines[l] ?? '';
          if (/^\s*#/.test(line) && l !== instr.range.start.line) continue;
          for (const m of line.matchAll(APT_WORD)) {
            const start = { line: l, character: m.index ?? 0 };
            edits.push({ range: { start, end: { line: l, character: start.character + 3 } }, newText: 'apt-get' });
          }
        }
        if (edits.length === apts.length) f.fixes = [{ title: 'Use `apt-get`', edits, isPreferred: true }];
      }
      out.push(f);
    }
    return out;
  },
};
