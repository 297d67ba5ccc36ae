import { CopySource, DockerfileModel, Instr, Stage } from '../../analysis/model';
import { Rule, RuleContext, RuleFinding } from '../rule';
import { describe, firstLine } from '../edits';
import { attachedStart, between, commandOf, contextCopies, moveAbove, rebuildsPhrase, resolvePath, takeInstruction, workdirBefore } from './common';
import { TextEdit } from '../../analysis/types';
import { DependencyInstall, dependencyInstall, isNeutral, isSourceFolder } from './dependencyInstalls';
import { emptyList, listOf } from '../../analysis/lists';

// A dependency install that follows a copy of the sources reruns on every source edit,
// although only the manifests (package.json, lockfile…) decide what it installs.
export const copyBeforeInstall: Rule = {
  id: 'copy-before-install',
  category: 'cache',
  severity: 'warning',
  title: 'The sources are copied before the dependency install, so every source edit reinstalls dependencies',
  equivalents: {},
  scope: 'stage',
  checkStage(thisStage, model, ctx) {
    const out: RuleFinding[] = emptyList();
    for (const stage of [thisStage]) {
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN') continue;
        const found = installIn(run);
        if (!found) continue;
        const finding = wholeContextFinding(model, ctx, stage, run, found) ?? sourceFolderFinding(model, stage, run, found);
        if (finding) out.push(finding);
      }
    }
    return out;
  },
};

interface FoundInstall { install: DependencyInstall; movable: boolean }

/** The first manifest-only install in the RUN, if only harmless commands come before it. */
function installIn(run: Instr): FoundInstall | undefined {
  let install: DependencyInstall | undefined;
  let movable = !run.flags.has('mount') || !/type=bind/.test(String(run.flags.get('mount')));
  for (const cmd of run.shell) {
    const inst = dependencyInstall(cmd);
    if (inst) { install ??= inst; continue; }
    if (isNeutral(cmd)) continue;
    if (!install && commandOf(cmd).prog === 'cd') { movable = false; continue; }
    if (!install) return undefined;
    movable = false;
  }
  return install && { install, movable };
}

/** Instructions between the copy and the install that can move up with the install without changing anything. */
function movableBetween(model: DockerfileModel, copy: CopySource, run: Instr, stage: Stage): Instr[] | undefined {
  const mid = between(stage, copy.instr, run);
  const copyText = model.lines[copy.instr.range.start.line] ?? '';
  for (const i of mid) {
    if (!['WORKDIR', 'ENV', 'ARG', 'USER', 'LABEL', 'EXPOSE'].includes(i.keyword)) return undefined;
    if (i.keyword === 'WORKDIR' && !copy.dest.startsWith('/')) return undefined;
    if ((i.keyword === 'ENV' || i.keyword === 'ARG') && copyText.includes('$')) return undefined;
  }
  return mid;
}

function wholeContextFinding(model: DockerfileModel, ctx: RuleContext, stage: Stage, run: Instr, found: FoundInstall): RuleFinding | undefined {
  const copies = contextCopies(stage).filter(c => c.instr.index < run.index);
  if (copies.length === 0) return undefined;
  const copy = copies[0];
  const { install } = found;
  const finding: RuleFinding = {
    message: `${describe(model, copy.instr)} copies the whole build context before the ${install.tool} install: editing any file in the build context rebuilds ${rebuildsPhrase(model, stage, run)}.`,
    range: copy.instr.range,
    related: [{ range: firstLine(model, run), message: `the ${install.tool} install that reruns on every source edit` }],
  };
  const mid = movableBetween(model, copy, run, stage);
  const manifests = install.manifests && pickManifests(install, ctx.contextFiles);
  if (!found.movable || !mid || copies.length > 1 && copies[1].instr.index < run.index || !manifests || copy.instr.execForm) return finding;
  if (copy.instr.args.some(a => a.startsWith('['))) return finding;
  // The install reads its manifests from its working directory: that must be where the copy puts them.
  const runDir = workdirBefore(stage, run);
  const copyDir = resolvePath(workdirBefore(stage, copy.instr), copy.dest);
  if (runDir !== undefined && copyDir !== undefined && runDir !== copyDir) return finding;
  const already = manifests.every(m => stage.copies.some(c => c.instr.index < copy.instr.index && c.from === undefined && c.sources.includes(m)));
  const manifestCopy = already ? '' : manifestCopyLines(model, copy, manifests);
  finding.fixes = [{
    title: already ? `Run the ${install.tool} install before copying the sources` : `Copy the ${install.tool} manifests first, install, then copy the sources`,
    edits: moveWithManifests(model, mid, run, copy.instr, manifestCopy),
    isPreferred: true,
  }];
  return finding;
}

function sourceFolderFinding(model: DockerfileModel, stage: Stage, run: Instr, found: FoundInstall): RuleFinding | undefined {
  const { install } = found;
  const required = install.required;
  if (!required) return undefined;
  const manifestCopy = stage.copies.find(c => c.instr.index < run.index && c.from === undefined && c.sources.some(s => matches(s, required)));
  if (!manifestCopy) return undefined;
  const folder = stage.copies.find(c => c.instr.index > manifestCopy.instr.index && c.instr.index < run.index && c.from === undefined
    && c.sources.length > 0 && c.sources.every(isSourceFolder));
  if (!folder) return undefined;
  const names = listOf(folder.sources, s => '`' + s + '`').join(', ');
  const finding: RuleFinding = {
    message: `${describe(model, folder.instr)} copies ${names} before the ${install.tool} install: editing any file there rebuilds ${rebuildsPhrase(model, stage, run)}.`,
    range: folder.instr.range,
    related: [{ range: firstLine(model, run), message: `the ${install.tool} install that reruns on every source edit` }],
  };
  const mid = movableBetween(model, folder, run, stage);
  const copiesBetween = stage.copies.some(c => c.instr.index > folder.instr.index && c.instr.index < run.index);
  if (found.movable && mid && !copiesBetween) {
    finding.fixes = [{ title: `Run the ${install.tool} install before ${describe(model, folder.instr)}`, edits: moveAbove(model, [...mid, run], folder.instr), isPreferred: true }];
  }
  return finding;
}

/** Moves the in-between instructions, then the manifest copy, then the install, above the source copy. */
function moveWithManifests(model: DockerfileModel, mid: Instr[], run: Instr, copy: Instr, manifestCopy: string): TextEdit[] {
  const taken = listOf(mid, i => takeInstruction(model, i));
  const install = takeInstruction(model, run);
  const pos = { line: attachedStart(model, copy), character: 0 };
  const text = listOf(taken, t => t.text).join('') + manifestCopy + install.text;
  return [{ range: { start: pos, end: pos }, newText: text }, ...listOf(taken, t => t.remove), install.remove];
}

/** Manifests to copy: the canonical set, narrowed to what the context holds when it is known. */
function pickManifests(install: DependencyInstall, contextFiles?: string[]): string[] | undefined {
  const all = install.manifests ?? [];
  if (!contextFiles) return all;
  if ((install.blockers ?? []).some(b => contextFiles.some(f => matches(f, b)))) return undefined;
  if (install.required && !contextFiles.some(f => matches(f, install.required as string))) return undefined;
  // Top-level listing only: nested manifests (requirements/dev.txt) cannot be checked, so keep them.
  const present = all.filter(m => m.includes('/') || contextFiles.some(f => matches(f, m)));
  return present.length > 0 ? present : undefined;
}

function matches(name: string, pattern: string): boolean {
  const clean = (s: string) => s.replace(/^\.\//, '');
  const re = new RegExp('^' + listOf(clean(pattern).split('*'), p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '$');
  return re.test(clean(name));
}

/** `COPY --chown=node package*.json ./` lines, keeping the copy's keyword case, indentation and ownership flags. */
function manifestCopyLines(model: DockerfileModel, copy: CopySource, manifests: string[]): string {
  const line = model.lines[copy.instr.range.start.line] ?? '';
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const written = line.slice(copy.instr.keywordRange.start.character, copy.instr.keywordRange.end.character);
  const keyword = written === written.toLowerCase() ? 'copy' : 'COPY';
  const flags = listOf((line.match(/--(?:chown|chmod|link)(?:=\S+)?/g) ?? []), f => f + ' ').join('');
  const dest = copy.dest.endsWith('/') ? copy.dest : copy.dest + '/';
  const byDir = new Map<string, string[]>();
  for (const m of manifests) {
    const dir = m.includes('/') ? m.slice(0, m.lastIndexOf('/') + 1) : '';
    byDir.set(dir, [...(byDir.get(dir) ?? []), m]);
  }
  let out = '';
  for (const [dir, files] of byDir) out += `${indent}${keyword} ${flags}${files.join(' ')} ${dest}${dir}${model.eol}`;
  return out;
}
