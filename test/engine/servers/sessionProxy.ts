// A unix-socket proxy in front of the test engine that knows which connection carries a BuildKit
// session (`POST …/session`), so a test can refuse sessions (an engine without them) or cut the
// session's connection mid-build (the fault a dropped connection or a restarted engine causes).
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export class SessionProxy {
  readonly socket: string;
  private readonly dir: string;
  private server?: net.Server;
  private readonly sessions = new Set<net.Socket>();
  private readonly all = new Set<net.Socket>();
  /** Answer POST /session with 404, as an engine without sessions does. */
  refuseSessions = false;

  constructor(private readonly target: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-session-proxy-'));
    this.socket = path.join(this.dir, 'docker.sock');
  }

  get host(): string { return `unix://${this.socket}`; }
  /** Session connections still open. */
  get openSessions(): number { return this.sessions.size; }

  start(): Promise<void> {
    this.server = net.createServer(client => {
      this.all.add(client);
      const upstream = net.connect(this.target);
      this.all.add(upstream);
      let isSession = false;
      const end = () => { client.destroy(); upstream.destroy(); this.sessions.delete(client); this.all.delete(client); this.all.delete(upstream); };
      client.on('error', end); upstream.on('error', end);
      client.on('close', end); upstream.on('close', end);
      client.on('data', (chunk: Buffer) => {
        // Any request on the connection may be the session (HTTP keep-alive reuses connections).
        if (!isSession && chunk.subarray(0, 5).toString('latin1') === 'POST ') {
          const requestLine = chunk.subarray(0, chunk.indexOf('\r\n')).toString('latin1');
          if (/^POST \S*\/session(\?| )/.test(requestLine)) {
            if (this.refuseSessions) {
              client.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found');
              upstream.destroy();
              return;
            }
            isSession = true;
            this.sessions.add(client);
          }
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
    });
    return new Promise((resolve, reject) => { this.server!.once('error', reject); this.server!.listen(this.socket, resolve); });
  }

  /** Cuts every session connection, as if the engine dropped it. */
  dropSessions(): void {
    for (const s of this.sessions) s.destroy();
  }

  async stop(): Promise<void> {
    for (const s of this.all) s.destroy();
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
