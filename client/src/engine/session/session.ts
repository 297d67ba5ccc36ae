// Opening a BuildKit session through the engine API: `POST /session` upgraded to HTTP/2 (h2c),
// after which the engine is the HTTP/2 *client* and calls the gRPC services we list in headers.
import * as crypto from 'crypto';
import * as http from 'http';
import * as http2 from 'http2';
import * as https from 'https';
import type Docker from 'dockerode';
import { GrpcStatus, MethodTable, serveStream } from './grpc';
import { SERVING, types } from './protos';

export interface Session {
  /** The id the build request names (`session` query parameter). */
  readonly id: string;
  /** Ends the session: closes the HTTP/2 server side and the upgraded socket. */
  close(): void;
  /** The connection is gone: closed by us, or dropped by the engine (killed, restarted, network). */
  readonly closed: boolean;
  /** The connection ended before close() was called (the engine went away or dropped the session). */
  readonly dropped?: boolean;
  /** Each gRPC call the builder makes, by method path (before it is answered). */
  onCall(listener: (method: string) => void): void;
}

/** Sessions whose connection is still open, process-wide: a build that ends must leave none behind. */
const live = new Set<Session>();
export function openSessionCount(): number { return live.size; }
/** The open sessions (newest last); for diagnostics and fault tests. */
export function openSessions(): Session[] { return [...live]; }

/** What docker-modem keeps about the engine's address (dockerode's `modem`). */
interface ModemFields {
  socketPath?: string; host?: string; port?: number; protocol?: string; version?: string;
  agent?: http.Agent; ca?: unknown; cert?: unknown; key?: unknown;
}

export class SessionUnavailable extends Error {}

/**
 * Opens a session serving `methods` (plus grpc.health.v1.Health/Check, which the engine polls to
 * see that the client is still there). Resolves once the engine has switched protocols.
 */
export function openSession(docker: Docker, name: string, methods: MethodTable, signal?: AbortSignal, sharedKey?: string): Promise<Session> {
  const table: MethodTable = new Map(methods);
  table.set('/grpc.health.v1.Health/Check', { kind: 'unary', request: types.healthRequest, response: types.healthResponse, handle: () => ({ status: SERVING }) });
  const id = crypto.randomBytes(16).toString('hex');
  const modem = (docker as unknown as { modem: ModemFields }).modem;
  const headers: http.OutgoingHttpHeaders = {
    Connection: 'Upgrade',
    Upgrade: 'h2c',
    'X-Docker-Expose-Session-Uuid': id,
    // The name shows in `docker buildx du`-style listings; not secret, not user data beyond a label.
    'X-Docker-Expose-Session-Name': name.replace(/[^\x20-\x7e]/g, '?').slice(0, 100),
    // BuildKit keys its file-sync cache by this: a key stable per context folder lets the next build
    // fetch only the files that changed (filesync); without files, one per session is enough.
    'X-Docker-Expose-Session-Sharedkey': sharedKey ?? id,
    'X-Docker-Expose-Session-Grpc-Method': [...table.keys()],
  };
  const path = `${modem.version ? '/' + modem.version : ''}/session`;
  const secure = modem.protocol === 'https';
  const options: http.RequestOptions & https.RequestOptions = modem.socketPath
    ? { socketPath: modem.socketPath, path, method: 'POST', headers }
    : { host: modem.host, port: modem.port, path, method: 'POST', headers, ...(modem.agent ? { agent: modem.agent } : {}), ...(secure ? { ca: modem.ca as string, cert: modem.cert as string, key: modem.key as string } : {}) };
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(options);
    const onAbort = () => req.destroy(new Error('cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('upgrade', (_res, socket, head) => {
      signal?.removeEventListener('abort', onAbort);
      if (head.length) socket.unshift(head);
      const server = http2.createServer();
      const callListeners: Array<(method: string) => void> = [];
      // Node passes the raw header list as a 4th argument (repeated gRPC metadata keys stay separate there).
      server.on('stream', (stream: http2.ServerHttp2Stream, streamHeaders: http2.IncomingHttpHeaders, _flags: number, rawHeaders?: string[]) => {
        for (const l of callListeners) l(String(streamHeaders[':path'] ?? ''));
        serveStream(table, stream, streamHeaders, rawHeaders);
      });
      server.on('sessionError', () => socket.destroy());
      socket.on('error', () => { /* the engine went away; the build reports it */ });
      let closed = false;
      let dropped = false;
      const session: Session = {
        id,
        get closed() { return closed; },
        get dropped() { return dropped; },
        close: () => { if (closed) return; closed = true; live.delete(session); socket.destroy(); server.close(); },
        onCall: listener => { callListeners.push(listener); },
      };
      // Dropped from the engine's side: say so, forget it too, and let the HTTP/2 server go.
      socket.on('close', () => { if (!closed) dropped = true; session.close(); });
      live.add(session);
      // Over TLS (tcp:// with --tlsverify) the upgraded socket is a TLSSocket that negotiated no ALPN:
      // Node's HTTP/2 server treats such a socket as an HTTP/1 client ('unknownProtocol') and drops it.
      // The protocol was agreed by the Upgrade instead (h2c inside the TLS connection, as the docker CLI does).
      if ((socket as { alpnProtocol?: unknown }).alpnProtocol === false) (socket as { alpnProtocol?: unknown }).alpnProtocol = undefined;
      server.emit('connection', socket);
      resolve(session);
    });
    req.on('response', res => {
      signal?.removeEventListener('abort', onAbort);
      res.resume();
      reject(new SessionUnavailable(`the engine does not offer build sessions (POST /session answered ${res.statusCode})`));
    });
    req.on('error', err => { signal?.removeEventListener('abort', onAbort); reject(err); });
    req.end();
  });
}

export { GrpcStatus };
