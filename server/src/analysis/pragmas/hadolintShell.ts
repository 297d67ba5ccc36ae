// `# hadolint shell=pwsh`: which shell runs the RUNs that follow, as hadolint reads it. Under a
// non-POSIX shell (PowerShell, cmd) the rules that read RUN as POSIX shell (`readsShell`) say
// nothing. The same holds after `SHELL ["powershell", …]` and on a Windows base image (shell form
// runs under `cmd /S /C` there). A pragma before the first FROM sets the file's default; one in a
// stage applies from there on. SHELL and the pragma carry over to stages built `FROM` that stage.
import { DockerfileModel, Instr, Stage } from '../model';
import { globalInstructions, perStage } from '../stageMemo';

const PRAGMA = /^\s*#\s*hadolint\s+shell\s*=\s*(\S+)/;

/** Shell names hadolint treats as non-POSIX (a substring of the program name, as hadolint matches). */
export function isNonPosixShell(program: string | undefined): boolean {
  if (!program) return false;
  const base = program.slice(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1).toLowerCase();
  return /pwsh|powershell|cmd/.test(base);
}

const windowsStage = new WeakMap<Stage, boolean>();
const shellStage = new WeakMap<Stage, boolean>();

const onWindows = (s: Stage) => /windows|nanoserver|servercore/i.test(s.rootImage);
const setsShell = (s: Stage) => s.instructions.some(i => i.keyword === 'SHELL');

/** Indexes of the RUN instructions a non-POSIX shell runs; empty for the usual file. */
export function nonPosixRuns(model: DockerfileModel): Set<number> {
  const out = new Set<number>();
  const pragmas: Array<{ line: number; shell: string }> = [];
  for (let l = 0; l < model.lines.length; l++) {
    const line = model.lines[l];
    if (line.length > 512 || !line.includes('hadolint')) continue;
    const m = PRAGMA.exec(line);
    if (m) pragmas.push({ line: l, shell: m[1] });
  }
  // Per Stage object (stageMemo.ts), so an edit looks at the stages it rebuilt.
  const windowsBase = model.stages.some(s => perStage(windowsStage, s, onWindows));
  const hasShell = globalInstructions(model).some(i => i.keyword === 'SHELL')
    || model.stages.some(s => perStage(shellStage, s, setsShell));
  if (pragmas.length === 0 && !windowsBase && !hasShell) return out;
  let p = 0;
  let fileDefault: string | undefined;
  let current: string | undefined;
  const stageEnd = new Map<number, string | undefined>();
  let stageIndex = -1;
  for (const instr of model.instructions) {
    // The stage that a FROM ends keeps its shell; pragmas right above the FROM are the next stage's.
    if (instr.keyword === 'FROM' && stageIndex >= 0) stageEnd.set(stageIndex, current);
    for (; p < pragmas.length && pragmas[p].line < instr.range.start.line; p++) {
      current = pragmas[p].shell;
      if (stageIndex < 0) fileDefault = current;
    }
    if (instr.keyword === 'FROM') {
      // FROM itself belongs to no stage (its `stage` is -1): count them.
      const stage = model.stages[++stageIndex];
      // A pragma right above this FROM belongs to the new stage.
      const above = pragmas.filter(x => x.line < instr.range.start.line && x.line > (model.instructions[instr.index - 1]?.range.end.line ?? -1));
      if (above.length) current = above[above.length - 1].shell;
      else if (stage?.parent !== undefined) current = stageEnd.get(stage.parent);
      else current = fileDefault ?? (stage && /windows|nanoserver|servercore/i.test(stage.rootImage) ? 'cmd' : undefined);
      continue;
    }
    if (instr.keyword === 'SHELL') current = shellWords(instr)?.[0] ?? current;
    else if (instr.keyword === 'RUN' && isNonPosixShell(current)) out.add(instr.index);
  }
  return out;
}

/** SHELL's JSON array (the parser leaves `execForm` unset for SHELL); undefined when it is not one. */
export function shellWords(instr: Instr): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(instr.args.join(' '));
    return Array.isArray(parsed) && parsed.every(w => typeof w === 'string') ? parsed as string[] : undefined;
  } catch {
    return undefined;
  }
}
