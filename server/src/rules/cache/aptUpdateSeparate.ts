import { DockerfileModel, Instr } from '../../analysis/model';
import { Fix, TextEdit } from '../../analysis/types';
import { Rule, RuleFinding } from '../rule';
import { deleteInstruction, describe, firstLine } from '../edits';
import { commandOf } from './common';
import { PackageFamily, indexUpdate, packageInstall } from './systemPackages';
import { emptyList } from '../../analysis/lists';

// A cached `RUN apt-get update` layer keeps yesterday's package index; a later, changed
// `RUN apt-get install` then installs from it (stale versions, or 404s from the mirror).
export const aptUpdateSeparate: Rule = {
  id: 'apt-update-separate',
  category: 'cache',
  severity: 'warning',
  title: 'The package index is updated in a different RUN than the install that uses it',
  equivalents: {},
  scope: 'stage',
  checkStage(thisStage, model) {
    const out: RuleFinding[] = emptyList();
    for (const stage of [thisStage]) {
      const runs = stage.instructions.filter(i => i.keyword === 'RUN');
      runs.forEach((update, n) => {
        const family = updateWithoutInstall(update);
        if (!family) return;
        const next = runs.slice(n + 1).find(r => r.shell.some(c => packageInstall(c) === family || indexUpdate(c) === family));
        if (!next) return;
        const first = next.shell.find(c => packageInstall(c) === family || indexUpdate(c) === family);
        if (!first || indexUpdate(first) === family) return;
        out.push(family === 'apk' ? apkFinding(model, update, next) : aptFinding(model, update, next));
      });
    }
    return out;
  },
};

/** The family whose index the RUN updates without installing anything after it. */
function updateWithoutInstall(run: Instr): PackageFamily | undefined {
  let family: PackageFamily | undefined;
  for (const cmd of run.shell) {
    const u = indexUpdate(cmd);
    if (u) family = u;
    else if (family && packageInstall(cmd) === family) family = undefined;
  }
  return family;
}

/** Only updates (and `set -e`-style noise): the RUN can be deleted once the install does its own update. */
function updateOnly(run: Instr): boolean {
  return run.shell.every(c => indexUpdate(c) || commandOf(c).prog === 'set');
}

function aptFinding(model: DockerfileModel, update: Instr, install: Instr): RuleFinding {
  const finding: RuleFinding = {
    message: `${describe(model, update)} updates the package index in its own layer: when ${describe(model, install)} changes, the builder reuses the cached index, so the install can fetch outdated packages or fail with 404s.`,
    range: firstLine(model, update),
    related: [{ range: firstLine(model, install), message: 'the install that uses the cached index' }],
  };
  const updateCmd = update.shell.find(c => indexUpdate(c));
  const first = install.shell[0];
  if (updateOnly(update) && updateCmd && !updateCmd.text.includes('\n') && !install.execForm && install.heredocs.length === 0
    && first && packageInstall(first) === 'apt' && install.argRanges.length > 0) {
    const at = install.argRanges[0].start;
    const join: TextEdit = { range: { start: at, end: at }, newText: `${updateCmd.text.replace(/\s+/g, ' ')} && ` };
    finding.fixes = [{ title: `Run \`${updateCmd.text}\` in the same RUN as the install`, edits: [deleteInstruction(update, model), join], isPreferred: true }];
  }
  return finding;
}

function apkFinding(model: DockerfileModel, update: Instr, install: Instr): RuleFinding {
  const noCache = install.shell.some(c => packageInstall(c) === 'apk' && c.words.includes('--no-cache'));
  const finding: RuleFinding = {
    message: noCache
      ? `${describe(model, update)} stores the apk index in its own layer, but ${describe(model, install)} uses \`--no-cache\` and fetches a fresh index anyway: the update only adds bytes.`
      : `${describe(model, update)} updates the apk index in its own layer: when ${describe(model, install)} changes, it installs from the cached, possibly outdated index. Use \`apk add --no-cache\` instead.`,
    range: firstLine(model, update),
    related: [{ range: firstLine(model, install), message: 'the install that uses the index' }],
  };
  if (!updateOnly(update) || install.execForm) return finding;
  const edits: TextEdit[] = [deleteInstruction(update, model)];
  if (!noCache) {
    const hits: TextEdit[] = emptyList();
    for (let l = install.range.start.line; l <= install.range.end.line; l++) {
      for (const m of (model.lines[l] ?? '').matchAll(/\bapk\s+add\b/g)) {
        const at = { line: l, character: (m.index ?? 0) + m[0].length };
        hits.push({ range: { start: at, end: at }, newText: ' --no-cache' });
      }
    }
    if (hits.length !== 1) return finding;
    edits.push(hits[0]);
  }
  const fix: Fix = { title: noCache ? 'Remove the separate `apk update`' : 'Use `apk add --no-cache` and remove the separate `apk update`', edits, isPreferred: true };
  finding.fixes = [fix];
  return finding;
}
