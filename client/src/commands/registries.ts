// The Registries view and its commands, plus tag/push/pull/save/load: registered from one place so the
// other engine features stay untouched.
import * as vscode from 'vscode';
import { EngineError, RegistryClient, RegistryCredentials, checkRegistryLogin, normaliseRegistry, registryAddress, validateRegistryAddress } from '../engine';
import { ImagesTreeProvider } from '../views/imagesTree';
import { RegistryStore } from '../views/registriesStore';
import { RegistriesNode, RegistriesTreeProvider, RegistryNode, RegistryTagNode } from '../views/registriesTree';
import { EngineService } from '../state/engineService';
import { guarded } from '../state/errors';
import { loadCommand, saveCommand } from './archive';
import { pullCommand, pushCommand, tagCommand, TransferDeps } from './transfer';
import { registerContextPicker } from './contextPicker';

export interface RegistryFeatures { store: RegistryStore; registries: RegistriesTreeProvider; view: vscode.TreeView<RegistriesNode> }

function registryOf(arg: unknown): string | undefined {
  if (arg instanceof RegistryNode) return arg.entry.registry;
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  return undefined;
}

function isOptions(value: unknown): value is Record<string, any> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof vscode.TreeItem) && !(value instanceof vscode.Uri);
}

async function askRegistry(title: string): Promise<string | undefined> {
  return vscode.window.showInputBox({ title, prompt: 'Registry host[:port], e.g. ghcr.io or localhost:5000 (http://host:port for a plain-HTTP registry)', validateInput: v => validateRegistryAddress(v) });
}

export interface LoginOptions { username?: string; password?: string; writeDockerConfig?: boolean; noPrompt?: boolean }

/** Checks the credentials (the engine's /auth, like docker login; the registry itself when no engine answers), then keeps them. */
export async function login(service: EngineService, store: RegistryStore, arg: unknown, options: LoginOptions = {}): Promise<boolean> {
  const input = registryOf(arg) ?? await askRegistry('Log In to a Registry');
  if (!input) return false;
  const bad = validateRegistryAddress(input);
  if (bad) { void vscode.window.showErrorMessage(bad); return false; }
  const { registry, scheme } = registryAddress(input);
  const username = options.username ?? await vscode.window.showInputBox({ title: `Log In to ${registry} (1/2)`, prompt: 'User name', ignoreFocusOut: true });
  if (!username) return false;
  const password = options.password ?? await vscode.window.showInputBox({ title: `Log In to ${registry} (2/2)`, prompt: `Password or access token for ${username}`, password: true, ignoreFocusOut: true });
  if (!password) return false;
  let writeDockerConfig = options.writeDockerConfig;
  if (writeDockerConfig === undefined && !options.noPrompt) {
    const pick = await vscode.window.showQuickPick([
      { label: "VS Code's secret storage", description: 'only Layerwise uses it', docker: false },
      { label: 'Docker config, like docker login', description: '~/.docker/config.json or its credential helper; the docker CLI uses it too', docker: true },
    ], { title: `Keep the ${registry} login in…`, ignoreFocusOut: true });
    if (!pick) return false;
    writeDockerConfig = pick.docker;
  }
  const credentials: RegistryCredentials = { username, password };
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Logging in to ${registry}…` }, async () => {
    try {
      await checkRegistryLogin(service.engine, registry, credentials);
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      // No engine: ask the registry itself.
      await new RegistryClient(registry, { credentials, scheme }).ping();
    }
  });
  const where = await store.login(registry, credentials, { writeDockerConfig, scheme });
  void vscode.window.showInformationMessage(`Logged in to ${registry} as ${username} (kept in ${where}).`);
  return true;
}

export async function logout(store: RegistryStore, arg: unknown, options: { docker?: boolean } = {}): Promise<boolean> {
  const registry = registryOf(arg) ?? await askRegistry('Log Out of a Registry');
  if (!registry) return false;
  const entry = (await store.list()).find(e => e.registry === normaliseRegistry(registry));
  let docker = options.docker;
  if (docker === undefined && entry?.docker) {
    const choice = await vscode.window.showWarningMessage(`The docker CLI is also logged in to ${entry.registry}. Log it out too (like docker logout)?`, { modal: true }, 'Log Out Everywhere', 'Only Layerwise');
    if (!choice) return false;
    docker = choice === 'Log Out Everywhere';
  }
  await store.logout(registry, { docker: !!docker });
  void vscode.window.showInformationMessage(`Logged out of ${normaliseRegistry(registry)}${docker ? ' (docker CLI too)' : ''}.`);
  return true;
}

export function registerRegistryFeatures(context: vscode.ExtensionContext, service: EngineService, images: ImagesTreeProvider): RegistryFeatures {
  const sub = (...d: vscode.Disposable[]) => context.subscriptions.push(...d);
  const store = new RegistryStore(context.secrets, context.globalState);
  const registries = new RegistriesTreeProvider(store);
  const view = vscode.window.createTreeView<RegistriesNode>('layerwise.registries', { treeDataProvider: registries, showCollapseAll: true });
  registries.attach(view);
  sub(store, registries, view);
  const deps: TransferDeps = { service, images, store };
  const register = (id: string, what: string, handler: (...args: any[]) => Promise<unknown>) =>
    sub(vscode.commands.registerCommand(id, guarded(what, handler)));
  const opts = (v: unknown) => (isOptions(v) ? v : {});

  register('layerwise.registries.add', 'Adding the registry failed', async (arg?: unknown) => {
    const input = registryOf(arg) ?? await askRegistry('Add a Registry');
    if (!input) return undefined;
    const bad = validateRegistryAddress(input);
    if (bad) { void vscode.window.showErrorMessage(bad); return undefined; }
    const { registry, scheme } = registryAddress(input);
    await store.add(registry, scheme);
    return registry;
  });
  register('layerwise.registries.remove', 'Removing the registry failed', async arg => {
    const registry = registryOf(arg);
    if (!registry) return false;
    await store.remove(registry);
    return true;
  });
  register('layerwise.registries.login', 'Login failed', (arg, options) => login(service, store, arg, opts(options)));
  register('layerwise.registries.logout', 'Logout failed', (arg, options) => logout(store, arg, opts(options)));
  register('layerwise.registries.refresh', 'Refreshing registries failed', async () => { registries.refresh(); });
  register('layerwise.registries.copyReference', 'Copy failed', async arg => {
    const ref = arg instanceof RegistryTagNode ? arg.ref : typeof arg === 'string' ? arg : undefined;
    if (ref) await vscode.env.clipboard.writeText(ref);
    return ref;
  });
  register('layerwise.registries.pull', 'Pull failed', (arg, options) => pullCommand(deps, arg, opts(options)));
  register('layerwise.images.tag', 'Tagging failed', (arg, options) => tagCommand(deps, arg, opts(options)));
  register('layerwise.images.push', 'Push failed', (arg, options) => pushCommand(deps, arg, opts(options)));
  register('layerwise.images.pull', 'Pull failed', (arg, options) => pullCommand(deps, arg, opts(options)));
  register('layerwise.images.save', 'Saving failed', (arg, selected, options) => saveCommand(deps, arg, Array.isArray(selected) ? selected : undefined, opts(options ?? selected)));
  register('layerwise.images.load', 'Loading failed', (arg, options) => loadCommand(deps, arg, opts(options ?? arg)));
  registerContextPicker(context, service);
  return { store, registries, view };
}

