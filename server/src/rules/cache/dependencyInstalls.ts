// Recognises dependency-install commands that a project's manifests alone can satisfy,
// and commands that are harmless to run before the sources are in the image.
import { ShellCommand } from '../../analysis/shell';
import { commandOf, positional } from './common';
import { listOf } from '../../analysis/lists';

export interface DependencyInstall {
  /** Tool name for messages (`npm`, `pip`, …). */
  tool: string;
  /** Context paths to copy first; undefined when no safe set is known (finding without fix). */
  manifests?: string[];
  /** Which manifest must exist for the fix to make sense (the rest are optional lockfiles). */
  required?: string;
  /** Files that, when present in the context, mean a manifest-only copy is not enough. */
  blockers?: string[];
}

const SOURCE_DIRS = new Set(['src', 'lib', 'app', 'source', 'sources', 'cmd', 'pkg', 'internal', 'public', 'static',
  'assets', 'templates', 'views', 'components', 'pages', 'test', 'tests', 'spec']);

/** `COPY src/ ./src/`: a source folder by its conventional name. */
export function isSourceFolder(source: string): boolean {
  return SOURCE_DIRS.has(source.replace(/^\.\//, '').replace(/\/$/, ''));
}

function isPathLike(w: string): boolean {
  return w === '.' || w === '..' || w.startsWith('./') || w.startsWith('../') || w.startsWith('/');
}

function valuesOf(args: string[], short: string, long: string): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === short || a === long) { if (args[i + 1] === undefined) return undefined; out.push(args[++i]); }
    else if (a.startsWith(long + '=')) out.push(a.slice(long.length + 1));
    else if (a.startsWith(short) && a.length > short.length && !a.startsWith('--')) out.push(a.slice(short.length));
  }
  return out;
}

export function dependencyInstall(cmd: ShellCommand): DependencyInstall | undefined {
  const { prog, args } = commandOf(cmd);
  const sub = args[0];
  const pos = positional(args);
  switch (prog) {
    case 'npm':
      if ((sub === 'ci' || sub === 'install' || sub === 'i') && pos.length === 1 && !args.some(a => a === '-g' || a === '--global')) {
        return { tool: 'npm', manifests: ['package*.json'], required: 'package.json' };
      }
      return undefined;
    case 'yarn':
      if ((args.length === 0 || sub === 'install' || sub.startsWith('-')) && pos.length <= (sub === 'install' ? 1 : 0)) {
        return { tool: 'yarn', manifests: ['package.json', 'yarn.lock'], required: 'package.json', blockers: ['.yarnrc.yml', '.yarn', '.pnp.cjs'] };
      }
      return undefined;
    case 'pnpm':
      if ((sub === 'install' || sub === 'i') && pos.length === 1) {
        return { tool: 'pnpm', manifests: ['package.json', 'pnpm-lock.yaml'], required: 'package.json', blockers: ['pnpm-workspace.yaml'] };
      }
      if (sub === 'fetch' && pos.length === 1) return { tool: 'pnpm', manifests: ['pnpm-lock.yaml'], required: 'pnpm-lock.yaml' };
      return undefined;
    case 'pip': case 'pip3': {
      if (sub !== 'install' && !/^pip3?\.\d+$/.test(prog)) return undefined;
      if (sub !== 'install') return undefined;
      const reqs = valuesOf(args, '-r', '--requirement');
      const cons = valuesOf(args, '-c', '--constraint') ?? [];
      if (!reqs || reqs.length === 0) return undefined;
      const named = new Set([...reqs, ...cons]);
      if (args.some(a => a === '-e' || a === '--editable' || a.startsWith('-e.') || (isPathLike(a) && !named.has(a)))) return undefined;
      const files = [...reqs, ...cons];
      const fixable = files.every(f => !f.includes('$') && !f.startsWith('/') && !f.startsWith('..') && !f.includes('*'));
      return { tool: 'pip', manifests: fixable ? listOf(files, f => f.replace(/^\.\//, '')) : undefined, required: reqs[0] };
    }
    case 'poetry':
      // Without --no-root poetry also installs the project itself, which needs the sources.
      if (sub === 'install' && args.some(a => a === '--no-root' || a === '--no-directory')) {
        return { tool: 'poetry', manifests: ['pyproject.toml', 'poetry.lock'], required: 'pyproject.toml' };
      }
      return undefined;
    case 'pipenv':
      if ((sub === 'install' || sub === 'sync') && pos.length === 1) {
        return { tool: 'pipenv', manifests: ['Pipfile', 'Pipfile.lock'], required: 'Pipfile' };
      }
      return undefined;
    case 'mvn': case 'mvnw': {
      const goals = pos;
      if (!goals.some(g => /^(?:[\w.-]+:)?dependency:(?:go-offline|resolve|resolve-plugins)$/.test(g))) return undefined;
      if (goals.some(g => !g.includes(':') && g !== 'clean')) return undefined;
      return { tool: 'maven', manifests: prog === 'mvn' ? ['pom.xml'] : undefined, required: 'pom.xml' };
    }
    case 'gradle': case 'gradlew':
      if (pos.length === 1 && pos[0] === 'dependencies') {
        return { tool: 'gradle', manifests: prog === 'gradle' ? ['build.gradle*', 'settings.gradle*'] : undefined, required: 'build.gradle' };
      }
      return undefined;
    case 'go':
      if (sub === 'mod' && args[1] === 'download') return { tool: 'go', manifests: ['go.mod', 'go.sum'], required: 'go.mod' };
      return undefined;
    case 'bundle':
      if (sub === 'install' && pos.length === 1) {
        return { tool: 'bundler', manifests: ['Gemfile', 'Gemfile.lock'], required: 'Gemfile', blockers: ['*.gemspec'] };
      }
      return undefined;
    case 'composer':
      if (sub === 'install' && pos.length === 1) {
        // Composer's scripts and autoloader scan the sources; only a --no-scripts --no-autoloader install can move.
        const movable = args.includes('--no-scripts') && args.includes('--no-autoloader');
        return { tool: 'composer', manifests: movable ? ['composer.json', 'composer.lock'] : undefined, required: 'composer.json' };
      }
      return undefined;
    case 'dotnet':
      if (sub === 'restore') {
        const target = pos[1];
        if (pos.length > 2) return undefined;
        if (target === undefined) return { tool: 'dotnet', manifests: ['*.csproj'], required: '*.csproj', blockers: ['*.sln'] };
        if (/^[\w.-]+\.(?:cs|fs|vb)proj$/.test(target)) return { tool: 'dotnet', manifests: [target], required: target };
        return undefined;
      }
      return undefined;
  }
  return undefined;
}

const NEUTRAL_SUBCOMMANDS: Record<string, string[]> = {
  npm: ['config', 'cache', 'set'], yarn: ['config', 'cache'], pnpm: ['config', 'store'], pip: ['cache', 'config'], pip3: ['cache', 'config'],
  bundle: ['config'], composer: ['clear-cache', 'config'], go: ['env'], poetry: ['config'], corepack: ['enable', 'prepare'],
};

/**
 * Commands that need nothing from the build context: they may run next to an install
 * that is moved above the source copy.
 */
export function isNeutral(cmd: ShellCommand): boolean {
  const { prog, args } = commandOf(cmd);
  if (['echo', 'true', ':', 'set'].includes(prog)) return true;
  if (prog === 'mkdir' || prog === 'rm') return positional(args).every(a => a.startsWith('/') || a.startsWith('~') || a.startsWith('$HOME'));
  if (NEUTRAL_SUBCOMMANDS[prog]?.includes(args[0])) return true;
  // `npm i -g pnpm`, `pip install --upgrade pip`: named packages from a registry, no local paths.
  if ((prog === 'npm' && (args.includes('-g') || args.includes('--global'))) || ((prog === 'pip' || prog === 'pip3') && args[0] === 'install')) {
    return !args.some(a => isPathLike(a) || a === '-r' || a === '-e' || a.startsWith('--requirement') || a.startsWith('--editable'));
  }
  return false;
}
