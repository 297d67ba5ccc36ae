// The path filters the builder asks for, with the meaning BuildKit's own file sender (tonistiigi/fsutil,
// the version in Docker 20.10+) gives them: include patterns are Go `filepath.Match` globs matched
// component-prefix-wise, "followpaths" are include paths whose symbolic links are followed.
import * as fs from 'fs';
import * as path from 'path';

const cache = new Map<string, RegExp | null>();

/** Go's filepath.Match on '/'-separated paths: `*`, `?`, `[...]`, `\` escapes; null = malformed (matches nothing). */
function globRegExp(pattern: string): RegExp | null {
  const known = cache.get(pattern);
  if (known !== undefined) return known;
  let re = '';
  let ok = true;
  const chars = [...pattern];
  for (let i = 0; i < chars.length && ok; i++) {
    const c = chars[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= chars.length) ok = false;
      else re += escapeRe(chars[++i]);
    } else if (c === '[') {
      let j = i + 1;
      let cls = '';
      if (chars[j] === '^') { cls += '^'; j++; }
      let any = false;
      while (j < chars.length && (chars[j] !== ']' || !any)) {
        let lo = chars[j];
        if (lo === '\\') lo = chars[++j];
        if (lo === undefined) break;
        any = true;
        cls += escapeClass(lo);
        if (chars[j + 1] === '-' && chars[j + 2] !== undefined && chars[j + 2] !== ']') {
          let hi = chars[j + 2];
          j += 2;
          if (hi === '\\') hi = chars[++j];
          if (hi === undefined) break;
          cls += '-' + escapeClass(hi);
        }
        j++;
      }
      if (chars[j] !== ']' || !any) ok = false;
      else { re += `[${cls}]`; i = j; }
    } else re += escapeRe(c);
  }
  let out: RegExp | null = null;
  if (ok) { try { out = new RegExp(`^${re}$`, 'su'); } catch { out = null; } }
  cache.set(pattern, out);
  return out;
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const escapeClass = (c: string) => c.replace(/[\]\\^-]/g, '\\$&');

export function globMatch(pattern: string, name: string): boolean {
  return globRegExp(pattern)?.test(name) ?? false;
}

/**
 * fsutil's matchPrefix: a pattern with more components than `name` is cut to `name`'s depth first
 * (so the folders leading to an included path are walked). `partial` says it was cut.
 */
export function matchPrefix(pattern: string, name: string): { matched: boolean; partial: boolean } {
  const depth = countSlashes(name);
  let partial = false;
  if (countSlashes(pattern) > depth) {
    pattern = pattern.split('/').slice(0, depth + 1).join('/');
    partial = true;
  }
  return { matched: globMatch(pattern, name), partial };
}

function countSlashes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 47) n++;
  return n;
}

/** Go's filepath.Clean for a relative '/'-path ("" and "." → "."). */
export function cleanPath(p: string): string {
  const norm = path.posix.normalize(p);
  const trimmed = norm.length > 1 ? norm.replace(/\/+$/, '') : norm;
  return trimmed === '' ? '.' : trimmed;
}

function hasWildcards(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/**
 * fsutil's FollowLinks: each follow path, and the targets of the symbolic links on the way to it,
 * as root-relative include paths (sorted, without paths inside another). Undefined = no filter
 * (one of them is the root itself).
 */
export function followLinks(root: string, paths: string[]): string[] | undefined {
  const resolved = new Set<string>();
  const readLink = (rel: string, wildcard: boolean): string[] | undefined => {
    const real = path.join(root, rel);
    const base = path.posix.basename(rel);
    if (wildcard && hasWildcards(base)) {
      let names: string[];
      try { names = fs.readdirSync(path.dirname(real)); } catch { return undefined; }
      const out: string[] = [];
      for (const n of names) if (globMatch(base, n)) out.push(...(readLink(path.posix.join(path.posix.dirname(rel), n), false) ?? []));
      return out.length ? out : undefined;
    }
    const st = fs.lstatSync(real, { throwIfNoEntry: false });
    if (!st?.isSymbolicLink()) return undefined;
    const link = path.posix.normalize(fs.readlinkSync(real));
    return [link.startsWith('/') ? link : path.posix.join('/', path.posix.dirname(rel), link)];
  };
  const append = (p: string, depth: number): void => {
    if (depth > 40) throw new Error(`too many levels of symbolic links resolving ${p}`);
    let rest = cleanPath(path.posix.join('.', p));
    let current = '.';
    for (;;) {
      const slash = rest.indexOf('/');
      const part = slash < 0 ? rest : rest.slice(0, slash);
      current = cleanPath(path.posix.join(current, part));
      const targets = readLink(current, true);
      rest = slash < 0 ? '' : rest.slice(slash + 1);
      if ((rest === '' || targets) && resolved.has(current)) return;
      if (targets) {
        resolved.add(current);
        for (const t of targets) append(path.posix.join(t, rest), depth + 1);
        return;
      }
      if (rest === '') { resolved.add(current); return; }
    }
  };
  for (const p of paths) append(p, 0);
  return dedupePaths([...resolved].sort(byteCompare));
}

/** Sorted paths without those inside an earlier one; undefined when one is the root ("."). */
export function dedupePaths(sorted: string[]): string[] | undefined {
  const out: string[] = [];
  let last: string | undefined;
  for (const s of sorted) {
    if (s === '.') return undefined;
    if (last !== undefined && s.startsWith(last + '/')) continue;
    out.push(s);
    last = s;
  }
  return out;
}

/** Go's string order (bytes of UTF-8), which the builder checks the walk against. */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
