// `auto` settings that step aside for another Dockerfile language server. No `vscode` here: the
// caller passes how to ask whether an extension is installed, so the rule is unit-tested.

/** Extensions that bring dockerfile-language-server: Container Tools, the Docker extension, Docker DX. */
export const DOCKERFILE_SERVER_EXTENSIONS = ['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker', 'docker.docker'];

/** `on`/`off` as set; `auto` (or anything else) is `off` when one of those extensions is installed. */
export function resolveAuto(setting: unknown, isInstalled: (extensionId: string) => boolean): 'on' | 'off' {
  if (setting === 'on' || setting === 'off') return setting;
  return DOCKERFILE_SERVER_EXTENSIONS.some(isInstalled) ? 'off' : 'on';
}
