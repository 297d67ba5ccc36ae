// Commands inside a running container through the exec API: one-shot (output + exit code) and an
// interactive shell with a TTY. Commands are argument arrays; no shell string is built from user data.
import { PassThrough, Duplex } from 'stream';
import { Engine } from './connection';
import { explainStreamEnd } from './containers';
import { ExecResult, SessionEnd, ShellSession } from './types';

function statusCode(err: unknown): number | undefined { return (err as { statusCode?: number })?.statusCode; }

function execError(engine: Engine, id: string, err: unknown): Error {
  const code = statusCode(err);
  const message = (err as { json?: { message?: string } })?.json?.message ?? (err as Error)?.message;
  if (code === 404) return new Error(`Container ${id.slice(0, 12)} no longer exists.`);
  if (code === 409) return new Error(`Container ${id.slice(0, 12)} is not running: start it first.`);
  if (code !== undefined) return new Error(`Could not run a command in container ${id.slice(0, 12)}: ${message}`);
  return engine.noteFailure(err);
}

/** Runs `cmd` in the container and collects stdout, stderr and the exit code (like `docker exec`). */
export async function execInContainer(engine: Engine, id: string, cmd: string[], options: { env?: string[]; workingDir?: string } = {}): Promise<ExecResult> {
  if (!cmd.length) throw new Error('No command to run.');
  const docker = await engine.docker();
  try {
    const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false, Env: options.env, WorkingDir: options.workingDir });
    const stream = await exec.start({ hijack: true, stdin: false });
    const out: Buffer[] = [];
    const errs: Buffer[] = [];
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.on('data', c => out.push(c));
    stderr.on('data', c => errs.push(c));
    docker.modem.demuxStream(stream, stdout, stderr);
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    const info = await exec.inspect();
    return { exitCode: info.ExitCode ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(errs).toString() };
  } catch (err) {
    throw execError(engine, id, err);
  }
}

/** `/bin/bash` when the container has it, else `/bin/sh`. */
export async function pickShell(engine: Engine, id: string): Promise<string> {
  // A fixed probe (no user data): `command -v` prints the path when bash is on PATH.
  const probe = await execInContainer(engine, id, ['/bin/sh', '-c', 'command -v bash']).catch(err => {
    if (/not running|no longer exists/.test((err as Error).message)) throw err;
    return undefined;
  });
  const bash = probe?.exitCode === 0 ? probe.stdout.trim() : '';
  return bash.startsWith('/') ? bash : '/bin/sh';
}

/**
 * An interactive shell with a TTY (like `docker exec -it ID sh`). Input goes in with write(), the terminal
 * size with resize(); `ended` resolves when the shell exits or the engine goes away, saying which.
 */
export async function openShell(engine: Engine, id: string, options: { shell?: string[]; cols?: number; rows?: number } = {}): Promise<ShellSession> {
  const shellCmd = options.shell ?? [await pickShell(engine, id)];
  const docker = await engine.docker();
  let exec: Awaited<ReturnType<ReturnType<typeof docker.getContainer>['exec']>>;
  let stream: Duplex;
  try {
    exec = await docker.getContainer(id).exec({
      Cmd: shellCmd, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true,
      Env: ['TERM=xterm-256color'],
    });
    stream = await exec.start({ hijack: true, stdin: true, Tty: true });
  } catch (err) {
    throw execError(engine, id, err);
  }
  const output = new PassThrough();
  stream.pipe(output);
  let closedByUs = false;
  let resolveEnd!: (end: SessionEnd) => void;
  const ended = new Promise<SessionEnd>(r => (resolveEnd = r));
  let settled = false;
  const finish = (streamError?: unknown) => {
    if (settled) return;
    settled = true;
    output.end();
    void (async (): Promise<SessionEnd> => {
      try {
        const info = await exec.inspect();
        if (closedByUs && info.Running) return { reason: 'closed', message: 'The shell session was closed.' };
        return { reason: 'exited', exitCode: info.ExitCode ?? undefined, message: `The shell exited with code ${info.ExitCode ?? 'unknown'}.` };
      } catch {
        // The exec is gone with its engine (or its container): say which.
        const why = await explainStreamEnd(engine, id, streamError);
        return why.reason === 'exited' ? { ...why, message: `The container stopped, and the shell with it. ${why.message}` } : why;
      }
    })().then(resolveEnd);
  };
  stream.on('end', () => finish());
  stream.on('close', () => finish());
  stream.on('error', err => finish(err));
  const session: ShellSession = {
    output, shell: shellCmd.join(' '), ended,
    write: data => { if (!settled) stream.write(data); },
    resize: async (cols, rows) => {
      if (settled || !(cols > 0) || !(rows > 0)) return;
      // A resize racing the shell's exit fails harmlessly.
      await exec.resize({ h: Math.floor(rows), w: Math.floor(cols) }).catch(() => undefined);
    },
    close: () => { closedByUs = true; stream.end(); stream.destroy(); finish(); },
  };
  if (options.cols && options.rows) await session.resize(options.cols, options.rows);
  return session;
}
