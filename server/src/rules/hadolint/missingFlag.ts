// The shape shared by hadolint's "this package command lacks a flag" rules (DL3014, DL3015,
// DL3019, DL3042): find the command, see whether an accepting flag is there, and offer to insert
// the flag right after the subcommand when the place in the text is unambiguous.
import { Instr } from '../../analysis/model';
import { ShellCommand } from '../../analysis/shell';
import { Category, Severity, TextEdit } from '../../analysis/types';
import { Rule, RuleFinding, StageView } from '../rule';
import { describe, firstLine } from '../edits';
import { commandOf, positional } from '../cache/common';
import { mentionsAny, runCommands } from './packages/runCommands';
import { emptyList } from '../../analysis/lists';

export interface MissingFlagSpec {
  id: string;
  code: string;
  category: Category;
  severity: Severity;
  /** What hadolint reports it as (see Rule.hadolintSeverity), and whether the recommended profile runs it. */
  hadolintSeverity: Severity;
  recommended?: boolean;
  title: string;
  explanation: string;
  /** The command in question (`apt-get install`), from program and arguments. */
  matches(prog: string, args: string[]): boolean;
  /** The command already has what the rule asks for. */
  satisfied(args: string[], cmd: ShellCommand): boolean;
  /** Also satisfied by the instruction or stage (a cache mount, an ENV). */
  satisfiedBy?(instr: Instr, stageEnv: Set<string>): boolean;
  /** Program names, one of which the RUN's text must contain (a cheap first filter; optional). */
  programs?: string[];
  /** Finds `apt-get install` (etc.) in one source line; the flag goes right after the match. */
  locate: RegExp;
  flag: string;
  message(what: string): string;
}

export function missingFlagRule(spec: MissingFlagSpec): Rule {
  return {
    id: spec.id, category: spec.category, severity: spec.severity, title: spec.title,
    equivalents: { hadolint: [spec.code] }, explanation: spec.explanation, readsShell: true,
    hadolintSeverity: spec.hadolintSeverity, recommended: spec.recommended,
    scope: 'stage',
    checkStage(stage, model) {
      const out: RuleFinding[] = emptyList();
      const env = new Set<string>();
      for (const instr of stage.instructions) {
        if (instr.keyword === 'ENV') for (const p of instr.properties) env.add(p.name);
        if (spec.programs && !mentionsAny(instr, spec.programs)) continue;
        const shell = runCommands(instr);
        if (!shell || spec.satisfiedBy?.(instr, env)) continue;
        const missing = shell.filter(c => {
          const { prog, args } = commandOf(c);
          return spec.matches(prog, args) && !spec.satisfied(args, c);
        });
        if (missing.length === 0) continue;
        const finding: RuleFinding = { message: spec.message(describe(model, instr)), range: firstLine(model, instr) };
        const edits = flagEdits(model, instr, spec, missing.length);
        if (edits) finding.fixes = [{ title: `Add \`${spec.flag}\``, edits, isPreferred: true }];
        out.push(finding);
      }
      return out;
    },
  };
}

/** One insertion per offending command, only when the source shows exactly that many places (heredocs included). */
function flagEdits(model: StageView, instr: Instr, spec: MissingFlagSpec, count: number): TextEdit[] | undefined {
  const hits: TextEdit[] = emptyList();
  const re = new RegExp(spec.locate.source, 'g');
  for (let l = instr.range.start.line; l <= instr.range.end.line; l++) {
    const line = model.lines[l] ?? '';
    if (/^\s*#/.test(line) && l !== instr.range.start.line) continue;
    for (const m of line.matchAll(re)) {
      const at = { line: l, character: (m.index ?? 0) + m[0].length };
      hits.push({ range: { start: at, end: at }, newText: ' ' + spec.flag });
    }
  }
  // Every occurrence must be one that lacks the flag; otherwise we cannot tell which to edit.
  return hits.length === count ? hits : undefined;
}

/** Short options clustered (`-yq`) or spelled out. */
export function hasShort(args: string[], letter: string): boolean {
  return args.some(a => /^-[A-Za-z]+$/.test(a) && a.includes(letter));
}

export function subcommand(args: string[]): string | undefined {
  return positional(args)[0];
}

/** A `RUN --mount=type=cache` whose target starts with one of the prefixes. */
export function hasCacheMount(instr: Instr, prefixes: string[]): boolean {
  return instr.flagList.some(f => f.name.toLowerCase() === 'mount'
    && f.options.some(o => o.name === 'type' && o.value === 'cache')
    && f.options.some(o => ['target', 'dst', 'destination'].includes(o.name) && prefixes.some(p => (o.value ?? '').startsWith(p))));
}
