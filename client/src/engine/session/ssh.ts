// SSH agent forwarding for `RUN --mount=type=ssh`: moby.sshforward.v1.SSH's CheckAgent and
// ForwardAgent, the latter a byte pipe between the builder and a local agent socket.
import * as fs from 'fs';
import * as net from 'net';
import type { DockerfileModel } from '../../../../server/src/analysis/model';
import { BidiCall, GrpcError, GrpcStatus, Method } from './grpc';
import { types } from './protos';

/** ssh id → agent socket path (`default` is what a mount without id= asks for). */
export type SshSources = Record<string, string>;

/** `RUN --mount=type=ssh[,id=X]` ids, with the same `required` policy as secrets (see secrets.ts). */
export function sshMounts(model: DockerfileModel): Array<{ id: string; required: boolean; line: number }> {
  const out: Array<{ id: string; required: boolean; line: number }> = [];
  for (const instr of model.instructions) {
    if (instr.keyword !== 'RUN') continue;
    for (const flag of instr.flagList) {
      if (flag.name.toLowerCase() !== 'mount') continue;
      const opts = new Map(flag.options.map(o => [o.name.toLowerCase(), o.value ?? 'true']));
      if ((opts.get('type') ?? '').toLowerCase() !== 'ssh') continue;
      out.push({ id: opts.get('id') || 'default', required: (opts.get('required') ?? 'true').toLowerCase() !== 'false', line: instr.range.start.line });
    }
  }
  return out;
}

/** `default`, `default=PATH` or `id=PATH` (docker build --ssh) → [id, socket path]; only agent sockets, not key files. */
export function parseSshFlag(text: string, env: NodeJS.ProcessEnv = process.env): [string, string] {
  const eq = text.indexOf('=');
  const id = eq < 0 ? text : text.slice(0, eq);
  if (!id || /[,\s]/.test(id)) throw new Error(`--ssh "${text}": expected default, default=SOCKET or ID=SOCKET.`);
  const socket = eq < 0 ? env.SSH_AUTH_SOCK : text.slice(eq + 1);
  if (!socket) throw new Error(`--ssh "${text}": no agent socket given and SSH_AUTH_SOCK is not set — start ssh-agent (eval "$(ssh-agent)") and ssh-add your key, or name a socket (--ssh ${id}=/path/to/agent.sock).`);
  return [id, socket];
}

/** Checks before the build that every ssh mount has an agent socket; throws one message naming every problem. */
export function resolveSsh(model: DockerfileModel, sources: SshSources): SshSources {
  const used: SshSources = {};
  const problems: string[] = [];
  for (const mount of sshMounts(model)) {
    if (mount.id in used) continue;
    const socket = Object.prototype.hasOwnProperty.call(sources, mount.id) ? sources[mount.id] : undefined;
    if (!socket) {
      const flag = mount.id === 'default' ? 'default' : mount.id + '=SOCKET';
      if (mount.required) problems.push(`SSH mount "${mount.id}" (line ${mount.line + 1}) has no agent: pass --ssh ${flag} (default uses SSH_AUTH_SOCK), or in the editor add "${flag}" to layerwise.build.ssh.`);
      continue;
    }
    if (!fs.statSync(socket, { throwIfNoEntry: false })?.isSocket()) {
      problems.push(`SSH mount "${mount.id}": ${socket} is not an agent socket (only running ssh-agent sockets are supported, not key files).`);
      continue;
    }
    used[mount.id] = socket;
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return used;
}

export function sshService(sockets: SshSources): Map<string, Method> {
  const known = (id: string) => Object.prototype.hasOwnProperty.call(sockets, id);
  return new Map<string, Method>([
    ['/moby.sshforward.v1.SSH/CheckAgent', {
      kind: 'unary' as const, request: types.checkAgentRequest, response: types.checkAgentResponse,
      handle: (req: { ID: string }) => {
        if (!known(req.ID || 'default')) throw new GrpcError(GrpcStatus.NOT_FOUND, `no ssh agent for id ${req.ID}`);
        return {};
      },
    }],
    ['/moby.sshforward.v1.SSH/ForwardAgent', {
      kind: 'bidi' as const,
      handle: (call: BidiCall) => {
        // The builder names the id in the call's metadata (BuildKit's "buildkit.ssh.id").
        const id = String(call.metadata['buildkit.ssh.id'] ?? 'default') || 'default';
        if (!known(id)) { call.finish(GrpcStatus.NOT_FOUND, `no ssh agent for id ${id}`); return; }
        const agent = net.connect(sockets[id]);
        let done = false;
        const finish = (code: number, message?: string) => { if (done) return; done = true; agent.destroy(); call.finish(code, message); };
        agent.on('data', (chunk: Buffer) => call.send(types.bytesMessage.encode({ data: chunk }).finish()));
        agent.on('error', err => finish(GrpcStatus.UNAVAILABLE, `ssh agent: ${err.message}`));
        agent.on('close', () => finish(GrpcStatus.OK));
        call.onMessage((message: Buffer) => {
          const { data } = types.bytesMessage.decode(message) as unknown as { data: Uint8Array };
          if (data?.length) agent.write(data);
        });
        // Half-close: let the agent answer what it was sent; its close then ends the call.
        call.onEnd(() => agent.end());
        call.onClose(() => { done = true; agent.destroy(); });
      },
    }],
  ]);
}
