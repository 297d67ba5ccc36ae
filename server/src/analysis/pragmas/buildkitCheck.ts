// BuildKit's `# check=skip=A,B;error=true` parser directive (Dockerfile frontend 1.8+).
// Parser directives are the `# key=value` lines at the very top of the file; the first other line
// (a plain comment, a blank line or an instruction) ends them, as in the builder.

export interface CheckDirective {
  /** Lower-cased BuildKit check names to skip; `all` skips every build check. */
  skip: Set<string>;
  /** `error=true`: build-check violations fail the build, so they are reported as errors. */
  error: boolean;
  line: number;
}

const DIRECTIVE = /^\s*#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/;

export function readCheckDirective(lines: readonly string[]): CheckDirective | undefined {
  for (let l = 0; l < lines.length && l < 64; l++) {
    const m = DIRECTIVE.exec(l === 0 ? lines[l].replace(/^\uFEFF/, '') : lines[l]);
    if (!m) return undefined;
    if (m[1].toLowerCase() !== 'check') continue;
    const out: CheckDirective = { skip: new Set(), error: false, line: l };
    for (const part of m[2].split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const key = part.slice(0, eq).trim().toLowerCase();
      const value = part.slice(eq + 1).trim();
      if (key === 'skip') for (const name of value.split(',')) { const n = name.trim().toLowerCase(); if (n) out.skip.add(n); }
      else if (key === 'error') out.error = value.toLowerCase() === 'true';
    }
    return out;
  }
  return undefined;
}

/** Whether the directive skips a rule with these BuildKit equivalents. */
export function skipsCheck(d: CheckDirective, buildkit: readonly string[] | undefined): boolean {
  if (!buildkit || buildkit.length === 0) return false;
  return d.skip.has('all') || buildkit.some(name => d.skip.has(name.toLowerCase()));
}
