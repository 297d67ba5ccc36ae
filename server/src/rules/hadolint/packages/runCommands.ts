// The shell commands a RUN runs, including `ONBUILD RUN …` (it runs in every image built FROM this
// one, so hadolint checks it like a RUN).
import { Instr } from '../../../analysis/model';
import { ShellCommand, splitShell } from '../../../analysis/shell';

const cache = new WeakMap<Instr, ShellCommand[]>();

/** The commands of a shell-form RUN or ONBUILD RUN; undefined for anything else (exec form included). */
export function runCommands(instr: Instr): ShellCommand[] | undefined {
  if (instr.keyword === 'RUN') return instr.execForm ? undefined : instr.shell;
  if (instr.keyword !== 'ONBUILD' || instr.args[0]?.toUpperCase() !== 'RUN' || instr.args[1]?.startsWith('[')) return undefined;
  let cmds = cache.get(instr);
  if (!cmds) {
    // Flags of the inner RUN (`--mount=…`) are not commands.
    const words = instr.args.slice(1);
    let i = 0;
    while (i < words.length && words[i].startsWith('--')) i++;
    cmds = splitShell(words.slice(i).join(' '));
    cache.set(instr, cmds);
  }
  return cmds;
}

/**
 * A cheap first test: does the RUN's text mention one of these programs at all? Nearly every RUN
 * names none of a given rule's programs, and a substring test costs far less than reading its commands.
 */
export function mentionsAny(instr: Instr, programs: readonly string[]): boolean {
  const text = runText(instr);
  return programs.some(p => text.includes(p));
}

/** The shell text of a RUN or ONBUILD RUN ('' otherwise), for such first tests. */
export function runText(instr: Instr): string {
  return instr.keyword === 'RUN' ? instr.command : instr.keyword === 'ONBUILD' ? instr.args.join(' ') : '';
}
