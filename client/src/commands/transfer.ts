// Tag, Push and Pull from the Images view, the Registries view and the palette: prompts, one cancellable
// progress notification, the pushed digest shown and copyable, errors as sentences (engine/transfer.ts).
import * as vscode from 'vscode';
import {
  COMMON_PLATFORMS, DOCKER_HUB, PullResult, PushResult, parseReference, pullImage, pushImage, tagImage, validatePlatform, validateTagTarget,
  validateImageReference, normaliseRegistry,
} from '../engine';
import { ImagesTreeProvider } from '../views/imagesTree';
import { ImageNode } from '../views/imageNodes';
import { RegistryStore } from '../views/registriesStore';
import { RegistryTagNode } from '../views/registriesTree';
import { EngineService } from '../state/engineService';
import { requireTrust, showError } from '../state/errors';
import { withCancellableProgress } from './transferProgress';

export interface TransferDeps { service: EngineService; images: ImagesTreeProvider; store: RegistryStore }

/** A node or a reference → the image reference commands use. */
export function refOf(arg: unknown): string | undefined {
  if (arg instanceof ImageNode || arg instanceof RegistryTagNode) return arg.ref;
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  const ref = (arg as { ref?: unknown } | undefined)?.ref;
  return typeof ref === 'string' ? ref : undefined;
}

/** `app:1` + `localhost:5000` → `localhost:5000/app:1` (the image's own path, moved to that registry). */
export function targetFor(ref: string, registry: string): string {
  const r = parseReference(ref);
  const path = r.registry === DOCKER_HUB ? r.repository.replace(/^library\//, '') : r.repository;
  return `${normaliseRegistry(registry)}/${path}:${r.tag ?? 'latest'}`;
}

export async function tagCommand(deps: TransferDeps, arg: unknown, options: { target?: string } = {}): Promise<string | undefined> {
  if (!requireTrust('Tagging images')) return undefined;
  const source = refOf(arg) ?? await pickLocalImage(deps, 'Image to tag');
  if (!source) return undefined;
  let target = options.target;
  if (target === undefined) {
    const registries = (await deps.store.list()).map(e => e.registry).filter(r => r !== DOCKER_HUB);
    const suggestion = registries.length ? targetFor(source, registries[0]) : source;
    target = await vscode.window.showInputBox({
      title: `Tag ${source}`, prompt: 'New name: [registry/]repository[:tag], e.g. localhost:5000/app:1.0', value: suggestion,
      valueSelection: registries.length ? [0, normaliseRegistry(registries[0]).length] : undefined,
      validateInput: v => validateTagTarget(v),
    });
    if (!target) return undefined;
  }
  target = target.trim();
  await tagImage(deps.service.engine, source, target);
  await deps.images.refresh();
  vscode.window.setStatusBarMessage(`Tagged ${source} as ${target}`, 4000);
  return target;
}

export interface PushCommandOptions { target?: string; noPrompt?: boolean }

export async function pushCommand(deps: TransferDeps, arg: unknown, options: PushCommandOptions = {}): Promise<PushResult | undefined> {
  if (!requireTrust('Pushing images')) return undefined;
  let ref = refOf(arg) ?? await pickLocalImage(deps, 'Image to push');
  if (!ref) return undefined;
  if (options.target) {
    await tagImage(deps.service.engine, ref, options.target);
    ref = options.target;
  } else if (!options.noPrompt && parseReference(ref).registry === DOCKER_HUB) {
    // A name without a registry goes to Docker Hub: make that a choice, not a surprise.
    const registries = (await deps.store.list()).map(e => e.registry).filter(r => r !== DOCKER_HUB);
    if (registries.length) {
      const picks = [
        ...registries.map(r => ({ label: `$(cloud-upload) ${targetFor(ref!, r)}`, description: `tag for ${r} and push`, target: targetFor(ref!, r) })),
        { label: `$(cloud-upload) docker.io/${parseReference(ref).repository.replace(/^library\//, '')}`, description: 'push to Docker Hub as named', target: undefined as string | undefined },
      ];
      const pick = await vscode.window.showQuickPick(picks, { title: `Push ${ref} to…`, placeHolder: 'Choose the registry' });
      if (!pick) return undefined;
      if (pick.target) {
        await tagImage(deps.service.engine, ref, pick.target);
        ref = pick.target;
      }
    }
  }
  const target = parseReference(ref);
  const credentials = await deps.store.credentials(target.registry);
  const pushRef = ref;
  try {
    const result = await withCancellableProgress(`Pushing ${pushRef}`, sink => pushImage(deps.service.engine, pushRef, {
      credentials, signal: sink.signal,
      onProgress: p => sink.report(p.text, p.bytesTotal ? p.bytesDone / p.bytesTotal : p.layers ? p.done / p.layers : undefined),
    }));
    await deps.images.refresh();
    // A registry pushed to shows up in the Registries view, to browse what was pushed.
    if (target.registry !== DOCKER_HUB && !(await deps.store.list()).some(e => e.registry === target.registry)) await deps.store.add(target.registry);
    const digest = result.digest ?? '(no digest reported)';
    void vscode.window.showInformationMessage(`Pushed ${result.ref} — ${digest} (${result.progress.text}).`, ...(result.digest ? ['Copy Digest', 'Copy Reference'] : []))
      .then(async choice => {
        if (choice === 'Copy Digest') await vscode.env.clipboard.writeText(result.digest!);
        if (choice === 'Copy Reference') await vscode.env.clipboard.writeText(`${target.name}@${result.digest}`);
      });
    return result;
  } catch (err) {
    void showError('', err);
    return undefined;
  }
}

export interface PullCommandOptions { platform?: string; noPrompt?: boolean }

export async function pullCommand(deps: TransferDeps, arg: unknown, options: PullCommandOptions = {}): Promise<PullResult | undefined> {
  if (!requireTrust('Pulling images')) return undefined;
  let ref = refOf(arg);
  if (!ref) {
    ref = await vscode.window.showInputBox({ title: 'Pull Image', prompt: 'Image to pull, e.g. localhost:5000/app:1.0 or busybox:latest', validateInput: v => validateImageReference(v) });
    if (!ref) return undefined;
  }
  let platform = options.platform;
  if (platform === undefined && !options.noPrompt) {
    const engine = deps.service.engine;
    const own = engine.info ? `${engine.info.os}/${engine.info.arch === 'x86_64' ? 'amd64' : engine.info.arch}` : undefined;
    const picks = [{ label: 'Engine default', description: own ? `${own} (the engine's own platform)` : undefined, platform: '' },
      ...COMMON_PLATFORMS.filter(p => p !== own).map(p => ({ label: p, description: undefined as string | undefined, platform: p }))];
    const pick = await vscode.window.showQuickPick(picks, { title: `Pull ${ref}: platform`, placeHolder: 'Platform (other platforms need emulation to run)' });
    if (!pick) return undefined;
    platform = pick.platform;
  }
  const bad = validatePlatform(platform ?? '');
  if (bad) { void vscode.window.showErrorMessage(bad); return undefined; }
  const source = parseReference(ref);
  const credentials = await deps.store.credentials(source.registry);
  const pullRef = ref;
  try {
    const result = await withCancellableProgress(`Pulling ${pullRef}${platform ? ` (${platform})` : ''}`, sink => pullImage(deps.service.engine, pullRef, {
      credentials, platform, signal: sink.signal,
      onProgress: p => sink.report(p.text, p.bytesTotal ? p.bytesDone / p.bytesTotal : undefined),
    }));
    await deps.images.refresh();
    void deps.images.reveal(result.ref);
    if (result.platformMismatch) void vscode.window.showWarningMessage(result.platformMismatch);
    else void vscode.window.showInformationMessage(`Pulled ${result.ref}${result.digest ? ` — ${result.digest}` : ''} (${result.progress.text}).`);
    return result;
  } catch (err) {
    void showError('', err);
    return undefined;
  }
}

async function pickLocalImage(deps: TransferDeps, title: string): Promise<string | undefined> {
  const groups = await deps.images.refresh();
  const refs = groups.flatMap(g => g.images.flatMap(i => i.repoTags)).filter(r => !r.startsWith('<none>'));
  if (!refs.length) { void vscode.window.showInformationMessage('There are no tagged images on this engine.'); return undefined; }
  return vscode.window.showQuickPick([...new Set(refs)].sort(), { title, placeHolder: 'Image' });
}
