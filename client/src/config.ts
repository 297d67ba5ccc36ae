// One typed view of the `layerwise.*` settings, so the rest of the client never calls getConfiguration().
import * as vscode from 'vscode';

import { DOCKERFILE_SERVER_EXTENSIONS, resolveAuto } from './authoring/coexistence';

export { DOCKERFILE_SERVER_EXTENSIONS };

const installed = (id: string) => vscode.extensions.getExtension(id) !== undefined;

/** `layerwise.syntaxChecks`: `auto` is off when another Dockerfile language server reports syntax errors. */
export function resolveSyntaxChecks(setting: string | undefined): 'on' | 'off' {
  return resolveAuto(setting, installed);
}

/** `layerwise.editorFeatures`: `auto` is off when another Dockerfile language server offers completion, outline, …. */
export function resolveEditorFeatures(setting: string | undefined): 'on' | 'off' {
  return resolveAuto(setting, installed);
}

export interface LayerwiseConfig {
  dockerHost: string;
  /** `layerwise.docker.context`: a Docker context by name ('' = the docker CLI's own choice). */
  dockerContext: string;
  builder: 'auto' | 'classic' | 'buildkit';
  buildArgs: Record<string, string>;
  /** `layerwise.build.secrets`: secret id → { file } or { env } for RUN --mount=type=secret. */
  buildSecrets: Record<string, { file?: string; env?: string }>;
  /** `layerwise.build.ssh`: `default`, `default=SOCKET` or `ID=SOCKET`, as `docker build --ssh`. */
  buildSsh: string[];
  buildContext: string;
  showDanglingImages: boolean;
  showIntermediateImages: boolean;
  /** Images up to this many bytes have their layer contents read when shown (0: only on request). */
  layerContentsLimit: number;
  baseImageLabelKeys: string[];
  /** Show which steps the next build reruns (CodeLens per instruction). */
  cachePrediction: boolean;
}

export function readConfig(scope?: vscode.Uri): LayerwiseConfig {
  const c = vscode.workspace.getConfiguration('layerwise', scope);
  return {
    dockerHost: c.get<string>('docker.host', ''),
    dockerContext: c.get<string>('docker.context', ''),
    builder: c.get<'auto' | 'classic' | 'buildkit'>('build.builder', 'auto'),
    buildArgs: c.get<Record<string, string>>('build.args', {}),
    buildSecrets: c.get<Record<string, { file?: string; env?: string }>>('build.secrets', {}),
    buildSsh: c.get<string[]>('build.ssh', []),
    buildContext: c.get<string>('build.context', ''),
    showDanglingImages: c.get<boolean>('images.showDangling', false),
    showIntermediateImages: c.get<boolean>('images.showIntermediate', false),
    layerContentsLimit: c.get<number>('history.layerContentsLimit', 1_000_000_000),
    baseImageLabelKeys: c.get<string[]>('baseImageLabelKeys', ['org.opencontainers.image.base.name', 'base_image']),
    cachePrediction: c.get<boolean>('cachePrediction.enabled', true),
  };
}

/** Remembers the dangling-images toggle in the user settings (a view preference, not a project one). */
export async function setShowDanglingImages(show: boolean): Promise<void> {
  await vscode.workspace.getConfiguration('layerwise').update('images.showDangling', show, vscode.ConfigurationTarget.Global);
}

/** Remembers the intermediate-images toggle (`docker images -a`) in the user settings. */
export async function setShowIntermediateImages(show: boolean): Promise<void> {
  await vscode.workspace.getConfiguration('layerwise').update('images.showIntermediate', show, vscode.ConfigurationTarget.Global);
}
