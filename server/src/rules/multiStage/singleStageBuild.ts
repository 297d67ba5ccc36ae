import * as path from 'path';
import { Rule, RuleContext, RuleFinding } from '../rule';
import { deleteInstruction, describe, firstLine, instructionLines } from '../edits';
import { DockerfileModel, Instr, Stage, textOf } from '../../analysis/model';
import { expandVariables } from '../../analysis/expand';
import { Fix, TextEdit } from '../../analysis/types';
import { BuildStep, Toolchain, buildStepOf, installedToolchains, isDevCommand, removesPackages, runtimeFor, toolchainOfImage } from './buildToolchains';
import { isDevContainer, toolchainIsProduct } from './toolchainProducts';
import { emptyList, listOf } from '../../analysis/lists';

// Instructions that describe the running container: they belong to the runtime stage.
const RUNTIME_META = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'USER']);

// The final image builds its artifact and runs it: compilers, SDKs and caches ship to production.
export const singleStageBuild: Rule = {
  id: 'single-stage-build',
  category: 'multi-stage',
  severity: 'warning',
  title: 'The final image builds and runs its own artifact: move the build into a builder stage',
  equivalents: {},
  scope: 'file',
  fileScopeReason: 'looks at the final stage and which stages other stages consume',
  check(model, ctx) {
    const stage = model.stages[model.stages.length - 1];
    if (!stage || !stage.rootComplete) return [];
    // Images whose toolchain is the point: dev containers, builder images with ONBUILD.
    if (isDevContainer(model, stage) || stage.instructions.some(i => i.keyword === 'ONBUILD')) return [];
    const baseToolchain = toolchainOfImage(stage.rootImage);
    const installed = new Set<Toolchain>();
    let build: BuildStep | undefined;
    const cwd = workdirTracker(stage);
    for (const instr of stage.instructions) {
      cwd.step(instr);
      if (instr.keyword !== 'RUN' || build) continue;
      for (const t of installedToolchains(instr)) installed.add(t);
      for (const cmd of instr.shell) {
        const step = buildStepOf(instr, cmd, cwd.current);
        // A build counts only where its toolchain stays in the image; node's build script counts only on the full node image.
        if (step && (step.toolchain === baseToolchain || (step.toolchain !== 'node' && (installed.has(step.toolchain) || (step.toolchain === 'c' && installed.size > 0))))) { build = step; break; }
      }
    }
    if (!build) return [];
    // The RUN that built also removed its build packages: only the result ships (docker-library style).
    if (build.toolchain !== baseToolchain && removesPackages(build.instr, build.command)) return [];
    const run = lastOf(stage, 'ENTRYPOINT') ?? lastOf(stage, 'CMD');
    if (!run || run.index < build.instr.index) return [];
    const runWords = run.execForm ?? run.shell[0]?.words ?? [];
    // `CMD ["python3"]`, `CMD ["bash"]`: the image exists to give users the toolchain.
    if (runWords.length === 0 || isDevCommand(runWords) || toolchainIsProduct(runWords)) return [];
    const stageText = listOf(stage.instructions, i => i.command + ' ' + i.args.join(' ')).join('\n');
    const runtime = runtimeFor(build.toolchain, stage, stageText, runWords);
    const where = baseToolchain === build.toolchain ? `its base \`${stage.rootImage}\` is a build image` : 'it installs a build toolchain';
    return [{
      message: `The final stage (${describe(model, stage.from)}) builds its artifact (${describe(model, build.instr)}) and runs it (${describe(model, run)}), so ${where} and all of it ships. Build in a builder stage and copy the result onto \`${runtime.image}\`: ${runtime.why}.`,
      range: firstLine(model, stage.from),
      related: [
        { range: firstLine(model, build.instr), message: 'the build command' },
        { range: firstLine(model, run), message: 'runs the built artifact' },
      ],
      fixes: runtime.exact ? splitFix(model, ctx, stage, build, run, runtime.image) : undefined,
    }];
  },
};

function lastOf(stage: Stage, keyword: string): Instr | undefined {
  const list = stage.instructions.filter(i => i.keyword === keyword);
  return list[list.length - 1];
}

/** Follows WORKDIR through the stage; `current` is undefined once a WORKDIR cannot be resolved. */
function workdirTracker(stage: Stage) {
  // The base image's own WORKDIR is unknown (golang uses /go), so relative paths stay unknown until an absolute WORKDIR.
  const state = { current: undefined as string | undefined, set: false, unknown: false, step(instr: Instr) {
    if (instr.keyword !== 'WORKDIR' || instr.args.length === 0) return;
    const e = expandVariables(instr.args.join(' '), stage.vars);
    const absolute = e.value.startsWith('/');
    state.current = e.complete && (absolute || state.current !== undefined) ? path.posix.resolve(state.current ?? '/', e.value) : undefined;
    // A path with spaces, quotes or brackets would need quoting in the generated COPY: treat it as unknown (no fix).
    if (state.current !== undefined && /[\s"'[\]`\\]/.test(state.current)) state.current = undefined;
    state.unknown = state.current === undefined;
    state.set = true;
  } };
  return state;
}

/** The file or directory to copy out of the builder, when the build command and the CMD say it for sure. */
function artifactOf(build: BuildStep, runWords: string[], runCwd: string | undefined): string | undefined {
  const abs = (p: string) => (p.includes('$') ? undefined : p.startsWith('/') ? path.posix.normalize(p) : runCwd !== undefined ? path.posix.resolve(runCwd, p) : undefined);
  const runPaths = listOf(runWords, abs);
  if (build.toolchain === 'java' && build.cwd) {
    const dir = /gradle/.test(build.command) ? 'build/libs/' : 'target/';
    const outDir = path.posix.resolve(build.cwd, dir) + '/';
    return runPaths.find(p => p !== undefined && p.endsWith('.jar') && p.startsWith(outDir) && !p.includes('*'));
  }
  if (build.toolchain === 'go' && build.output) {
    const prog = runWords[0] ?? '';
    const onPath = /^\/(usr\/(local\/)?)?s?bin$|^\/go\/bin$/.test(path.posix.dirname(build.output));
    if ((prog.includes('/') && runPaths[0] === build.output) || (onPath && !prog.includes('/') && prog === path.posix.basename(build.output))) return build.output;
    return undefined;
  }
  if (build.toolchain === 'dotnet' && build.output) {
    const dll = runPaths.find(p => p?.endsWith('.dll'));
    return runWords[0] === 'dotnet' && dll && dll.startsWith(build.output + '/') ? build.output : undefined;
  }
  return undefined;
}

/** Turns the stage into `AS builder` and appends a runtime stage that copies the artifact to the same path. */
function splitFix(model: DockerfileModel, ctx: RuleContext, stage: Stage, build: BuildStep, run: Instr, image: string): Fix[] | undefined {
  if (stage.parent !== undefined) return undefined;
  const cwd = workdirTracker(stage);
  for (const i of stage.instructions) { if (i.index > run.index) break; cwd.step(i); }
  if (cwd.unknown) return undefined;
  const artifact = artifactOf(build, run.execForm ?? run.shell[0]?.words ?? [], cwd.current);
  if (!artifact) return undefined;
  // A named user would not exist in the runtime image; a health check may need tools the runtime lacks.
  const users = stage.instructions.filter(i => i.keyword === 'USER');
  if (users.some(u => !/^(\d+(:\d+)?|root)$/.test(u.args[0] ?? ''))) return undefined;
  if (stage.instructions.some(i => i.keyword === 'HEALTHCHECK' && !/^none$/i.test(i.args[0] ?? '')) && image.includes('distroless')) return undefined;
  const lastRun = [...stage.instructions].reverse().find(i => i.keyword === 'RUN');
  const taken = new Set(listOf(model.stages, s => s.name?.toLowerCase()));
  let builder = stage.name;
  const edits: TextEdit[] = emptyList();
  if (!builder) {
    // `FROM image <junk>`: appending ` AS builder` would not make a valid FROM.
    if (stage.from.args.length !== 1) return undefined;
    builder = 'builder';
    for (let n = 2; taken.has(builder); n++) builder = `builder-${n}`;
    const end = stage.from.range.end;
    edits.push({ range: { start: end, end }, newText: ` AS ${builder}` });
  }
  const eol = model.eol;
  const baseLabel = stage.labels.find(l => ctx.baseImageLabelKeys.includes(l.key));
  const out: string[] = [`FROM ${image}`];
  if (baseLabel) out.push(`LABEL ${ctx.baseImageLabelKeys[0]}="${image}"`);
  if (cwd.current !== undefined) out.push(`WORKDIR ${cwd.current}`);
  const text = [out.join(eol) + eol];
  for (const i of stage.instructions) if (i.keyword === 'ENV') text.push(instructionLines(model, i));
  text.push(`COPY --from=${builder} ${artifact} ${artifact}${eol}`);
  for (const i of stage.instructions) {
    const moves = RUNTIME_META.has(i.keyword) || (i.keyword === 'LABEL' && !textOf(model.lines, i.range).includes(baseLabel?.key ?? '\u0000'));
    if (!moves) continue;
    text.push(instructionLines(model, i));
    // A USER before the last RUN still matters to the build; keep it there too.
    if (!(i.keyword === 'USER' && lastRun && i.index < lastRun.index)) edits.push(deleteInstruction(i));
  }
  const lastLine = model.lines.length - 1;
  const endsWithEol = model.lines[lastLine] === '';
  const endPos = { line: lastLine, character: model.lines[lastLine].length };
  // A trailing instruction with no final line break: its delete must stop at the end of the text.
  let lastDeleted = false;
  for (const e of edits) if (e.range.end.line > lastLine) { e.range.end = endPos; lastDeleted = true; }
  edits.push({ range: { start: endPos, end: endPos }, newText: (endsWithEol || lastDeleted ? eol : eol + eol) + text.join('') });
  return [{ title: `Split into a \`${builder}\` stage and a \`${image}\` runtime stage`, edits, isPreferred: true }];
}
