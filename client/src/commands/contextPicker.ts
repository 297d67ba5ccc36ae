// The status-bar engine picker: shows which engine Layerwise talks to and switches between Docker
// contexts (written to the layerwise.docker.context setting; the docker CLI's own choice is untouched).
import * as vscode from 'vscode';
import { currentContextName, listContexts } from '../engine';
import { readConfig } from '../config';
import { EngineService } from '../state/engineService';
import { guarded } from '../state/errors';

export interface SelectContextOptions { context?: string }

export function registerContextPicker(context: vscode.ExtensionContext, service: EngineService): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('layerwise.engine', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Layerwise Docker Engine';
  item.command = 'layerwise.engine.selectContext';
  const update = () => {
    const engine = service.engine;
    const endpoint = engine.endpoint;
    const label = endpoint.contextName ?? (endpoint.source === 'default' ? 'default' : endpoint.source === 'podman' ? 'podman' : endpoint.url.replace(/^unix:\/\//, ''));
    const icon = engine.state === 'unreachable' ? '$(debug-disconnect)' : engine.info?.product === 'podman' ? '$(package)' : '$(server-environment)';
    item.text = `${icon} ${label}`;
    item.tooltip = `Docker engine: ${service.endpointText}${engine.state === 'unreachable' ? ` — not reachable: ${service.unreachableMessage}` : engine.info ? ` — ${engine.info.product === 'podman' ? 'Podman' : 'Docker'} ${engine.info.version}, API ${engine.info.apiVersion}` : ''}\nClick to switch Docker context.`;
    item.show();
  };
  update();
  context.subscriptions.push(item, service.onDidChange(update), vscode.commands.registerCommand('layerwise.engine.selectContext', guarded('Switching the Docker context failed', async (options?: SelectContextOptions) => {
    let chosen = options && typeof options === 'object' ? options.context : undefined;
    if (chosen === undefined) {
      const contexts = listContexts();
      const cli = currentContextName();
      const setting = readConfig().dockerContext;
      const picks = [
        { label: 'default', description: "DOCKER_HOST or the default socket", detail: setting === '' ? 'in use by Layerwise' : undefined, name: 'default' },
        ...contexts.map(c => ({ label: c.name, description: c.host, detail: [c.description, c.name === cli ? 'the docker CLI\'s current context' : undefined, c.name === setting ? 'in use by Layerwise' : undefined].filter(Boolean).join(' · ') || undefined, name: c.name })),
        { label: '$(discard) Follow the docker CLI', description: `DOCKER_HOST, then DOCKER_CONTEXT / currentContext (now: ${cli})`, detail: undefined, name: '' },
      ];
      const pick = await vscode.window.showQuickPick(picks, { title: 'Docker Engine for Layerwise', placeHolder: contexts.length ? 'Pick a Docker context' : 'No Docker contexts yet (docker context create …)' });
      if (!pick) return undefined;
      chosen = pick.name;
    }
    if (readConfig().dockerHost) {
      void vscode.window.showWarningMessage('layerwise.docker.host is set and wins over any context: clear it to use the context.', 'Open Setting')
        .then(c => { if (c) void vscode.commands.executeCommand('workbench.action.openSettings', 'layerwise.docker.host'); });
    }
    await vscode.workspace.getConfiguration('layerwise').update('docker.context', chosen, vscode.ConfigurationTarget.Global);
    update();
    return service.engine.endpoint;
  })));
  return item;
}
