// The shape shared by hadolint's "pin versions" rules (DL3008, DL3013, DL3016, DL3018, DL3028,
// DL3033, DL3037, DL3041, DL3062): find the install command, list the packages it names, and report
// the ones without a version. There is no quick fix: the right version is the one the image was
// tested with, which only the author knows.
import { Severity } from '../../../analysis/types';
import { Instr, Stage } from '../../../analysis/model';
import { ShellCommand } from '../../../analysis/shell';
import { Rule, RuleFinding } from '../../rule';
import { describe, firstLine } from '../../edits';
import { commandOf } from '../../cache/common';
import { packageWords, varsBefore } from './stageVars';
import { mentionsAny, runCommands } from './runCommands';
import { emptyList, listOf } from '../../../analysis/lists';

/** Where a command runs: its instruction, stage, and position among the instruction's commands. */
export interface CommandPlace { instr: Instr; stage: Stage; shell: ShellCommand[]; position: number }

export interface PinSpec {
  id: string;
  code: string;
  title: string;
  explanation: string;
  severity?: Severity;
  hadolintSeverity?: Severity;
  recommended?: boolean;
  /** The package words of an install command as written, or undefined when `cmd` is not one. */
  packages(prog: string, args: string[], at: CommandPlace): string[] | undefined;
  /** The word names a version (or a file that carries one). */
  pinned(word: string): boolean;
  /** Words that name no single package that could be pinned (groups, paths): never reported. */
  unpinnable?(word: string): boolean;
  /** Program names, one of which the RUN's text must contain (a cheap first filter). */
  programs: string[];
  /** `apt-get install`: the command as messages name it. */
  command: string;
  /** The command's name when it depends on the words (`go get` / `go install`). */
  label?(prog: string, args: string[]): string;
  /** How one package is pinned, e.g. `curl=<version>`. */
  example(pkg: string): string;
}

export function pinRule(spec: PinSpec): Rule {
  return {
    id: spec.id, category: 'best-practice', severity: spec.severity ?? 'info', title: spec.title,
    equivalents: { hadolint: [spec.code] }, explanation: spec.explanation, readsShell: true,
    ...(spec.hadolintSeverity ? { hadolintSeverity: spec.hadolintSeverity } : {}),
    ...(spec.recommended === false ? { recommended: false } : {}),
    scope: 'stage',
    checkStage(stage, model) {
      const out: RuleFinding[] = emptyList();
      for (const instr of stage.instructions) {
        if (!mentionsAny(instr, spec.programs)) continue;
        const shell = runCommands(instr);
        if (!shell) continue;
        let known: Map<string, string | undefined> | undefined;
        const vars = () => (known ??= varsBefore(stage, model, instr));
        const loose: string[] = [];
        let label = spec.command;
        shell.forEach((cmd, position) => {
          const { prog, args } = commandOf(cmd);
          const all = spec.packages(prog, args, { instr, stage, shell, position });
          if (!all) return;
          // A command substitution (`$(cat pkgs)`) names packages we cannot see, and the splitter cuts
          // it into pieces: read only the words before it.
          const cut = all.findIndex(w => w.includes('$(') || w.includes('`'));
          const words = cut < 0 ? all : all.slice(0, cut);
          for (const word of words) {
            if (spec.pinned(word)) continue;
            for (const pkg of packageWords(word, vars) ?? []) {
              if (spec.pinned(pkg) || spec.unpinnable?.(pkg) || loose.includes(pkg)) continue;
              if (loose.length === 0) label = spec.label?.(prog, args) ?? spec.command;
              loose.push(pkg);
            }
          }
        });
        if (loose.length === 0) continue;
        const names = loose.length <= 3 ? listOf(loose, p => `\`${p}\``).join(', ') : `${listOf(loose.slice(0, 3), p => `\`${p}\``).join(', ')} and ${loose.length - 3} more`;
        out.push({
          message: `${describe(model, instr)} runs \`${label}\` without a version for ${names}: the next build may get a different version. Pin it as \`${spec.example(loose[0])}\` (no automatic fix: only you know the version the image was tested with).`,
          range: firstLine(model, instr),
        });
      }
      return out;
    },
  };
}
