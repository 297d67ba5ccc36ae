// The engine killed while a container runs, its logs are followed and a shell is attached: each ends with
// a message instead of hanging. On a private dockerd of our own (the shared one must survive).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Engine, followLogs, openShell, runImage } from '../../client/src/engine';
import { BASE, PrivateDaemon, testEngine, until } from './support';

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/** Processes whose command line mentions `root` (the daemon's containerd shims), by pid. */
function processesUnder(root: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try { if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(root)) pids.push(Number(entry)); } catch { /* exited */ }
  }
  return pids;
}

describe('engine: the engine dies under a running container', function () {
  this.timeout(60000);
  let daemon: PrivateDaemon;
  let containerPid = 0;
  before(async () => {
    daemon = new PrivateDaemon();
    await daemon.start();
    const shared = await testEngine();
    try { await daemon.loadImageFrom(shared, BASE); } finally { shared.dispose(); }
  });
  after(async () => {
    if (!daemon) return;
    // A SIGKILLed engine leaves its containers running under their shims: end them, then the daemon's files.
    if (containerPid && alive(containerPid)) process.kill(containerPid, 'SIGKILL');
    for (const pid of processesUnder(daemon.root)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    await daemon.stop();
    const mounts = fs.readFileSync('/proc/mounts', 'utf8').split('\n').map(l => l.split(' ')[1]).filter(m => m && m.startsWith(daemon.root + '/'));
    for (const m of mounts.sort().reverse()) { try { execFileSync('umount', ['-l', m]); } catch { /* already gone */ } }
    await daemon.destroy();
  });

  it('the run\'s wait, a followed log stream and an attached shell each end with a message naming the engine', async () => {
    const engine = new Engine({ host: daemon.host, recovery: false, timeoutMs: 2000 });
    try {
      const running = await runImage(engine, { image: BASE, autoRemove: false, ports: [], cmd: ['sh', '-c', 'while true; do echo tick; sleep 0.2; done'] });
      containerPid = ((await (await engine.docker()).getContainer(running.id).inspect()).State.Pid);
      const logs = await followLogs(engine, running.id);
      let logText = '';
      logs.stdout.on('data', c => (logText += c));
      const shell = await openShell(engine, running.id, { cols: 80, rows: 24 });
      let shellText = '';
      shell.output.on('data', c => (shellText += c));
      shell.write('echo shell-ready\r');
      await until('log lines and a live shell', () => /tick/.test(logText) && /shell-ready\r?\n/.test(shellText.replace(/echo shell-ready/, '')), 20000);

      const waited = running.wait().then(() => assert.fail('wait() must not report an exit code'), (err: Error) => err.message);
      // SIGKILL, like a crash: dockerd and its containerd, no graceful shutdown.
      const pid = Number(fs.readFileSync(path.join(daemon.root, 'd.pid'), 'utf8'));
      const containerdPid = Number(fs.readFileSync(path.join(daemon.root, 'x/containerd/containerd.pid'), 'utf8'));
      process.kill(pid, 'SIGKILL');
      if (alive(containerdPid)) process.kill(containerdPid, 'SIGKILL');
      await daemon.stop(); // reaps the killed dockerd

      const where = `${daemon.host} (from setting)`;
      assert.strictEqual(await waited, `The Docker engine at ${where} went away while the container ran; its state is unknown.`);
      assert.deepStrictEqual(await logs.ended, { reason: 'engine-gone', message: `The Docker engine at ${where} went away; the stream was closed.` });
      assert.deepStrictEqual(await shell.ended, { reason: 'engine-gone', message: `The Docker engine at ${where} went away; the stream was closed.` });
      assert.strictEqual(engine.state, 'unreachable');
      // Writing to the ended shell is harmless.
      shell.write('echo after\r');
    } finally {
      engine.dispose();
    }
  });
});
