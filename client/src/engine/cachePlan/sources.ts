// Which context entries a COPY/ADD source takes, the way both builders match them: a literal path
// takes that file or folder (and everything below it); a pattern (`*`, `?`, `[…]`, Go's
// filepath.Match) is matched against whole paths, and a matched folder takes its contents too.
import * as path from 'path';
import { ContextSnapshot } from './types';

/** `./src/` → `src`; `.` and `/` → `` (the whole context). */
export function normaliseSource(src: string): string {
  const n = path.posix.normalize('/' + src).replace(/^\/+|\/+$/g, '');
  return n === '.' ? '' : n;
}

export const isPattern = (src: string) => /[*?[]/.test(src);

function patternRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) { re += '\\['; continue; }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = '^' + body.slice(1); else if (body.startsWith('!')) body = '^' + body.slice(1);
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) re += '\\' + pattern[++i];
    else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The entries `sources` take: path → signature, sorted; `missing` lists sources that match nothing. */
export function takenFiles(snapshot: ContextSnapshot, sources: string[]): { files: Map<string, string>; missing: string[] } {
  const files = new Map<string, string>();
  const missing: string[] = [];
  for (const raw of sources) {
    const src = normaliseSource(raw);
    let matched = false;
    if (src === '') {
      for (const [p, s] of snapshot) files.set(p, s);
      matched = true;
    } else if (isPattern(src)) {
      const re = patternRegex(src);
      const roots = [...snapshot.keys()].filter(p => re.test(p));
      for (const root of roots) {
        for (const [p, s] of snapshot) if (p === root || p.startsWith(root + '/')) files.set(p, s);
      }
      matched = roots.length > 0;
    } else {
      for (const [p, s] of snapshot) {
        if (p === src || p.startsWith(src + '/')) { files.set(p, s); matched = true; }
      }
    }
    if (!matched) missing.push(raw);
  }
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), missing };
}
