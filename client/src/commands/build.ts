// Layerwise: Build Image… — prompts, a cancellable progress notification, the output channel, and a
// diagnostic on the instruction that failed.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { BuildRecordStore, BuildResult, BuilderSetting, ContextHasher, ContextStats, EngineError, build, formatContextStats } from '../engine';
import { parseDockerfile } from '../../../server/src/analysis/model';
import { instructionAt } from '../../../server/src/analysis/suppressions';
import { readConfig } from '../config';
import { EngineService } from '../state/engineService';
import { showError, requireTrust, errorText } from '../state/errors';
import { defaultTagFor, stageChoices, validateImageTag, withDefaultTag } from './input';
import { resolveDockerfile } from './dockerfileTarget';
import { secretSourcesForBuild, sshSourcesFromSetting } from './buildSecrets';

export interface BuildCommandOptions {
  tag?: string;
  target?: string;
  builder?: BuilderSetting;
  buildArgs?: Record<string, string>;
  noCache?: boolean;
  /** Skip every prompt (tests, other extensions): tag defaults as the prompt would. */
  noPrompt?: boolean;
}

export interface BuildDeps {
  service: EngineService;
  records: BuildRecordStore | undefined;
  output: vscode.OutputChannel;
  diagnostics: vscode.DiagnosticCollection;
  state: vscode.Memento;
  /** Where a build secret's value typed in the editor is kept (never settings or workspace state). */
  secrets?: vscode.SecretStorage;
  /** The cache lens's context hashes for a folder (re-used so a build re-reads only changed files). */
  contextHasher?(contextDir: string): ContextHasher | undefined;
  /** After a successful build: refresh the explorer, reveal the image, show its history. */
  onBuilt(result: BuildResult, ref: string, dockerfile: vscode.Uri): Promise<void>;
}

const lastTagKey = (dockerfile: vscode.Uri) => `layerwise.lastTag:${dockerfile.toString()}`;

/** The tag last used for this Dockerfile (workspace state), if any. */
export function lastTagFor(state: vscode.Memento, dockerfile: vscode.Uri): string | undefined {
  return state.get<string>(lastTagKey(dockerfile));
}

export async function buildImage(deps: BuildDeps, arg?: unknown, options: BuildCommandOptions = {}): Promise<BuildResult | undefined> {
  if (!requireTrust('Building images')) return undefined;
  const prompt = !options.noPrompt;
  const dockerfile = await resolveDockerfile(arg, prompt);
  if (!dockerfile) {
    if (!prompt) void vscode.window.showErrorMessage('Build Image: no Dockerfile given and no Dockerfile editor is active.');
    return undefined;
  }
  if (dockerfile.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Build Image works on files on disk; ${dockerfile.toString(true)} is not one. Save it to a folder first.`);
    return undefined;
  }
  // The engine reads the file from disk: save pending edits so the build matches the editor.
  const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === dockerfile.toString());
  if (open?.isDirty && !(await open.save())) {
    void vscode.window.showErrorMessage(`Could not save ${path.basename(dockerfile.fsPath)}; the build was not started.`);
    return undefined;
  }
  let text: string;
  try {
    text = open?.getText() ?? await fs.promises.readFile(dockerfile.fsPath, 'utf8');
  } catch (err) {
    void vscode.window.showErrorMessage(`Cannot read ${dockerfile.fsPath}: ${errorText(err)}`);
    return undefined;
  }

  const tag = await chooseTag(deps.state, dockerfile, options, prompt);
  if (!tag) return undefined;
  const target = options.target ?? (prompt ? await chooseTarget(text) : undefined);
  if (target === null) return undefined;

  const config = readConfig(dockerfile);
  const contextDir = resolveContextDir(dockerfile, config.buildContext);
  if (!contextDir.ok) {
    void vscode.window.showErrorMessage(contextDir.error);
    return undefined;
  }
  // Secrets and SSH agents are settled before the build: a question answered, or a clear message.
  const secretsBaseDir = vscode.workspace.getWorkspaceFolder(dockerfile)?.uri.fsPath ?? path.dirname(dockerfile.fsPath);
  const secrets = deps.secrets
    ? await secretSourcesForBuild({ state: deps.state, secrets: deps.secrets }, dockerfile, text, config.buildSecrets, secretsBaseDir, prompt)
    : config.buildSecrets;
  if (!secrets) {
    void vscode.window.showInformationMessage(`Build of ${tag} not started: a build secret has no source.`);
    return undefined;
  }
  let ssh: Record<string, string>;
  try { ssh = sshSourcesFromSetting(config.buildSsh); } catch (err) {
    void vscode.window.showErrorMessage(errorText(err));
    return undefined;
  }
  await deps.state.update(lastTagKey(dockerfile), tag);
  deps.diagnostics.delete(dockerfile);

  const output = deps.output;
  output.appendLine(`▶ Building ${tag} from ${dockerfile.fsPath} (context ${contextDir.value}${target ? `, target ${target}` : ''})`);
  let warnedLarge = false;
  // Whether the engine took the build at all: an engine that dies mid-build "stopped" it, not "did not start" it.
  let engineAnswered = false;
  let result: BuildResult;
  try {
    result = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification,
      title: `Building ${tag}`,
      cancellable: true,
    }, async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let lastContextReport = 0;
      const onContext = (stats: ContextStats) => {
        const now = Date.now();
        // Packing reports per file; the notification only needs a few updates a second.
        if (stats.done || now - lastContextReport > 150) {
          lastContextReport = now;
          progress.report({ message: formatContextStats(stats) });
        }
        if (stats.largeWithoutDockerignore && !warnedLarge) {
          warnedLarge = true;
          // Fire and forget, but never as an unhandled rejection (opening the untitled editor can fail).
          warnLargeContext(contextDir.value, stats).catch(err => output.appendLine(`(could not offer a .dockerignore: ${errorText(err)})`));
        }
      };
      try {
        return await build(deps.service.engine, {
          dockerfilePath: dockerfile.fsPath,
          contextDir: contextDir.value,
          tag,
          target,
          buildArgs: { ...config.buildArgs, ...options.buildArgs },
          // Relative secret files start at the workspace folder, like layerwise.build.context.
          secrets,
          secretsBaseDir,
          ssh,
          builder: options.builder ?? config.builder,
          noCache: options.noCache,
          signal: abort.signal,
          records: deps.records,
          contextHasher: deps.contextHasher?.(contextDir.value),
          onOutput: chunk => { engineAnswered = true; output.append(chunk); },
          onContext,
          onProgress: p => { engineAnswered = true; progress.report({ message: p.step > 0 ? `Step ${p.step}/${p.total}: ${p.text}` : p.text }); },
        });
      } finally {
        sub.dispose();
      }
    });
  } catch (err) {
    const error = deps.service.engine.noteFailure(err);
    output.appendLine(`✖ ${errorText(error)}`);
    void showError(`Build of ${tag} did not start`, error);
    return undefined;
  }

  if (result.ok) {
    output.appendLine(`✔ Built ${tag} (${result.imageId ?? 'no id'}) in ${(result.durationMs / 1000).toFixed(1)} s with ${result.builder === 'buildkit' ? 'BuildKit' : 'the classic builder'}`);
    // build() wrote the record (deps.records); say so if it could not.
    if (result.recordProblem) output.appendLine(`(${result.recordProblem})`);
    await deps.onBuilt(result, tag, dockerfile).catch(err => output.appendLine(`(could not refresh the views: ${errorText(err)})`));
    void vscode.window.showInformationMessage(`Built ${tag} in ${(result.durationMs / 1000).toFixed(1)} s.`);
  } else if (result.cancelled) {
    output.appendLine('■ Build cancelled.');
    void vscode.window.showInformationMessage(`Build of ${tag} cancelled.`);
  } else if (deps.service.engine.state === 'unreachable') {
    // Not a Dockerfile problem: no diagnostic, just the engine error (it names the endpoint) with Retry.
    // The output so far stays in the channel.
    const message = result.error?.message ?? deps.service.unreachableMessage;
    output.appendLine(`✖ ${message}`);
    void showError(`Build of ${tag} ${engineAnswered ? 'stopped' : 'did not start'}`, new EngineError(message, 'other'));
  } else {
    const message = result.error?.message ?? 'the builder reported no reason';
    const line = result.error?.line;
    output.appendLine(`✖ Build failed${line !== undefined ? ` at line ${line + 1}` : ''}: ${message}`);
    if (line !== undefined) deps.diagnostics.set(dockerfile, [failureDiagnostic(text, line, message)]);
    void vscode.window.showErrorMessage(`Build of ${tag} failed${line !== undefined ? ` at line ${line + 1}` : ''}: ${message}`, 'Show Output')
      .then(choice => { if (choice === 'Show Output') output.show(true); }, () => undefined);
  }
  return result;
}

async function chooseTag(state: vscode.Memento, dockerfile: vscode.Uri, options: BuildCommandOptions, prompt: boolean): Promise<string | undefined> {
  const fallback = lastTagFor(state, dockerfile) ?? defaultTagFor(path.basename(path.dirname(dockerfile.fsPath)));
  if (options.tag !== undefined || !prompt) {
    const tag = (options.tag ?? fallback).trim();
    const problem = validateImageTag(tag);
    if (problem) {
      void vscode.window.showErrorMessage(`Build Image: "${tag}" is not a valid tag. ${problem}`);
      return undefined;
    }
    return withDefaultTag(tag);
  }
  const entered = await vscode.window.showInputBox({
    title: 'Build Image',
    prompt: `Tag for the image built from ${vscode.workspace.asRelativePath(dockerfile)}`,
    value: fallback,
    valueSelection: [0, fallback.lastIndexOf(':') > 0 ? fallback.lastIndexOf(':') : fallback.length],
    validateInput: value => validateImageTag(value) ?? null,
  });
  return entered === undefined ? undefined : withDefaultTag(entered.trim());
}

/** undefined: build the last stage; null: the user dismissed the pick. */
async function chooseTarget(text: string): Promise<string | undefined | null> {
  const choices = stageChoices(text);
  if (choices.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(choices.map(c => ({ label: c.label, description: c.description, target: c.target })), {
    title: 'Build Image: target stage',
    placeHolder: 'Which stage to build (the last one is the default)',
  });
  return picked ? picked.target : null;
}

/** The build context folder: the setting (relative to the workspace folder) or the Dockerfile's folder. */
function resolveContextDir(dockerfile: vscode.Uri, setting: string): { ok: true; value: string } | { ok: false; error: string } {
  let dir = path.dirname(dockerfile.fsPath);
  if (setting.trim()) {
    const folder = vscode.workspace.getWorkspaceFolder(dockerfile);
    const base = folder?.uri.fsPath ?? path.dirname(dockerfile.fsPath);
    dir = path.resolve(base, setting.trim());
  }
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a folder');
  } catch {
    return { ok: false, error: `The build context ${dir} is not a folder. Check the layerwise.build.context setting (a path relative to the workspace folder).` };
  }
  return { ok: true, value: dir };
}

/** An error on the whole instruction that starts or continues on `line`. */
function failureDiagnostic(text: string, line: number, message: string): vscode.Diagnostic {
  const instr = instructionAt(parseDockerfile(text), line);
  const range = instr
    ? new vscode.Range(instr.range.start.line, instr.range.start.character, instr.range.end.line, instr.range.end.character)
    : new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER);
  const diagnostic = new vscode.Diagnostic(range, `Build failed here: ${message}`, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'Layerwise build';
  return diagnostic;
}

/** Clears a build failure when the lines it marks (or anything above them, which moves them) are edited. */
export function clearFailuresOnEdit(diagnostics: vscode.DiagnosticCollection): vscode.Disposable {
  return vscode.workspace.onDidChangeTextDocument(e => {
    const current = diagnostics.get(e.document.uri);
    if (!current?.length || !e.contentChanges.length) return;
    const firstEdited = Math.min(...e.contentChanges.map(c => c.range.start.line));
    const kept = current.filter(d => d.range.end.line < firstEdited);
    if (kept.length !== current.length) diagnostics.set(e.document.uri, kept);
  });
}

async function warnLargeContext(contextDir: string, stats: ContextStats): Promise<void> {
  const choice = await vscode.window.showWarningMessage(
    `The build context ${contextDir} is large (${formatContextStats(stats).replace('Sending build context: ', '')}) and has no .dockerignore. Add one to send less and build faster.`,
    'Create .dockerignore',
  );
  if (choice !== 'Create .dockerignore') return;
  // An unsaved editor with common entries: the user reviews it, nothing is written behind their back.
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(contextDir, '.dockerignore')).with({ scheme: 'untitled' }));
  const editor = await vscode.window.showTextDocument(doc);
  if (doc.getText() === '') await editor.edit(e => e.insert(new vscode.Position(0, 0), '.git\nnode_modules\n**/*.log\n.vscode\ndist\nout\n'));
}
