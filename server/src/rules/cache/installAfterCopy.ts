import { Instr, Stage } from '../../analysis/model';
import { Rule, RuleContext, RuleFinding } from '../rule';
import { describe, firstLine } from '../edits';
import { between, commandOf, contextCopies, moveAbove, positional } from './common';
import { downloadOutputs, indexUpdate, packageCleanup, packageInstall } from './systemPackages';
import { emptyList } from '../../analysis/lists';

// System packages and downloads do not read the sources; after `COPY . .` they still
// rerun on every source edit because the copy missed the cache.
export const installAfterCopy: Rule = {
  id: 'install-after-copy',
  category: 'cache',
  severity: 'warning',
  title: 'System packages or downloads are installed after the sources are copied',
  equivalents: {},
  scope: 'stage',
  checkStage(thisStage, model, ctx) {
    const out: RuleFinding[] = emptyList();
    for (const stage of [thisStage]) {
      const copy = contextCopies(stage)[0];
      if (!copy) continue;
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN' || run.index < copy.instr.index) continue;
        const kind = independentStep(run, ctx);
        if (!kind) continue;
        const finding: RuleFinding = {
          message: `${describe(model, run)} ${kind === 'packages' ? 'installs system packages' : 'downloads files'} without using the sources, but it comes after ${describe(model, copy.instr)}, so every edit in the build context reruns it.`,
          range: firstLine(model, run),
          related: [{ range: copy.instr.range, message: 'the copy whose cache miss reruns it' }],
        };
        if (canMove(stage, copy.instr, run)) {
          finding.fixes = [{ title: `Move it above ${describe(model, copy.instr)}`, edits: moveAbove(model, [run], copy.instr), isPreferred: true }];
        }
        out.push(finding);
      }
    }
    return out;
  },
};

// Commands that only touch the system, never the build context.
const SYSTEM_TOOLS = new Set(['rm', 'mkdir', 'chmod', 'chown', 'ln', 'tar', 'unzip', 'gunzip', 'echo', 'true', 'set', 'install', 'mv',
  'update-ca-certificates', 'locale-gen', 'useradd', 'groupadd', 'adduser', 'addgroup', 'gpg', 'sha256sum', 'sha512sum', 'dpkg', 'apt-key',
  'curl', 'wget', 'apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper', 'ldconfig', 'test', '[']);

/** 'packages' / 'downloads' when the RUN installs or downloads and provably reads nothing from the context. */
function independentStep(run: Instr, ctx: RuleContext): 'packages' | 'downloads' | undefined {
  if (run.execForm || /\$\(|`/.test(run.command) || run.flags.has('mount')) return undefined;
  let kind: 'packages' | 'downloads' | undefined;
  const produced = new Set<string>();
  for (const cmd of run.shell) {
    const { prog, args } = commandOf(cmd);
    const outputs = downloadOutputs(cmd);
    if (packageInstall(cmd)) kind = 'packages';
    else if (outputs && !kind) kind = 'downloads';
    for (const o of outputs ?? []) produced.add(o.replace(/^\.\//, ''));
    // `curl … | sh`: a shell fed by the pipe, not a script from the context.
    const pipedShell = (prog === 'sh' || prog === 'bash') && positional(args).every(a => a === '-');
    if (!SYSTEM_TOOLS.has(prog) && !pipedShell && !indexUpdate(cmd) && !packageCleanup(cmd)) return undefined;
    for (const w of positional(args)) {
      const name = w.replace(/^\.\//, '');
      if (produced.has(name) || /^[a-z]+:\/\//i.test(w) || w.startsWith('/') || w.startsWith('$') || w.startsWith('~')) continue;
      if (w.startsWith('.') || w.includes('/') || ctx.contextFiles?.includes(name)) return undefined;
    }
  }
  return kind;
}

const SOURCE_TOOLS = new Set(['npm', 'yarn', 'pnpm', 'npx', 'node', 'pip', 'pip3', 'python', 'python3', 'go', 'mvn', 'mvnw', 'gradle', 'gradlew',
  'cargo', 'bundle', 'composer', 'dotnet', 'make', 'poetry', 'pipenv', 'rails', 'php', 'java', 'javac', 'tsc']);

/** Moving above the copy keeps the meaning when nothing in between sets up what the RUN relies on. */
function canMove(stage: Stage, copy: Instr, run: Instr): boolean {
  for (const i of between(stage, copy, run)) {
    // ENV and ARG reach the RUN's programs as environment (DEBIAN_FRONTEND, http_proxy…), referenced or not.
    if (['USER', 'WORKDIR', 'SHELL', 'ENV', 'ARG'].includes(i.keyword)) return false;
    // A RUN in between may prepare what this one needs (apt sources, users); only source builds are known not to.
    if (i.keyword === 'RUN' && !i.shell.every(c => SOURCE_TOOLS.has(commandOf(c).prog))) return false;
  }
  return true;
}
