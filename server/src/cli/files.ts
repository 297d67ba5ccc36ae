// Turns `layerwise lint` arguments (files, directories, globs, `-`) into the Dockerfiles to lint.
import * as fs from 'fs';
import * as path from 'path';
import { readInside } from '../contextReader';
// Loaded with require so the bundle takes tinyglobby's CommonJS build; its ESM build needs import.meta.url.
import tinyglobby = require('tinyglobby');
import { reason } from './errors';

export const STDIN = '-';

/** The names Docker tooling treats as Dockerfiles (same list as the extension's language contribution). */
const DOCKERFILE_PATTERNS = ['**/Dockerfile', '**/Containerfile', '**/*.Dockerfile', '**/Dockerfile.*', '**/*.Containerfile', '**/Containerfile.*'];
const SKIPPED = ['**/node_modules/**', '**/.git/**'];
// `Dockerfile.dockerignore` / `x.Dockerfile.dockerignore` are per-Dockerfile ignore files, not Dockerfiles.
const NOT_DOCKERFILES = ['**/*.dockerignore'];

export interface Inputs {
  /** Absolute paths (or STDIN), in argument order, each file once (by real path: links and loops add nothing). */
  files: string[];
  /** One sentence per argument that matched nothing or directory that could not be read; the rest is still linted. */
  problems: string[];
}

export function resolveInputs(args: string[], cwd: string = process.cwd()): Inputs {
  const out: string[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const add = (p: string) => {
    const key = p === STDIN ? p : realPath(p);
    const at = seen.get(key);
    if (at === undefined) { seen.set(key, out.length); out.push(p); }
    // Seen first through a link: report it under its own path once that turns up.
    else if (p === key) out[at] = p;
  };
  // tinyglobby skips directories it cannot read without a word: its fs adapter records them.
  const unreadable = new Map<string, string>();
  const globFs = {
    readdir: ((dir: string, options: unknown, callback: (error: NodeJS.ErrnoException | null, entries: fs.Dirent[]) => void) =>
      fs.readdir(dir, options as { withFileTypes: true }, (error, entries) => {
        if (error && error.code !== 'ENOENT') unreadable.set(dir.replace(/\/$/, ''), reason(error));
        callback(error, entries);
      })) as unknown as typeof fs.readdir,
    readdirSync: ((dir: string, options: { withFileTypes: true }) => {
      try {
        return fs.readdirSync(dir, options);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.set(dir.replace(/\/$/, ''), reason(error));
        throw error;
      }
    }) as unknown as typeof fs.readdirSync,
  };
  for (const arg of args) {
    if (arg === STDIN) { add(STDIN); continue; }
    const abs = path.resolve(cwd, arg);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch (error) {
      if (!tinyglobby.isDynamicPattern(arg)) { problems.push(`Cannot lint ${arg}: ${reason(error)}.`); continue; }
    }
    if (stat?.isDirectory()) {
      const found = tinyglobby.globSync(DOCKERFILE_PATTERNS, { cwd: abs, absolute: true, dot: true, ignore: [...SKIPPED, ...NOT_DOCKERFILES], fs: globFs }).sort();
      if (found.length === 0 && unreadable.size === 0) problems.push(`No Dockerfiles found in directory ${arg} (looked for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*).`);
      found.map(p => path.normalize(p)).forEach(add);
    } else if (stat) {
      add(abs);
    } else {
      const found = tinyglobby.globSync(arg, { cwd, absolute: true, dot: true, expandDirectories: false, ignore: SKIPPED, fs: globFs }).sort();
      if (found.length === 0 && unreadable.size === 0) problems.push(`No files matched the pattern ${arg}.`);
      found.map(p => path.normalize(p)).forEach(add);
    }
    for (const [dir, why] of unreadable) problems.push(`Cannot read the directory ${displayPath(dir, cwd)}: ${why}; the Dockerfiles in it were not linted.`);
    unreadable.clear();
  }
  return { files: out, problems };
}

function realPath(p: string): string {
  try {
    // One system call per file (the JavaScript version lstat's every component of every path).
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

/** How a file is named in reports: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  if (file === STDIN) return '<stdin>';
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Reads a small text file inside the Dockerfile's folder (its usual build context); never a path outside it. */
export function contextReaderOf(file: string): ((rel: string) => string | undefined) | undefined {
  if (file === STDIN) return undefined;
  return rel => readInside(path.dirname(file), rel);
}

/** Names at the top of the Dockerfile's folder (its usual build context), for fixes that mention manifests. */
export function contextFilesOf(file: string): string[] | undefined {
  if (file === STDIN) return undefined;
  try {
    return fs.readdirSync(path.dirname(file));
  } catch {
    return undefined;
  }
}
