// Engine features: build/run commands, the Images and Layer History views.
//
// The extension's exported API (`activate()` returns `{ languageClient, engine }`) carries, under
// `engine`, what registerEngineFeatures returns — the handle the end-to-end tests drive:
//
//   api.engine.engine            the current Engine (client/src/engine; replaced when layerwise.docker.host changes)
//   api.engine.service           EngineService: .engine, .retry(), .onDidChange, .unreachableMessage
//   api.engine.images            ImagesTreeProvider: getChildren(node?), refresh() → ImageGroup[], findImage(ref|id),
//                                reveal(ref|id), groups, lastError
//   api.engine.history           LayerHistoryProvider: showImage(ref) → LayerHistory, refresh(), getChildren(node?),
//                                imageRef, history, lastError
//   api.engine.records           BuildRecordStore (undefined if it could not be created)
//   api.engine.buildDiagnostics  the 'layerwise-build' DiagnosticCollection (failed build steps)
//   api.engine.output            the "Layerwise Build" output channel
//   api.engine.cacheLens         CacheLensController: state(uri), refresh(uri) → LensState (hint | plan | error)
//
// Commands callable without prompts (each returns its result; none throws):
//   layerwise.images.build (uri, { tag, target?, builder?, buildArgs?, noCache?, noPrompt: true }) → BuildResult | undefined
//   layerwise.images.run (ref | ImageNode, { ports?: '8080:80' | PortMapping[], env?: 'A=1' | {A:'1'}, name?, interactive?, noPrompt: true })
//                         → { id, name, image, ports, exited: Promise<exitCode> } | 'interactive' | undefined
//   layerwise.images.pruneDangling / pruneUnused ({ confirm: boolean }) → { deleted, spaceReclaimed, cancelled, preview }
//                         (confirm: false, or a dismissed dialog, removes nothing)
//   layerwise.images.remove (ref | ImageNode, { confirm: boolean }) → boolean
//   layerwise.images.showDangling / hideDangling, refresh → ImageGroup[], copyId / copyName (ref | node) → string
//   layerwise.history.show (ref | ImageNode | Dockerfile Uri) → LayerHistory | undefined; history.refresh
//   layerwise.history.openInstruction (dockerfilePath, line0) → TextEditor
//   layerwise.history.readLayerContents → ImageContents | undefined (reads the shown image's layers now)
//   layerwise.history.cancelLayerContents: stops reading the shown image's layer contents
//   (api.engine.history.contents / contentsState / contentsReady: the shown image's ImageContents, see views/historyContents.ts)
//   layerwise.engine.retry → EngineState
// Registries, tag/push/pull, save/load, the engine picker (commands/registries.ts):
//   api.engine.registries        RegistriesTreeProvider: getChildren(node?), lastListing; api.engine.registryStore
//   layerwise.images.tag (ref | node, { target }) → new ref;  layerwise.images.push (ref | node, { target?, noPrompt }) → PushResult
//   layerwise.images.pull / registries.pull (ref | tag node, { platform?, noPrompt }) → PullResult
//   layerwise.images.save (ref | node, nodes?, { file }) → SaveResult;  layerwise.images.load ({ file }) → LoadResult
//   layerwise.registries.add (host) / remove (host | node); login (host | node, { username, password, writeDockerConfig }) → boolean;
//   logout (host | node, { docker }) → boolean;  layerwise.engine.selectContext ({ context }) → Endpoint
//   layerwise.containers.* / volumes.* / networks.* / prune: see containerFeatures.ts
import * as path from 'path';
import * as vscode from 'vscode';
import { BuildRecordStore, BuildResult, ContextHasher, Engine, defaultRecordsDir, imageExists } from '../engine';
import { readConfig } from '../config';
import { ImagesTreeProvider } from '../views/imagesTree';
import { LayerHistoryProvider } from '../views/historyTree';
import { ImageNode, ImagesNode } from '../views/imageNodes';
import { HistoryNode } from '../views/historyNodes';
import { EngineService } from '../state/engineService';
import { guarded } from '../state/errors';
import { buildImage, clearFailuresOnEdit } from './build';
import { forgetSecrets } from './buildSecrets';
import { runImageCommand } from './run';
import { copy, prune, remove, setDanglingVisible, setIntermediateVisible } from './images';
import { openInstruction, showHistory } from './history';
import { RegistryFeatures, registerRegistryFeatures } from './registries';
import { ContainerFeatures, registerContainerFeatures } from './containerFeatures';

export interface EngineFeatures {
  readonly engine: Engine;
  service: EngineService;
  images: ImagesTreeProvider;
  history: LayerHistoryProvider;
  records: BuildRecordStore | undefined;
  buildDiagnostics: vscode.DiagnosticCollection;
  output: vscode.OutputChannel;
  /** Set by the cache lens (client/src/cachelens) once registered; builds share its context hashes. */
  cacheLens?: { hasherFor(contextDir: string): ContextHasher };
  registries: RegistryFeatures['registries'];
  registryStore: RegistryFeatures['store'];
  /** The Containers, Volumes and Networks views (see containerFeatures.ts). */
  containers: ContainerFeatures;
}

async function openRecords(output: vscode.OutputChannel): Promise<BuildRecordStore | undefined> {
  // The per-user records folder the CLI uses too (LAYERWISE_RECORDS overrides it).
  const dir = defaultRecordsDir();
  try {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(dir));
    const store = new BuildRecordStore(dir);
    await store.load();
    return store;
  } catch (err) {
    // Without records the views still work; they just cannot map layers back to Dockerfile lines.
    output.appendLine(`Build records are unavailable: ${(err as Error).message}`);
    return undefined;
  }
}

export async function registerEngineFeatures(context: vscode.ExtensionContext): Promise<EngineFeatures> {
  const sub = (...d: vscode.Disposable[]) => context.subscriptions.push(...d);
  const output = vscode.window.createOutputChannel('Layerwise Build');
  const buildDiagnostics = vscode.languages.createDiagnosticCollection('layerwise-build');
  const service = new EngineService();
  const records = await openRecords(output);
  sub(output, buildDiagnostics, service, clearFailuresOnEdit(buildDiagnostics));

  const images = new ImagesTreeProvider(service, () => readConfig().showDanglingImages, () => readConfig().showIntermediateImages);
  const history = new LayerHistoryProvider(service, records);
  const imagesView = vscode.window.createTreeView<ImagesNode>('layerwise.images', { treeDataProvider: images, showCollapseAll: true });
  const historyView = vscode.window.createTreeView<HistoryNode>('layerwise.history', { treeDataProvider: history });
  images.attach(imagesView);
  history.attach(historyView);
  sub(images, history, imagesView, historyView);
  void vscode.commands.executeCommand('setContext', 'layerwise.images.showDangling', readConfig().showDanglingImages);
  void vscode.commands.executeCommand('setContext', 'layerwise.images.showIntermediate', readConfig().showIntermediateImages);

  // Selecting an image shows its layers.
  sub(imagesView.onDidChangeSelection(e => {
    const node = e.selection[0];
    if (node instanceof ImageNode) void history.showImage(node.ref);
  }));

  // Live refresh: engine events (debounced by the engine), reachability changes, endpoint changes.
  const onImageEvents = async () => {
    await images.refresh();
    // The image whose layers are shown was removed (elsewhere too): reload, so the view says so instead of
    // showing layers that no longer exist. Connection errors leave the view alone (the engine state covers them).
    const shown = history.history?.imageId;
    if (shown && !(await imageExists(service.engine, shown).catch(() => true))) await history.refresh();
  };
  const onImageEventsSafely = () => void onImageEvents().catch(() => undefined);
  let watcher = service.engine.watchImages(onImageEventsSafely);
  sub({ dispose: () => watcher.dispose() });
  let watchedEngine = service.engine;
  sub(service.onDidChange(() => {
    if (service.engine !== watchedEngine) {
      watcher.dispose();
      watchedEngine = service.engine;
      watcher = service.engine.watchImages(onImageEventsSafely);
    }
    void images.refresh();
    if (history.imageRef) void history.refresh();
  }));
  sub(vscode.workspace.onDidChangeConfiguration(e => {
    if (e.affectsConfiguration('layerwise.images.showIntermediate')) {
      void vscode.commands.executeCommand('setContext', 'layerwise.images.showIntermediate', readConfig().showIntermediateImages);
      void images.refresh();
    }
    if (e.affectsConfiguration('layerwise.images.showDangling')) {
      void vscode.commands.executeCommand('setContext', 'layerwise.images.showDangling', readConfig().showDanglingImages);
      void images.refresh();
    }
    if (e.affectsConfiguration('layerwise.baseImageLabelKeys') && history.imageRef) void history.refresh();
  }));

  const onBuilt = async (result: BuildResult, ref: string) => {
    await images.refresh();
    await images.reveal(ref);
    await history.showImage(ref);
  };
  const historyDeps = {
    history, records, images, state: context.workspaceState,
    selectedImage: () => imagesView.selection.find((n): n is ImageNode => n instanceof ImageNode),
  };
  const register = (id: string, what: string, handler: (...args: any[]) => Promise<unknown>) =>
    sub(vscode.commands.registerCommand(id, guarded(what, handler)));

  register('layerwise.images.build', 'Build failed', (arg, options) =>
    buildImage({ service, records, output, diagnostics: buildDiagnostics, state: context.workspaceState, secrets: context.secrets, onBuilt, contextHasher: dir => features.cacheLens?.hasherFor(dir) }, arg, isOptions(options) ? options : {}));
  register('layerwise.build.forgetSecrets', 'Forgetting build secrets failed', async () => {
    const count = await forgetSecrets({ state: context.workspaceState, secrets: context.secrets });
    void vscode.window.showInformationMessage(count ? `Forgot ${count} build secret source${count === 1 ? '' : 's'}; the next build asks again.` : 'No build secret sources were remembered for this workspace.');
    return count;
  });
  const containerFeatures = registerContainerFeatures(context, service, register, isOptions, () => images.refresh());
  register('layerwise.images.run', 'Run failed', async (arg, options) => {
    const result = await runImageCommand(service, arg, isOptions(options) ? options : {}, context.workspaceState);
    // The container a Run started appears at once, selected.
    if (result && typeof result === 'object') await containerFeatures.containers.reveal(result.id);
    return result;
  });
  register('layerwise.images.refresh', 'Refreshing images failed', () => images.refresh());
  register('layerwise.images.remove', 'Removing the image failed', (arg, options) => remove(service, images, arg, isOptions(options) ? options : {}));
  register('layerwise.images.pruneDangling', 'Pruning failed', options => prune(service, images, false, isOptions(options) ? options : {}));
  register('layerwise.images.pruneUnused', 'Pruning failed', options => prune(service, images, true, isOptions(options) ? options : {}));
  register('layerwise.images.showDangling', 'Showing dangling images failed', () => setDanglingVisible(images, true));
  register('layerwise.images.hideDangling', 'Hiding dangling images failed', () => setDanglingVisible(images, false));
  register('layerwise.images.showIntermediate', 'Showing intermediate images failed', () => setIntermediateVisible(images, true));
  register('layerwise.images.hideIntermediate', 'Hiding intermediate images failed', () => setIntermediateVisible(images, false));
  register('layerwise.images.copyId', 'Copy failed', arg => copy(images, arg, 'id'));
  register('layerwise.images.copyName', 'Copy failed', arg => copy(images, arg, 'name'));
  register('layerwise.history.show', 'Layer history failed', arg => showHistory(historyDeps, arg));
  register('layerwise.history.refresh', 'Refreshing layer history failed', () => history.refresh());
  register('layerwise.history.openInstruction', 'Opening the instruction failed', (file, line) => openInstruction(file, line));
  register('layerwise.history.cancelLayerContents', 'Cancelling failed', async () => history.cancelContents());
  register('layerwise.history.readLayerContents', 'Reading layer contents failed', () => history.readContents());
  register('layerwise.engine.retry', 'Retry failed', () => service.retry());
  const registryFeatures = registerRegistryFeatures(context, service, images);

  const features: EngineFeatures = {
    get engine() { return service.engine; },
    service, images, history, records, buildDiagnostics, output, containers: containerFeatures,
    registries: registryFeatures.registries, registryStore: registryFeatures.store,
  };
  return features;
}

/**
 * Menus pass tree nodes (and, with multi-select, arrays of them) as trailing arguments;
 * only plain option objects count as options.
 */
function isOptions(value: unknown): value is Record<string, any> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof vscode.TreeItem) && !(value instanceof vscode.Uri);
}
