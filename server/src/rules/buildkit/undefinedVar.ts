import { Instr, Stage } from '../../analysis/model';
import { Range } from '../../analysis/types';
import { describe } from '../edits';
import { RuleFinding, StageRule, StageView, RuleContext } from '../rule';
import { PREDEFINED_ARGS } from './common';
import { varRefs } from './varRefs';
import { closestName } from './closestName';
import { emptyList, listOf } from '../../analysis/lists';

// BuildKit expands variables itself in these instructions; RUN, CMD, ENTRYPOINT and HEALTHCHECK
// are left to the shell (and exec form is never expanded), ONBUILD runs in another build.
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'WORKDIR', 'VOLUME', 'STOPSIGNAL']);

// Predefined ARGs that --build-arg may set without a declaration (proxies), and BuildKit's own
// SBOM switches: a reference to one is not a mistake we can prove.
const PREDEFINED_UNDECLARED = new Set([
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
  'BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE',
]);

/**
 * A variable that ARG/ENV does not define where it is used. BuildKit also knows the base image's
 * ENV; we know it only when an engine told the caller (ctx.baseImage) or the stage starts from
 * scratch. Otherwise a name the Dockerfile never defines may come from the image, so only
 * references we can prove wrong are reported: a global ARG not re-declared in the stage, a
 * platform ARG without its `ARG`, a use above the ARG/ENV that defines it, and a near-miss of a
 * defined name (a typo). A name set by the same ENV is left to env-self-reference.
 */
export const undefinedVar: StageRule = {
  id: 'undefined-var',
  category: 'best-practice',
  severity: 'warning',
  title: 'ADD/COPY/ENV/LABEL/WORKDIR/… uses a variable no ARG or ENV defines at that point',
  equivalents: { buildkit: ['UndefinedVar'] },
  explanation: 'The builder expands $VARS in ADD, COPY, ENV, ARG, LABEL, EXPOSE, USER, WORKDIR, VOLUME and STOPSIGNAL from the '
    + 'ARGs and ENVs defined so far in the stage (and the base image\'s ENV). An undefined one becomes an empty string: a global '
    + 'ARG not re-declared in the stage, an ARG used above its declaration or a misspelt name silently changes the image.',
  scope: 'stage',
  checkStage(stage, model, ctx) {
    const out: RuleFinding[] = emptyList();
    const known = new Set<string>(['PATH']); // BuildKit gives every Linux stage a PATH when the image has none
    const image = imageKnowledge(stage, model, ctx);
    for (const name of image.env) known.add(name);
    const parent = stage.parent !== undefined ? model.stages[stage.parent] : undefined;
    if (parent) for (const name of parent.vars.keys()) known.add(name);
    // Where each name is first defined in this stage (to tell "used above its ARG" from "never defined").
    const definedAt = new Map<string, Instr>();
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'ARG' && instr.keyword !== 'ENV') continue;
      for (const name of definedNames(instr)) if (!definedAt.has(name)) definedAt.set(name, instr);
    }
    for (const instr of stage.instructions) {
      const refs = EXPANDED.has(instr.keyword) ? refsOf(instr, model) : undefined;
      if (refs && refs.length > 0) {
        let reported: Set<string> | undefined;
        // ARG's names are defined one after another (`ARG A=1 B=$A` works); ENV's all at once (`ENV A=1 B=$A` sees the old A).
        const seenInArg = instr.keyword === 'ARG' ? argNamesBefore(instr) : undefined;
        for (const ref of refs) {
          const { name } = ref;
          if (known.has(name) || reported?.has(name) || PREDEFINED_UNDECLARED.has(name) || seenInArg?.(name, ref.range)) continue;
          const message = problem(name, ref.range, instr, known, definedAt, model, image.complete, effect(ref.op));
          if (!message) continue;
          (reported ??= new Set()).add(name);
          out.push({ message, range: ref.range });
        }
      }
      if (instr.keyword === 'ARG' || instr.keyword === 'ENV') for (const name of definedNames(instr)) known.add(name);
    }
    return out;
  },
};

/** Why `name` is undefined here, or undefined when we cannot prove it is. */
function problem(
  name: string, at: Range, instr: Instr, known: Set<string>, definedAt: Map<string, Instr>, model: StageView, imageComplete: boolean, result: string,
): string | undefined {
  const first = definedAt.get(name);
  if (first && first.index > instr.index) {
    return `'$${name}' is used before ${describe(model, first)} defines it, so ${result} here: move the ${first.keyword} above this line.`;
  }
  // A name set by the same ENV (`ENV DIR=/opt PATH=$DIR/bin`) is env-self-reference's finding (hadolint's DL3044): one is enough.
  if (first === instr && instr.keyword === 'ENV' && instr.properties.some(p => p.name === name && before(p.range, at))) return undefined;
  if (model.globalArgs.has(name)) {
    return `'$${name}' is a global ARG (declared before the first FROM), which a stage sees only after declaring it again, so ${result} here: add \`ARG ${name}\` to this stage above this line.`;
  }
  if (PREDEFINED_ARGS.has(name)) {
    return `'$${name}' is one of BuildKit's automatic platform ARGs, which a stage sees only after \`ARG ${name}\`, so ${result} here: add that line to this stage above this one.`;
  }
  const close = closestName(name, known);
  if (close) return `Usage of undefined variable '$${name}' (did you mean $${close}?), so ${result}.`;
  if (imageComplete) return `Usage of undefined variable '$${name}': no ARG or ENV defines it and neither does the base image, so ${result}.`;
  return undefined;
}

/** What the reference becomes when the variable is unset. */
function effect(op: string): string {
  if (op === ':-' || op === '-') return 'it always takes its default (a --build-arg cannot change it)';
  if (op === ':+' || op === '+') return 'its alternative value is never used';
  if (op === ':?' || op === '?') return 'the build fails';
  return 'it expands to an empty string';
}

/** The base image's ENV names, and whether they are all we need to know (scratch, or the engine told us). */
function imageKnowledge(stage: Stage, model: StageView, ctx: RuleContext): { env: string[]; complete: boolean } {
  let root = stage;
  while (root.parent !== undefined && model.stages[root.parent]) root = model.stages[root.parent];
  if (root.parent !== undefined) return { env: [], complete: false };
  if (root.expandedImage.toLowerCase() === 'scratch') return { env: [], complete: true };
  if (!root.imageComplete) return { env: [], complete: false };
  const facts = ctx.baseImage?.(root.expandedImage);
  if (!facts) return { env: [], complete: false };
  return { env: listOf(facts.env, e => e.split('=')[0]), complete: true };
}

function definedNames(instr: Instr): string[] {
  if (instr.keyword === 'ARG') return listOf(instr.args, a => a.split('=')[0]);
  if (instr.keyword === 'ENV') return listOf(instr.properties, p => p.name);
  return [];
}

function before(a: Range, b: Range): boolean {
  return a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character <= b.start.character);
}

/** For `ARG A=1 B=$A`: whether `name` was declared by an earlier word of the same ARG than `at`. */
function argNamesBefore(instr: Instr): (name: string, at: Range) => boolean {
  return (name, at) => instr.args.some((a, i) => {
    const r = instr.argRanges[i];
    return r !== undefined && before(r, at) && a.split('=')[0] === name;
  });
}

/**
 * The references in the instruction's text after the keyword (flags included: BuildKit expands
 * --chown, --chmod and --from too), with their ranges. Continuations are read in place, comment
 * lines inside them are skipped, and heredoc bodies are not read (BuildKit does not expand them).
 */
function refsOf(instr: Instr, model: StageView): Array<{ name: string; range: Range; op: string }> {
  const start = instr.keywordRange.end;
  let endLine = instr.range.end.line;
  if (instr.heredocs.length > 0) endLine = instr.range.start.line;
  const out: Array<{ name: string; range: Range; op: string }> = [];
  for (let line = start.line; line <= endLine; line++) {
    const full = model.lines[line] ?? '';
    if (line > start.line && /^\s*#/.test(full)) continue;
    const from = line === start.line ? start.character : 0;
    const to = line === instr.range.end.line ? instr.range.end.character : full.length;
    const dollar = full.indexOf('$', from);
    if (dollar < 0 || dollar >= to) continue; // most lines refer to no variable
    const text = full.slice(from, to);
    for (const ref of varRefs(text, model.escapeChar)) {
      out.push({ name: ref.name, op: ref.op, range: { start: { line, character: from + ref.offset }, end: { line, character: from + ref.offset + ref.length } } });
    }
  }
  return out;
}
