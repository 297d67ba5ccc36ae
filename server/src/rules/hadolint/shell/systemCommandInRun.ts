import { Rule, RuleFinding } from '../../rule';
import { describe, firstLine } from '../../edits';
import { Invocation, invocations } from './commands';
import { emptyList, listOf } from '../../../analysis/lists';

/** hadolint's list (DL3001): programs that act on a running system or a person at a terminal. */
const PROGRAMS: Record<string, string> = {
  ssh: 'opens a remote session', vim: 'is an interactive editor', shutdown: 'stops a machine',
  service: 'controls init-managed services, which a build container does not run', ps: 'lists processes of the build container only',
  free: 'reports the build host\'s memory', top: 'is an interactive monitor', kill: 'signals processes', mount: 'needs privileges a build does not have',
};

// A build step runs in a throw-away container with no init, no terminal and no user watching:
// these commands either fail there, or act on something that is gone when the step ends.
export const systemCommandInRun: Rule = {
  id: 'system-command-in-run',
  category: 'best-practice',
  severity: 'info',
  hadolintSeverity: 'info',
  recommended: false,
  readsShell: true,
  title: 'RUN uses a command meant for a running system (ssh, vim, service, ps, kill, mount, …)',
  equivalents: { hadolint: ['DL3001'] },
  explanation: 'Each RUN is a short-lived container without init, terminal or user: `service x start` starts nothing that survives the step, `vim`/`top` wait for a keyboard, `mount`/`shutdown` need privileges a build lacks. Do the work with non-interactive commands, and start services from CMD/ENTRYPOINT.',
  scope: 'stage',
  checkStage(stage, model) {
    const out: RuleFinding[] = emptyList();
    for (const instr of stage.instructions) {
      const all = invocations(instr);
      // `server & … kill $!` stops a helper the same step started: that is what kill is for.
      const background = all.some(i => i.cmd.terminator === '&') || instr.command.includes('$!');
      const hits = all.filter(i => Object.hasOwn(PROGRAMS, i.name) && !(i.name === 'kill' && background) && !asArgument(i));
      if (hits.length === 0) continue;
      const names = [...new Set(listOf(hits, h => h.name))];
      out.push({
        message: `${describe(model, instr)} runs ${listOf(names, n => `\`${n}\` (it ${PROGRAMS[n]})`).join(', ')}: a build step is a short-lived container without init, terminal or user.`,
        range: firstLine(model, instr),
      });
    }
    return out;
  },
};

/** `ps --version`, `vim --version`, `ssh -V`: checks that the program is installed, not uses of it. */
function asArgument(i: Invocation): boolean {
  return i.args.length === 1 && /^(--version|-V|--help|-h)$/.test(i.args[0]);
}
