// The shape shared by hadolint's "clean the package cache in the same RUN" rules (DL3032, DL3036,
// DL3040, DL3060): after the last install in a RUN, some later command of the same RUN must clean
// the cache (or the cache is a mount). Like apt-lists-not-removed (DL3009), only stages that can end
// up in an image count: a builder stage's cache never reaches one.
import { Instr } from '../../../analysis/model';
import { ShellCommand } from '../../../analysis/shell';
import { Category, Severity } from '../../../analysis/types';
import { Rule, RuleFinding } from '../../rule';
import { describe, firstLine } from '../../edits';
import { commandOf } from '../../cache/common';
import { appendToRun } from './appendToRun';
import { mentionsAny, runCommands } from './runCommands';
import { emptyList } from '../../../analysis/lists';

export interface CleanSpec {
  id: string;
  code: string;
  title: string;
  explanation: string;
  severity?: Severity;
  category?: Category;
  hadolintSeverity?: Severity;
  recommended?: boolean;
  /** Program names, one of which the RUN's text must contain (a cheap first filter). */
  programs: string[];
  /** The program of an install that fills the cache (`yum`), or undefined. */
  install(prog: string, args: string[]): string | undefined;
  /** The command cleans the cache `installer` filled. */
  cleans(prog: string, args: string[], installer: string): boolean;
  /** Cache or tmpfs mount targets containing one of these keep the cache out of the layer. */
  mountTargets: string[];
  /** The command the fix appends (`yum clean all`), by installer. */
  cleanCommand(installer: string): string;
  /** What stays in the layer, for the message: "yum's package cache (/var/cache/yum)". */
  what(installer: string): string;
}

export function cleanRule(spec: CleanSpec): Rule {
  return {
    id: spec.id, category: spec.category ?? 'best-practice', severity: spec.severity ?? 'info', title: spec.title,
    equivalents: { hadolint: [spec.code] }, explanation: spec.explanation, readsShell: true,
    ...(spec.hadolintSeverity ? { hadolintSeverity: spec.hadolintSeverity } : {}),
    ...(spec.recommended === false ? { recommended: false } : {}),
    scope: 'stage',
    checkStage(stage, model) {
      const out: RuleFinding[] = emptyList();
      if (!model.ships) return out;
      for (const instr of stage.instructions) {
        if (!mentionsAny(instr, spec.programs)) continue;
        const shell = runCommands(instr);
        if (!shell || hasMount(instr, spec.mountTargets)) continue;
        const installer = uncleaned(shell, spec);
        if (!installer) continue;
        const clean = spec.cleanCommand(installer);
        const f: RuleFinding = {
          message: `${describe(model, instr)} runs \`${installer}\` but leaves ${spec.what(installer)} in the layer: end the same RUN with \`${clean}\`.`,
          range: firstLine(model, instr),
        };
        const edit = appendToRun(model, instr, clean);
        if (edit) f.fixes = [{ title: `Add \`&& ${clean}\``, edits: [edit], isPreferred: true }];
        out.push(f);
      }
      return out;
    },
  };
}

/** The installer of the last install that no later command of the RUN cleans up after. */
function uncleaned(shell: ShellCommand[], spec: CleanSpec): string | undefined {
  let pending: string | undefined;
  for (const cmd of shell) {
    const { prog, args } = commandOf(cmd);
    const installer = spec.install(prog, args);
    if (installer) pending = installer;
    else if (pending && spec.cleans(prog, args, pending)) pending = undefined;
  }
  return pending;
}

/** A `--mount=type=cache|tmpfs` whose target contains one of the paths. */
function hasMount(instr: Instr, paths: string[]): boolean {
  return instr.flagList.some(f => f.name.toLowerCase() === 'mount'
    && f.options.some(o => o.name === 'type' && (o.value === 'cache' || o.value === 'tmpfs'))
    && f.options.some(o => ['target', 'dst', 'destination'].includes(o.name) && paths.some(p => (o.value ?? '').includes(p))));
}
