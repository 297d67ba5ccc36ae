import { CopySource, DockerfileModel, Instr, Stage } from '../../analysis/model';
import { ShellCommand } from '../../analysis/shell';
import { Fix } from '../../analysis/types';
import { Rule, RuleContext, RuleFinding } from '../rule';
import { describe, firstLine } from '../edits';
import { commandOf, contextCopies, insertAbove, positional, workdirBefore } from './common';
import { PrefetchPlan, prefetchPlan } from './prefetchPlans';
import { listOf } from '../../analysis/lists';

// `go build`, `mvn package`, `cargo build`… right after `COPY . .` download every dependency
// again whenever any source file changes, because nothing cached them in an earlier layer.
export const dependencyPrefetch: Rule = {
  id: 'dependency-prefetch',
  category: 'cache',
  severity: 'info',
  title: 'A build after copying the whole context downloads all dependencies again on every source edit',
  equivalents: {},
  explanation: 'The build step downloads its dependencies itself, in a layer that the source copy invalidates. Copy the manifests and prefetch the dependencies first (or use a cache mount), so a source edit reuses them.',
  scope: 'stage',
  checkStage(stage, model, ctx) {
    const copy = contextCopies(stage)[0];
    if (!copy) return [];
    for (const run of stage.instructions) {
      if (run.keyword !== 'RUN' || run.index < copy.instr.index) continue;
      const f = check(model, ctx, stage, copy, run);
      if (f) return [f];
    }
    return [];
  },
};

type Tool = 'go' | 'maven' | 'gradle' | 'cargo' | 'dotnet';

/** The dependency-downloading build command in a simple command, if it is one. */
function buildTool(cmd: ShellCommand): { tool: Tool; wrapper?: string } | undefined {
  const { prog, args } = commandOf(cmd);
  const pos = positional(args);
  const sub = args[0];
  const base = prog.replace(/^.*\//, '');
  if (base === 'go' && (sub === 'build' || sub === 'install' || sub === 'test') && !args.some(a => /^-mod=vendor$/.test(a)) && !pos.some(p => p.includes('@'))) return { tool: 'go' };
  if ((base === 'mvn' || base === 'mvnw') && pos.some(g => /^(package|install|verify|compile|test)$/.test(g)) && !args.some(a => a === '-o' || a === '--offline')) {
    return { tool: 'maven', wrapper: base === 'mvnw' ? prog : undefined };
  }
  if ((base === 'gradle' || base === 'gradlew') && pos.some(t => /^(build|bootJar|assemble|jar|shadowJar|installDist|compileJava)$/.test(t)) && !args.includes('--offline')) {
    return { tool: 'gradle', wrapper: base === 'gradlew' ? prog : undefined };
  }
  if (base === 'cargo' && (sub === 'build' || sub === 'install') && !args.some(a => a === '--offline' || a === '--frozen')) return { tool: 'cargo' };
  if (base === 'dotnet' && (sub === 'publish' || sub === 'build') && !args.includes('--no-restore')) return { tool: 'dotnet' };
  return undefined;
}

/** A prefetch of the same tool: `go mod download`, `mvn dependency:go-offline`, `gradle dependencies`, `cargo fetch`, `dotnet restore`. */
function isPrefetch(cmd: ShellCommand, tool: Tool): boolean {
  const { prog, args } = commandOf(cmd);
  const base = prog.replace(/^.*\//, '');
  switch (tool) {
    case 'go': return base === 'go' && args[0] === 'mod' && (args[1] === 'download' || args[1] === 'vendor');
    case 'maven': return (base === 'mvn' || base === 'mvnw') && args.some(a => /dependency:(go-offline|resolve)/.test(a));
    case 'gradle': return (base === 'gradle' || base === 'gradlew') && args.some(a => /^(dependencies|build|assemble|resolveDependencies|downloadDependencies)$/.test(a));
    case 'cargo': return base === 'cargo' && (args[0] === 'fetch' || args[0] === 'build' || args[0] === 'vendor');
    case 'dotnet': return base === 'dotnet' && (args[0] === 'restore' || args[0] === 'build' || args[0] === 'publish');
  }
}

const PROGRAMS: Record<Tool, RegExp> = { go: /^go$/, maven: /^mvnw?$/, gradle: /^gradlew?$/, cargo: /^cargo$/, dotnet: /^dotnet$/ };

function invokes(cmd: ShellCommand, tool: Tool): boolean {
  return PROGRAMS[tool].test(commandOf(cmd).prog.replace(/^.*\//, ''));
}

/** The stage and the stages it builds on, nearest first. */
function chain(model: DockerfileModel, stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && out.length <= stage.index; s = s.parent !== undefined ? model.stages[s.parent] : undefined) out.push(s);
  return out;
}

function check(model: DockerfileModel, ctx: RuleContext, stage: Stage, copy: CopySource, run: Instr): RuleFinding | undefined {
  const idx = run.shell.findIndex(c => buildTool(c) !== undefined);
  if (idx < 0) return undefined;
  const found = buildTool(run.shell[idx])!;
  const { tool } = found;
  // A cache mount keeps the downloads across builds; a prefetch earlier in the same RUN is copy-before-install's case.
  if (/type=cache/.test(String(run.flags.get('mount') ?? '')) || run.shell.slice(0, idx).some(c => isPrefetch(c, tool))) return undefined;
  for (const s of chain(model, stage)) {
    for (const i of s.instructions) {
      if (i.keyword !== 'RUN' || (s === stage && i.index >= run.index)) continue;
      if (i.shell.some(c => isPrefetch(c, tool))) return undefined;
      // Any run of the same tool before the sources arrive (`./gradlew downloadRepos`, `go get`) is a prefetch of its own making.
      if ((s !== stage || i.index < copy.instr.index) && i.shell.some(c => invokes(c, tool))) return undefined;
    }
  }
  const files = ctx.contextFiles;
  // Vendored Go modules need no download; a Go module without go.sum has no dependencies; without a
  // go.mod at the top of the context the module (if any) lives elsewhere: nothing to say for sure.
  if (tool === 'go' && files && (files.includes('vendor') || !files.includes('go.mod') || !files.includes('go.sum'))) return undefined;
  const finding: RuleFinding = {
    message: `${describe(model, run)} downloads every ${TOOL_NAMES[tool]} dependency again whenever any file in the build context changes: it runs after ${describe(model, copy.instr)} and nothing fetched the dependencies in an earlier layer. Copy the manifests and run \`${PREFETCH[tool]}\` before the sources, or use \`RUN --mount=type=cache,target=${CACHE_DIRS[tool]}\`.`,
    range: firstLine(model, run),
    related: [{ range: copy.instr.range, message: 'the copy whose cache miss re-runs the build with no dependencies cached' }],
  };
  const plan = files ? prefetchPlan(tool, files, found.wrapper) : undefined;
  const fix = plan && prefetchFix(model, stage, copy, run, idx, plan);
  if (fix) finding.fixes = [fix];
  return finding;
}

const TOOL_NAMES: Record<Tool, string> = { go: 'Go module', maven: 'Maven', gradle: 'Gradle', cargo: 'Cargo', dotnet: 'NuGet' };
const PREFETCH: Record<Tool, string> = { go: 'go mod download', maven: 'mvn dependency:go-offline', gradle: 'gradle dependencies', cargo: 'cargo fetch', dotnet: 'dotnet restore' };
const CACHE_DIRS: Record<Tool, string> = { go: '/go/pkg/mod', maven: '/root/.m2', gradle: '/root/.gradle', cargo: '/usr/local/cargo/registry', dotnet: '/root/.nuget/packages' };

/** `COPY <manifests> ./` and the prefetch RUN, above the whole-context copy, in the same directory the build runs in. */
function prefetchFix(model: DockerfileModel, stage: Stage, copy: CopySource, run: Instr, idx: number, plan: PrefetchPlan): Fix | undefined {
  if (copy.instr.execForm || copy.from !== undefined || !/^\.\/?$/.test(copy.dest)) return undefined;
  // The build must run where the copy put the files: same WORKDIR, no `cd` before it.
  const dir = workdirBefore(stage, copy.instr);
  if (dir === undefined || dir !== workdirBefore(stage, run)) return undefined;
  if (run.shell.slice(0, idx).some(c => commandOf(c).prog === 'cd') || run.heredocs.length > 0 || run.execForm) return undefined;
  // The cargo plan writes and removes a stub `src/`: only where nothing was copied into the stage yet.
  if (plan.run.includes('rm -rf src') && stage.copies.some(c => c.instr.index < copy.instr.index)) return undefined;
  const line = model.lines[copy.instr.range.start.line] ?? '';
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const written = line.slice(copy.instr.keywordRange.start.character, copy.instr.keywordRange.end.character);
  const lower = written === written.toLowerCase();
  const flags = listOf((line.match(/--(?:chown|chmod)=\S+/g) ?? []), f => f + ' ').join('');
  const eol = model.eol;
  const text = listOf(plan.copies, c => `${indent}${lower ? 'copy' : 'COPY'} ${flags}${c}${eol}`).join('')
    + `${indent}${lower ? 'run' : 'RUN'} ${plan.run}${eol}`;
  return { title: `Copy ${plan.manifests.join(', ')} and run \`${plan.run}\` before ${describe(model, copy.instr)}`, edits: [insertAbove(model, copy.instr, text)], isPreferred: true };
}
