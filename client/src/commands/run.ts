// Layerwise: Run Image… — detached with logs in a terminal, or interactive through the docker CLI.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Engine, MappedPort, RestartPolicyName, RunMount, exposedPorts, findFreePort, listImages, runImage, stopContainer } from '../engine';
import { EngineService } from '../state/engineService';
import { requireTrust } from '../state/errors';
import { PortMapping, defaultPortsInput, parseCommandLine, parseEnv, parsePorts, validateContainerName } from './input';
import { MoreRunOptions, askMoreRunOptions, rememberRunOptions, rememberedRunOptions } from './runOptions';
import { ContainerLogTerminal } from './runTerminal';

export interface RunCommandOptions {
  /** "8080:80, 53/udp" or mappings; default: every exposed port on a free host port. */
  ports?: string | PortMapping[];
  /** "A=1 B=2" or a record. */
  env?: string | Record<string, string>;
  name?: string;
  interactive?: boolean;
  /** Default true (`--rm`); false whenever a restart policy is set. */
  autoRemove?: boolean;
  noPrompt?: boolean;
  /** Named volumes and bind mounts. */
  mounts?: RunMount[];
  network?: string;
  restartPolicy?: RestartPolicyName;
  /** Path of a NAME=value file (`--env-file`). */
  envFile?: string;
  /** Overrides the image's CMD: words, or text split like a command line (no shell runs it). */
  command?: string | string[];
  /** `--init`. */
  init?: boolean;
}

export interface RunCommandResult {
  id: string;
  name: string;
  image: string;
  ports: MappedPort[];
  /** Resolves with the exit code when the container stops. */
  exited: Promise<number>;
}

/** An image reference from a tree node (`{ ref }`), a string, or nothing. */
function refOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  const ref = (arg as { ref?: unknown } | undefined)?.ref;
  return typeof ref === 'string' ? ref : undefined;
}

/** The complete-run options given to the command, else asked for (starting from what this image used last). */
async function moreOptions(engine: Engine, image: string, options: RunCommandOptions, prompt: boolean, state: vscode.Memento | undefined): Promise<MoreRunOptions | undefined> {
  let command: string[] | undefined;
  if (typeof options.command === 'string') {
    const parsed = parseCommandLine(options.command);
    if (!parsed.ok) throw new Error(parsed.error);
    command = parsed.value.length ? parsed.value : undefined;
  } else if (Array.isArray(options.command)) command = options.command.length ? options.command : undefined;
  const given: MoreRunOptions = {
    mounts: options.mounts ?? [], network: options.network, restartPolicy: options.restartPolicy ?? 'no',
    envFile: options.envFile, command, init: options.init ?? false,
  };
  if (!prompt) return given;
  const chosen = await askMoreRunOptions(engine, image, rememberedRunOptions(state, image));
  if (chosen) await rememberRunOptions(state, image, chosen);
  return chosen;
}

export async function runImageCommand(service: EngineService, arg?: unknown, options: RunCommandOptions = {}, state?: vscode.Memento): Promise<RunCommandResult | 'interactive' | undefined> {
  if (!requireTrust('Running images')) return undefined;
  const engine = service.engine;
  const prompt = !options.noPrompt;
  const image = refOf(arg) ?? (prompt ? await pickImage(engine) : undefined);
  if (!image) {
    if (!prompt) void vscode.window.showErrorMessage('Run Image: no image given.');
    return undefined;
  }

  const interactive = options.interactive ?? (prompt ? await pickMode() : false);
  if (interactive === undefined) return undefined;

  const exposed = await exposedPorts(engine, image);
  const hostPorts = await Promise.all(exposed.map(() => findFreePort().catch(() => undefined)));
  const portsText = typeof options.ports === 'string' ? options.ports : undefined;
  let ports: PortMapping[];
  if (Array.isArray(options.ports)) {
    ports = options.ports;
  } else {
    const text = portsText ?? (prompt
      ? await vscode.window.showInputBox({
        title: `Run ${image}: ports`,
        prompt: 'Publish ports as HOST:CONTAINER, separated by commas (a bare port gets a free host port; empty for none)',
        value: defaultPortsInput(exposed, hostPorts),
        validateInput: v => { const r = parsePorts(v); return r.ok ? null : r.error; },
      })
      : defaultPortsInput(exposed, hostPorts));
    if (text === undefined) return undefined;
    const parsed = parsePorts(text);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(`Run Image: ${parsed.error}`);
      return undefined;
    }
    ports = parsed.value;
  }

  let env: Record<string, string> = {};
  if (typeof options.env === 'object') {
    env = options.env;
  } else {
    const text = options.env ?? (prompt
      ? await vscode.window.showInputBox({
        title: `Run ${image}: environment`,
        prompt: 'Environment variables as NAME=value separated by spaces (quote values with spaces); empty for none',
        placeHolder: 'A=1 B="two words"',
        validateInput: v => { const r = parseEnv(v); return r.ok ? null : r.error; },
      })
      : '');
    if (text === undefined) return undefined;
    const parsed = parseEnv(text);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(`Run Image: ${parsed.error}`);
      return undefined;
    }
    env = parsed.value;
  }

  const name = options.name ?? (prompt
    ? await vscode.window.showInputBox({
      title: `Run ${image}: container name`,
      prompt: 'Container name (empty lets Docker choose one)',
      validateInput: v => validateContainerName(v) ?? null,
    })
    : undefined);
  if (name === undefined && prompt) return undefined;
  const nameProblem = validateContainerName(name ?? '');
  if (nameProblem) {
    void vscode.window.showErrorMessage(`Run Image: ${nameProblem}`);
    return undefined;
  }

  const more = await moreOptions(engine, image, options, prompt, state);
  if (!more) return undefined;
  // A restart policy keeps the container when it exits; --rm would contradict it.
  const autoRemove = more.restartPolicy !== 'no' ? false : options.autoRemove ?? true;

  if (interactive) return runInteractive(service, image, ports, env, name?.trim() || undefined, autoRemove, more);

  const container = await runImage(engine, {
    image, ports, env, name: name?.trim() || undefined, autoRemove, tty: false,
    mounts: more.mounts, network: more.network, restartPolicy: more.restartPolicy, envFile: more.envFile, cmd: more.command, init: more.init,
  });
  const pty = new ContainerLogTerminal(container, image, id => stopContainer(engine, id));
  const terminal = vscode.window.createTerminal({ name: `${container.name} (${image})`, pty, iconPath: new vscode.ThemeIcon('vm-running') });
  terminal.show(true);
  return { id: container.id, name: container.name, image, ports: container.ports, exited: pty.exited };
}

async function pickImage(engine: Engine): Promise<string | undefined> {
  const groups = await listImages(engine, { includeDangling: false });
  const refs = groups.flatMap(g => g.images.flatMap(i => i.repoTags)).sort();
  if (!refs.length) {
    void vscode.window.showInformationMessage('There are no tagged images on this engine yet. Build one first (Layerwise: Build Image…).');
    return undefined;
  }
  return vscode.window.showQuickPick(refs, { title: 'Run Image', placeHolder: 'Which image?' });
}

async function pickMode(): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick([
    { label: 'Detached', description: 'logs stream into a terminal; --rm', interactive: false },
    { label: 'Interactive (-it)', description: 'a terminal attached to the container through the docker CLI', interactive: true },
  ], { title: 'Run Image: mode' });
  return picked?.interactive;
}

/** `docker` on PATH (the integrated terminal runs it directly, with an argument array, no shell). */
export function findDockerCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === 'win32' ? ['docker.exe'] : ['docker'];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch { /* keep looking */ }
    }
  }
  return undefined;
}

function runInteractive(service: EngineService, image: string, ports: PortMapping[], env: Record<string, string>, name: string | undefined, autoRemove: boolean, more: MoreRunOptions): 'interactive' | undefined {
  const cli = findDockerCli();
  if (!cli) {
    void vscode.window.showErrorMessage('Interactive runs need the docker CLI on PATH, and none was found. Install the Docker CLI, or run the image detached.');
    return undefined;
  }
  const args = ['run', '-it'];
  if (autoRemove) args.push('--rm');
  if (name) args.push('--name', name);
  for (const p of ports) args.push('-p', p.hostPort === undefined ? p.containerPort : `${p.hostPort}:${p.containerPort}`);
  for (const [k, v] of Object.entries(env)) args.push('-e', `${k}=${v}`);
  // Each value is one argument of its own: the CLI is started without a shell.
  // --mount is CSV: a field with a comma or quote is quoted.
  const csv = (field: string) => (/[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);
  for (const m of more.mounts) args.push('--mount', [`type=${m.type}`, csv(`source=${m.source}`), csv(`target=${m.target}`), ...(m.readOnly ? ['readonly'] : [])].join(','));
  if (more.network) args.push('--network', more.network);
  if (more.restartPolicy !== 'no') args.push('--restart', more.restartPolicy);
  if (more.envFile) args.push('--env-file', more.envFile);
  if (more.init) args.push('--init');
  args.push(image, ...(more.command ?? []));
  // The CLI must talk to the same engine as the views.
  const endpoint = service.engine.endpoint;
  const cliEnv: Record<string, string> = endpoint.source === 'context' && endpoint.contextName
    ? { DOCKER_CONTEXT: endpoint.contextName }
    : { DOCKER_HOST: endpoint.url };
  const terminal = vscode.window.createTerminal({ name: `docker run -it ${image}`, shellPath: cli, shellArgs: args, env: cliEnv, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  return 'interactive';
}
