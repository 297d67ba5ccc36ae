// Workspace Trust, as declared in package.json (what VS Code enforces) and backed by the handlers' own guard.
// Invoking the commands in an untrusted workspace needs a VS Code window in Restricted Mode; the e2e suite
// runs in a trusted workspace, so this checks the declarations and the guard calls instead.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Commands that build, run or delete things. */
const GUARDED = ['layerwise.images.build', 'layerwise.images.run', 'layerwise.images.remove', 'layerwise.images.pruneDangling', 'layerwise.images.pruneUnused',
  // Registries (issue #16): tag, push, pull and load change what the engine holds or send images out.
  'layerwise.images.tag', 'layerwise.images.push', 'layerwise.images.pull', 'layerwise.images.load', 'layerwise.registries.pull',
  // Containers, volumes and networks: start/stop/restart/remove and a shell run or delete things; create and
  // prune change what the engine holds (prune deletes).
  'layerwise.containers.start', 'layerwise.containers.stop', 'layerwise.containers.restart', 'layerwise.containers.remove',
  'layerwise.containers.attachShell', 'layerwise.containers.prune', 'layerwise.volumes.create', 'layerwise.volumes.remove',
  'layerwise.volumes.prune', 'layerwise.networks.create', 'layerwise.networks.remove', 'layerwise.networks.prune',
  'layerwise.buildCache.prune', 'layerwise.prune'];

describe('safety: workspace trust declarations', () => {
  it('untrusted workspaces are supported in limited mode, with the engine/build settings and the ones that shape inserted text restricted', () => {
    const trust = manifest.capabilities?.untrustedWorkspaces;
    assert.strictEqual(trust?.supported, 'limited');
    assert.match(trust.description, /Building and running images is disabled until you trust the workspace/);
    // baseImageLabelKeys shapes text a quick fix inserts (issue #18).
    // build.secrets names files and environment variables whose values a build reads; build.ssh hands a build an SSH agent.
    assert.deepStrictEqual([...trust.restrictedConfigurations].sort(), ['layerwise.baseImageLabelKeys', 'layerwise.build.args', 'layerwise.build.context', 'layerwise.build.secrets', 'layerwise.build.ssh', 'layerwise.docker.context', 'layerwise.docker.host']);
    const properties = manifest.contributes.configuration.properties;
    for (const key of trust.restrictedConfigurations) assert.ok(properties[key], `${key} is a contributed setting`);
  });

  it('exactly the commands that build, run or delete carry enablement: isWorkspaceTrusted', () => {
    const commands = manifest.contributes.commands as Array<{ command: string; enablement?: string }>;
    const gated = commands.filter(c => c.enablement === 'isWorkspaceTrusted').map(c => c.command).sort();
    assert.deepStrictEqual(gated, [...GUARDED].sort());
    // A keybinding bypasses nothing, but its when clause should not offer a disabled command.
    for (const k of manifest.contributes.keybindings as Array<{ command: string; when?: string }>) {
      if (GUARDED.includes(k.command)) assert.match(k.when ?? '', /isWorkspaceTrusted/, k.command);
    }
  });

  it('each guarded handler also refuses by itself (direct calls from other extensions or tests)', () => {
    const src = (f: string) => fs.readFileSync(path.join(ROOT, 'client/src/commands', f), 'utf8');
    /** The first statement of an exported function (signatures here fit on one line). */
    const firstStatement = (f: string, fn: string) => {
      const text = src(f);
      const at = text.indexOf(`export async function ${fn}(`);
      assert.ok(at >= 0, `${f} exports ${fn}`);
      return text.slice(at).split('\n')[1].trim();
    };
    for (const [file, fn] of [['build.ts', 'buildImage'], ['run.ts', 'runImageCommand'], ['images.ts', 'prune'], ['images.ts', 'remove'],
      ['transfer.ts', 'tagCommand'], ['transfer.ts', 'pushCommand'], ['transfer.ts', 'pullCommand'], ['archive.ts', 'loadCommand'],
      ['containers.ts', 'lifecycle'], ['containers.ts', 'remove'], ['containers.ts', 'attachShell'], ['volumes.ts', 'create'], ['volumes.ts', 'remove'],
      ['networks.ts', 'create'], ['networks.ts', 'remove'], ['prune.ts', 'pruneCommand']]) {
      assert.match(firstStatement(file, fn), /^if \(!requireTrust\((?:'[^']+'|`[^`]+`)\)\) return/, `${file} ${fn}`);
    }
    assert.match(src('../state/errors.ts'), /export function requireTrust[\s\S]*?if \(vscode\.workspace\.isTrusted\) return true;/);
  });
});
