// The Containers, Volumes and Networks views with their commands (ids grouped by noun), kept live from the
// engine's event stream. registerEngineFeatures (index.ts) calls this once.
//
// Commands callable without prompts (each returns its result; none throws):
//   layerwise.containers.start / stop / restart (id | name | ContainerNode) → boolean
//   layerwise.containers.remove (…, { confirm: boolean }) → boolean (a running one is force-removed when confirmed)
//   layerwise.containers.viewLogs / attachShell (…) → { terminal, ended: Promise<SessionEnd>, transcript() }
//   layerwise.containers.inspect (…) → Uri of the read-only JSON; openInBrowser → url; copyId → id; refresh
//   layerwise.volumes.create (name) / remove (name | VolumeNode, { confirm }) / inspect / refresh
//   layerwise.networks.create (name) / remove (name | NetworkNode, { confirm }) / inspect / refresh
//   layerwise.prune (kind?, { confirm, keepStorageBytes?, olderThan?, volumes? }) → { plan, outcome?, cancelled }
//     kinds: containers | images-dangling | images-unused | volumes | networks | build-cache | system
import * as vscode from 'vscode';
import { Disposable } from '../engine';
import { ContainersTreeProvider } from '../views/containersTree';
import { ContainersNode } from '../views/containerNodes';
import { VolumeNode, VolumesTreeProvider } from '../views/volumesTree';
import { NetworkNode, NetworksTreeProvider } from '../views/networksTree';
import { EngineService } from '../state/engineService';
import * as containers from './containers';
import * as volumes from './volumes';
import * as networks from './networks';
import { INSPECT_SCHEME, InspectDocuments } from './inspectDocuments';
import { pruneCommand } from './prune';

export interface ContainerFeatures {
  containers: ContainersTreeProvider;
  volumes: VolumesTreeProvider;
  networks: NetworksTreeProvider;
  inspectDocs: InspectDocuments;
  /** Reloads every view that a prune or run can change. */
  refreshAll(): Promise<void>;
}

type Register = (id: string, what: string, handler: (...args: any[]) => Promise<unknown>) => void;

export function registerContainerFeatures(context: vscode.ExtensionContext, service: EngineService, register: Register, isOptions: (v: unknown) => v is Record<string, any>, refreshImages: () => Promise<unknown>): ContainerFeatures {
  const sub = (...d: vscode.Disposable[]) => context.subscriptions.push(...d);
  const containerTree = new ContainersTreeProvider(service);
  const volumeTree = new VolumesTreeProvider(service);
  const networkTree = new NetworksTreeProvider(service);
  const inspectDocs = new InspectDocuments();
  const containersView = vscode.window.createTreeView<ContainersNode>('layerwise.containers', { treeDataProvider: containerTree, showCollapseAll: true });
  const volumesView = vscode.window.createTreeView<VolumeNode>('layerwise.volumes', { treeDataProvider: volumeTree });
  const networksView = vscode.window.createTreeView<NetworkNode>('layerwise.networks', { treeDataProvider: networkTree });
  containerTree.attach(containersView);
  volumeTree.attach(volumesView);
  networkTree.attach(networksView);
  sub(containerTree, volumeTree, networkTree, containersView, volumesView, networksView, inspectDocs,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectDocs));

  const refreshAll = async () => { await Promise.all([containerTree.refresh(), volumeTree.refresh(), networkTree.refresh()]); };
  // Live: container, volume and network events (debounced), reachability and endpoint changes.
  const onEvents = () => void refreshAll().catch(() => undefined);
  let watcher: Disposable = service.engine.watchEvents(['container', 'volume', 'network'], onEvents);
  let watched = service.engine;
  sub({ dispose: () => watcher.dispose() });
  sub(service.onDidChange(() => {
    if (service.engine !== watched) {
      watcher.dispose();
      watched = service.engine;
      watcher = service.engine.watchEvents(['container', 'volume', 'network'], onEvents);
    }
    onEvents();
  }));

  const c = { service, tree: containerTree, inspectDocs };
  const opt = (v: unknown) => (isOptions(v) ? v : {});
  register('layerwise.containers.refresh', 'Refreshing containers failed', () => containerTree.refresh());
  register('layerwise.containers.start', 'Starting the container failed', arg => containers.lifecycle(c, 'start', arg));
  register('layerwise.containers.stop', 'Stopping the container failed', arg => containers.lifecycle(c, 'stop', arg));
  register('layerwise.containers.restart', 'Restarting the container failed', arg => containers.lifecycle(c, 'restart', arg));
  register('layerwise.containers.remove', 'Removing the container failed', (arg, o) => containers.remove(c, arg, opt(o)));
  register('layerwise.containers.viewLogs', 'Showing the logs failed', arg => containers.viewLogs(c, arg));
  register('layerwise.containers.attachShell', 'Attaching a shell failed', arg => containers.attachShell(c, arg));
  register('layerwise.containers.inspect', 'Inspect failed', arg => containers.inspect(c, arg));
  register('layerwise.containers.openInBrowser', 'Opening the browser failed', arg => containers.openInBrowser(c, arg));
  register('layerwise.containers.copyId', 'Copy failed', arg => containers.copyId(c, arg));

  const v = { service, tree: volumeTree, inspectDocs };
  register('layerwise.volumes.refresh', 'Refreshing volumes failed', () => volumeTree.refresh());
  register('layerwise.volumes.create', 'Creating the volume failed', name => volumes.create(v, typeof name === 'string' ? name : undefined));
  register('layerwise.volumes.remove', 'Removing the volume failed', (arg, o) => volumes.remove(v, arg, opt(o)));
  register('layerwise.volumes.inspect', 'Inspect failed', arg => volumes.inspect(v, arg));

  const n = { service, tree: networkTree, inspectDocs };
  register('layerwise.networks.refresh', 'Refreshing networks failed', () => networkTree.refresh());
  register('layerwise.networks.create', 'Creating the network failed', name => networks.create(n, typeof name === 'string' ? name : undefined));
  register('layerwise.networks.remove', 'Removing the network failed', (arg, o) => networks.remove(n, arg, opt(o)));
  register('layerwise.networks.inspect', 'Inspect failed', arg => networks.inspect(n, arg));

  // One command for the family: the menus pass the kind; the Disk usage node asks which.
  const afterPrune = async () => { await Promise.all([refreshAll(), refreshImages()]); };
  const prune = (kind: string | undefined) => (arg: unknown, o: unknown) => pruneCommand(service, kind ?? arg, opt(kind ? (isOptions(arg) ? arg : o) : o), afterPrune);
  register('layerwise.prune', 'Pruning failed', prune(undefined));
  register('layerwise.containers.prune', 'Pruning containers failed', prune('containers'));
  register('layerwise.volumes.prune', 'Pruning volumes failed', prune('volumes'));
  register('layerwise.networks.prune', 'Pruning networks failed', prune('networks'));
  register('layerwise.buildCache.prune', 'Pruning the build cache failed', prune('build-cache'));

  return { containers: containerTree, volumes: volumeTree, networks: networkTree, inspectDocs, refreshAll };
}
