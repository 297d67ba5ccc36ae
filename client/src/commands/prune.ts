// The prune family (from the Disk usage node and the Containers / Volumes / Networks views): a plan with
// counts and bytes computed first, a modal confirmation stating what goes and what stays, then the report.
import * as vscode from 'vscode';
import { PruneKind, PruneOptions, PruneOutcome, PrunePlan, executePrune, parseDuration, planPrune } from '../engine';
import { formatBytes, formatCount } from '../views/format';
import { EngineService } from '../state/engineService';
import { requireTrust } from '../state/errors';

export interface PruneCommandOptions extends PruneOptions {
  /** true skips the dialog, false declines it (tests); absent → ask. */
  confirm?: boolean;
}

export interface PruneReport { plan: PrunePlan; outcome?: PruneOutcome; cancelled: boolean }

export const PRUNE_KINDS: Array<{ kind: PruneKind; label: string; detail: string }> = [
  { kind: 'containers', label: 'Stopped containers', detail: 'docker container prune' },
  { kind: 'images-dangling', label: 'Dangling images', detail: 'docker image prune: untagged images no container uses' },
  { kind: 'images-unused', label: 'Unused images', detail: 'docker image prune -a: every image no container uses' },
  { kind: 'volumes', label: 'Unused volumes', detail: 'docker volume prune: volumes no container (running or stopped) uses' },
  { kind: 'networks', label: 'Unused networks', detail: 'docker network prune: user networks without a running container' },
  { kind: 'build-cache', label: 'Build cache…', detail: 'docker builder prune -a, with "keep storage" and "older than"' },
  { kind: 'system', label: 'Everything unused (system prune)…', detail: 'stopped containers, unused networks, dangling images, build cache; volumes if asked' },
];

const NOUN: Record<PruneKind, [string, string]> = {
  containers: ['stopped container', 'stopped containers'], 'images-dangling': ['dangling image', 'dangling images'],
  'images-unused': ['unused image', 'unused images'], volumes: ['unused volume', 'unused volumes'],
  networks: ['unused network', 'unused networks'], 'build-cache': ['build cache entry', 'build cache entries'], system: ['item', 'items'],
};

function noun(kind: PruneKind, n: number): string { return `${formatCount(n)} ${NOUN[kind][n === 1 ? 0 : 1]}`; }

/** Asks for the options a kind takes (build cache, system); undefined when dismissed. */
async function askOptions(kind: PruneKind): Promise<PruneOptions | undefined> {
  if (kind === 'build-cache') {
    const keep = await vscode.window.showInputBox({
      title: 'Prune Build Cache: keep storage', prompt: 'Keep this much of the most recently used cache (e.g. 1GB, 500MB; empty keeps none)',
      validateInput: v => (!v.trim() || parseSize(v) !== undefined ? null : 'Use a size like 500MB or 2GB.'),
    });
    if (keep === undefined) return undefined;
    const older = await vscode.window.showInputBox({
      title: 'Prune Build Cache: older than', prompt: 'Only cache unused for longer than (e.g. 24h, 90m; empty for any age)',
      validateInput: v => (!v.trim() || parseDuration(v) !== undefined ? null : 'Use a duration like 24h, 90m or 1h30m.'),
    });
    if (older === undefined) return undefined;
    return { ...(keep.trim() ? { keepStorageBytes: parseSize(keep) } : {}), ...(older.trim() ? { olderThan: older.trim() } : {}) };
  }
  if (kind === 'system') {
    const pick = await vscode.window.showQuickPick([
      { label: 'Keep volumes', volumes: false, description: 'like docker system prune' },
      { label: 'Also unused volumes', volumes: true, description: 'like docker system prune --volumes: their data is deleted' },
    ], { title: 'System Prune: volumes' });
    return pick ? { volumes: pick.volumes } : undefined;
  }
  return {};
}

/** "500MB", "2GB", "1.5 GB", "1000" (bytes) → bytes; decimal units like the docker CLI. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb)?\s*$/i.exec(text);
  if (!m) return undefined;
  const mult = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.round(Number(m[1]) * mult);
}

export async function pruneCommand(service: EngineService, kindArg: unknown, options: PruneCommandOptions = {}, after?: () => Promise<unknown>): Promise<PruneReport | undefined> {
  if (!requireTrust('Pruning')) return undefined;
  let kind = typeof kindArg === 'string' && PRUNE_KINDS.some(k => k.kind === kindArg) ? kindArg as PruneKind : undefined;
  if (!kind) {
    const pick = await vscode.window.showQuickPick(PRUNE_KINDS.map(k => ({ label: k.label, description: k.detail, prune: k.kind })), { title: 'Prune: what should go?' });
    if (!pick) return undefined;
    kind = pick.prune;
  }
  const interactive = options.confirm === undefined;
  const { confirm, ...given } = options;
  const chosen: PruneKind = kind;
  const pruneOptions = interactive && !Object.keys(given).length ? await askOptions(chosen) : given;
  if (!pruneOptions) return undefined;
  const engine = service.engine;
  const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Working out what a prune would remove…' }, () => planPrune(engine, chosen, pruneOptions));
  if (plan.count === 0) {
    void vscode.window.showInformationMessage(`Nothing to prune: there are no ${NOUN[kind][1]}.${plan.kept.length ? ' ' + plan.kept.join(' ') : ''}`);
    return { plan, cancelled: false };
  }
  const few = plan.items.slice(0, 6).map(i => i.label).join(', ') + (plan.count > 6 ? ` and ${formatCount(plan.count - 6)} more` : '');
  const bytes = plan.bytes > 0 ? ` and free ${kind === 'build-cache' && pruneOptions.keepStorageBytes !== undefined ? 'up to ' : ''}${formatBytes(plan.bytes)}` : '';
  const ok = confirm ?? (await vscode.window.showWarningMessage(`Remove ${noun(kind, plan.count)}${bytes}?`, {
    modal: true, detail: `Goes: ${few}.${plan.kept.length ? `\nStays: ${plan.kept.slice(0, 5).join(' ')}${plan.kept.length > 5 ? ' …' : ''}` : ''}\nThis cannot be undone.`,
  }, 'Prune')) === 'Prune';
  if (!ok) return { plan, cancelled: true };
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pruning ${NOUN[kind][1]}…` }, () => executePrune(engine, plan));
  void vscode.window.showInformationMessage(`Pruned ${noun(kind, outcome.removed.length)}, reclaimed ${formatBytes(outcome.spaceReclaimed)}.`);
  await after?.();
  return { plan, outcome, cancelled: false };
}
