// The editor's Build command with a BuildKit session: secret sources from layerwise.build.secrets,
// an SSH agent from layerwise.build.ssh (a real ssh-agent started here), and the messages when one
// is missing or malformed. Prompts are off (noPrompt): the question itself is driven in the UI suite.
import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateLayerwise, workspaceRoot } from './helpers';

interface BuildResult { ok: boolean; imageId?: string; error?: { message: string } }
const config = () => vscode.workspace.getConfiguration('layerwise');
const TAG = `layerwise-e2e/session:host-${process.pid}`;

describe('build: secrets and SSH agents from the settings (BuildKit session)', function () {
  this.timeout(120_000);
  let dir = '';
  let agent: ChildProcess | undefined;
  const agentHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-e2e-agent-'));
  const socket = path.join(agentHome, 'agent.sock');
  let built = false;

  before(async () => {
    await activateLayerwise();
    dir = path.join(workspaceRoot(), '.scratch', `session-${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'tok.txt'), `e2e-secret-${crypto.randomBytes(8).toString('hex')}`);
    // -D: in the foreground, so this suite owns the agent and stops it.
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !fs.existsSync(socket); i++) await new Promise(r => setTimeout(r, 50));
    assert.ok(fs.existsSync(socket), 'ssh-agent did not create its socket');
  });
  after(async () => {
    await config().update('build.secrets', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('build.ssh', undefined, vscode.ConfigurationTarget.Workspace);
    agent?.kill();
    fs.rmSync(agentHome, { recursive: true, force: true });
    if (built) await vscode.commands.executeCommand('layerwise.images.remove', TAG, { confirm: true });
  });

  const dockerfile = (text: string) => {
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, text);
    return vscode.Uri.file(file);
  };
  const buildIt = (uri: vscode.Uri) => vscode.commands.executeCommand<BuildResult | undefined>('layerwise.images.build', uri, { tag: TAG, builder: 'buildkit', noPrompt: true });

  it('a secret from layerwise.build.secrets and the agent from layerwise.build.ssh reach the step that mounts them', async () => {
    const rel = path.relative(workspaceRoot(), path.join(dir, 'tok.txt'));
    await config().update('build.secrets', { tok: { file: rel } }, vscode.ConfigurationTarget.Workspace);
    await config().update('build.ssh', [`default=${socket}`], vscode.ConfigurationTarget.Workspace);
    // The step fails unless the builder got both from the session (the run id keeps an older run's cache out).
    const uri = dockerfile(`FROM local/busybox:1\nRUN --mount=type=secret,id=tok --mount=type=ssh test -s /run/secrets/tok && test -S "$SSH_AUTH_SOCK" && echo ${crypto.randomBytes(4).toString('hex')}\n`);
    const result = await buildIt(uri);
    assert.ok(result, 'the build command returned nothing');
    assert.strictEqual(result.ok, true, result.error?.message);
    built = true;
  });

  it('a secret id the settings do not name, without prompts, stops before the build with what to do', async () => {
    const result = await buildIt(dockerfile('FROM local/busybox:1\nRUN --mount=type=secret,id=tok --mount=type=secret,id=other true\n'));
    assert.ok(result);
    assert.strictEqual(result.ok, false);
    assert.match(result.error?.message ?? '', /^Secret "other" \(line 2\) has no source: pass --secret id=other,src=FILE \(or env=VAR\), or add it to layerwise\.build\.secrets\.$/);
  });

  it('a malformed layerwise.build.ssh entry starts nothing; Forget Remembered Build Secrets has nothing to forget here', async () => {
    await config().update('build.ssh', ['deploy,x=/nowhere'], vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(await buildIt(dockerfile('FROM local/busybox:1\nRUN --mount=type=ssh,id=deploy true\n')), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('layerwise.build.forgetSecrets'), 0);
  });
});
