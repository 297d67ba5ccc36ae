// How hadolint reads a package command's words, shared by the package-manager rules: a subcommand
// is any word (`yum -q install`), a flag is any `-x`/`--name[=v]` (short ones may be clustered),
// and the packages are the words that are neither flags nor the values of flags that take one.

const REDIRECT = /^[0-9]*(?:>>?|<<?|>&|<&|&>>?)/;
const BARE_REDIRECT = /^[0-9]*(?:>>?|<<?|>&|<&|&>>?)$/;

/** `apt-get install -s`, `--simulate`, `--dry-run`, …: apt-get only prints what it would do. */
export function aptSimulates(args: readonly string[]): boolean {
  return hasAnyFlag(args.filter(a => !a.startsWith('--')), ['s']) || hasWord(args, ['--simulate', '--just-print', '--dry-run', '--recon', '--no-act', '--print-uris']);
}

/** Some word of the command is one of `words` (hadolint's `cmdHasArgs`). */
export function hasWord(args: readonly string[], words: readonly string[]): boolean {
  return args.some(a => words.includes(a));
}

/** One of the flags is given: `-y`, `-qy`, `--assumeyes`, `--assumeyes=1`. Names without dashes. */
export function hasAnyFlag(args: readonly string[], names: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (names.includes(eq < 0 ? a.slice(2) : a.slice(2, eq))) return true;
    } else if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) if (names.includes(c)) return true;
    }
  }
  return false;
}

/**
 * The words that are not flags, without the value that follows a flag in `valueFlags` (written
 * separately: `-t release`, `--virtual .deps`; `--virtual=.deps` carries its own). Words after `--`
 * are operands too.
 */
export function operands(args: readonly string[], valueFlags: readonly string[] = []): string[] {
  const out: string[] = [];
  let afterDashDash = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // Redirections (`> /dev/null`, `2>/dev/null`) are not arguments.
    if (REDIRECT.test(a)) { if (BARE_REDIRECT.test(a)) i++; continue; }
    if (afterDashDash || !a.startsWith('-') || a === '-') { out.push(a); continue; }
    if (a === '--') { afterDashDash = true; continue; }
    if (a.includes('=')) continue;
    const name = a.startsWith('--') ? a.slice(2) : a.slice(-1); // `-qt x`: the last short flag takes the value
    if (valueFlags.includes(name)) i++;
  }
  return out;
}

/** The operands after the subcommand (the first operand that is one of `subcommands`). */
export function operandsAfter(args: readonly string[], subcommands: readonly string[], valueFlags: readonly string[] = []): string[] | undefined {
  const words = operands(args, valueFlags);
  const at = words.findIndex(w => subcommands.includes(w));
  return at < 0 ? undefined : words.slice(at + 1);
}
