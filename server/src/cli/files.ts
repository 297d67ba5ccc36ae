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
  /** Absolute paths (or STDIN), in argument order, each once. */
  files: string[];
  /** One sentence per argument that matched nothing; the other arguments are still linted. */
  problems: string[];
}

export function resolveInputs(args: string[], cwd: string = process.cwd()): Inputs {
  const out: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => { if (!seen.has(p)) { seen.add(p); out.push(p); } };
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
      const found = tinyglobby.globSync(DOCKERFILE_PATTERNS, { cwd: abs, absolute: true, dot: true, ignore: [...SKIPPED, ...NOT_DOCKERFILES] }).sort();
      if (found.length === 0) problems.push(`No Dockerfiles found in directory ${arg} (looked for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*).`);
      found.map(p => path.normalize(p)).forEach(add);
    } else if (stat) {
      add(abs);
    } else {
      const found = tinyglobby.globSync(arg, { cwd, absolute: true, dot: true, expandDirectories: false, ignore: SKIPPED }).sort();
      if (found.length === 0) problems.push(`No files matched the pattern ${arg}.`);
      found.map(p => path.normalize(p)).forEach(add);
    }
  }
  return { files: out, problems };
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
