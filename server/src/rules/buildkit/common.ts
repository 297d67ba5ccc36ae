// Small helpers shared by the BuildKit build checks (`docker build --check`).
import { DockerfileModel, Instr } from '../../analysis/model';
import { Range } from '../../analysis/types';

/** The text a range covers on one line (ranges of keywords and flag values never span lines). */
export function textAt(model: DockerfileModel, r: Range): string {
  return (model.lines[r.start.line] ?? '').slice(r.start.character, r.end.line === r.start.line ? r.end.character : undefined);
}

/** The keyword as written (`From`, `run`). */
export function keywordAsWritten(model: DockerfileModel, instr: Instr): string {
  return textAt(model, instr.keywordRange);
}

export type Casing = 'upper' | 'lower' | 'mixed';
export function casingOf(word: string): Casing {
  if (word === word.toUpperCase()) return 'upper';
  if (word === word.toLowerCase()) return 'lower';
  return 'mixed';
}

/** ARGs every build defines without a declaration (BuildKit's automatic platform ARGs). */
export const PREDEFINED_ARGS = new Set([
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT',
  'TARGETSTAGE', 'BUILDKIT_SYNTAX',
]);

const VAR_REF = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+?][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Names of the variables a word refers to (`$A`, `${B}`, `${C:-x}`), escaped `\$` excluded. */
export function referencedVars(text: string, escapeChar = '\\'): string[] {
  const out: string[] = [];
  VAR_REF.lastIndex = 0;
  for (let m = VAR_REF.exec(text); m; m = VAR_REF.exec(text)) {
    if (m.index > 0 && text[m.index - 1] === escapeChar) continue;
    out.push(m[1] ?? m[2]);
  }
  return out;
}

/**
 * Expands a FROM reference the way the builder does when no --build-arg is given: a declared ARG
 * without a default is empty, `${X:-d}` / `${X-d}` / `${X:+a}` / `${X+a}` as in the shell.
 */
export function expandWithDefaults(text: string, args: ReadonlyMap<string, string | undefined>): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_w, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const declared = args.has(name);
      const value = args.get(name);
      const set = declared && value !== undefined;
      const nonEmpty = set && value !== '';
      if (op === ':-') return nonEmpty ? value as string : unquote(word ?? '');
      if (op === '-') return set ? value as string : unquote(word ?? '');
      if (op === ':+') return nonEmpty ? word ?? '' : '';
      if (op === '+') return set ? word ?? '' : '';
      return value ?? '';
    });
}

// A reference the builder accepts: [host[:port]/]path[:tag][@digest], path components lower case.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?|\\[[0-9A-Fa-f:]+\\](?::[0-9]+)?)';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,})?$`);

export function isValidReference(ref: string): boolean {
  return ref.length > 0 && ref.length <= 512 && REFERENCE.test(ref);
}

/** Removes shell quoting from a word the builder has processed (`"bookworm"` → `bookworm`). */
export function unquote(word: string): string {
  return word.replace(/\\(.)|"([^"]*)"|'([^']*)'/g, (_w, esc: string | undefined, dq: string | undefined, sq: string | undefined) => esc ?? dq ?? sq ?? '');
}

/** The global ARGs with their defaults as the builder sees them: earlier ARGs expanded, quotes removed. */
export function resolvedGlobalArgs(globalArgs: ReadonlyMap<string, string | undefined>): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const [name, raw] of globalArgs) out.set(name, raw === undefined ? undefined : unquote(expandWithDefaults(raw, out)));
  return out;
}

export const INSTRUCTION_KEYWORDS = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT',
  'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);
