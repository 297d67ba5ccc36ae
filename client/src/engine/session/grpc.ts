// The little of gRPC a BuildKit session needs, served over Node's http2: length-prefixed
// protobuf messages on a stream, a status in the trailers. See docs/buildkit-session.md.
import * as http2 from 'http2';
import * as protobuf from 'protobufjs';

/** gRPC status codes we answer with (grpc/grpc doc/statuscodes.md). */
export const GrpcStatus = { OK: 0, INVALID_ARGUMENT: 3, NOT_FOUND: 5, INTERNAL: 13, UNIMPLEMENTED: 12, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;

export class GrpcError extends Error {
  constructor(readonly code: number, message: string) { super(message); }
}

/** One gRPC message on the wire: 1 byte "compressed" flag (always 0 here), 4 bytes big-endian length, the message. */
export function frame(message: Uint8Array): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, Buffer.from(message)]);
}

/** Splits incoming bytes into whole gRPC messages; keeps a partial one for the next chunk. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    while (this.pending.length >= 5) {
      if (this.pending[0] !== 0) throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'compressed gRPC messages are not supported');
      const len = this.pending.readUInt32BE(1);
      if (this.pending.length < 5 + len) break;
      out.push(this.pending.subarray(5, 5 + len));
      this.pending = this.pending.subarray(5 + len);
    }
    return out;
  }
}

/** A unary method: one request message in, one response message out. */
export interface UnaryMethod<Req, Res> {
  kind: 'unary';
  request: protobuf.Type;
  response: protobuf.Type;
  handle(request: Req, metadata: http2.IncomingHttpHeaders): Promise<Res> | Res;
}

/** A bidirectional stream: the handler owns the stream (reads frames, writes frames, ends with a status). */
export interface BidiMethod {
  kind: 'bidi';
  handle(call: BidiCall): void;
}

export type Method = UnaryMethod<any, any> | BidiMethod; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `/package.Service/Method` → its implementation. */
export type MethodTable = Map<string, Method>;

export interface BidiCall {
  metadata: http2.IncomingHttpHeaders;
  onMessage(listener: (message: Buffer) => void): void;
  /** The builder half-closed its side (no more messages). */
  onEnd(listener: () => void): void;
  /** The stream is gone (finished, reset, or the session dropped). */
  onClose(listener: () => void): void;
  send(message: Uint8Array): void;
  finish(code?: number, message?: string): void;
}

const GRPC_HEADERS = { ':status': 200, 'content-type': 'application/grpc' };

/** Answers with a status only ("trailers-only" response). */
function fail(stream: http2.ServerHttp2Stream, code: number, message: string): void {
  if (stream.destroyed || stream.closed) return;
  if (stream.headersSent) { stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR); return; }
  stream.respond({ ...GRPC_HEADERS, 'grpc-status': String(code), 'grpc-message': encodeURIComponent(message) }, { endStream: true });
}

/** Routes one HTTP/2 stream of a gRPC call to its method. */
export function serveStream(methods: MethodTable, stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
  stream.on('error', () => { /* the peer reset the stream; nothing to clean up beyond the handler's own */ });
  const method = methods.get(String(headers[':path'] ?? ''));
  if (!method) { fail(stream, GrpcStatus.UNIMPLEMENTED, `unknown method ${headers[':path']}`); return; }
  const reader = new FrameReader();
  if (method.kind === 'unary') {
    const messages: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      try { messages.push(...reader.push(chunk)); } catch (e) { fail(stream, (e as GrpcError).code ?? GrpcStatus.INTERNAL, (e as Error).message); }
    });
    stream.on('end', () => {
      void (async () => {
        try {
          if (messages.length !== 1) throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, 'expected one request message');
          const request = method.request.toObject(method.request.decode(messages[0]), { defaults: true });
          const response = await method.handle(request, headers);
          const bytes = method.response.encode(method.response.fromObject(response)).finish();
          if (stream.destroyed) return;
          stream.respond(GRPC_HEADERS, { waitForTrailers: true });
          stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
          stream.end(frame(bytes));
        } catch (e) {
          fail(stream, e instanceof GrpcError ? e.code : GrpcStatus.INTERNAL, e instanceof GrpcError ? e.message : 'internal error');
        }
      })();
    });
    return;
  }
  let started = false;
  const start = () => { if (!started && !stream.destroyed) { started = true; stream.respond(GRPC_HEADERS, { waitForTrailers: true }); } };
  method.handle({
    metadata: headers,
    onMessage: listener => stream.on('data', (chunk: Buffer) => {
      let messages: Buffer[];
      try { messages = reader.push(chunk); } catch (e) { fail(stream, GrpcStatus.INTERNAL, (e as Error).message); return; }
      for (const m of messages) listener(m);
    }),
    onEnd: listener => { stream.on('end', listener); },
    onClose: listener => { stream.on('close', listener); },
    send: message => { start(); if (!stream.destroyed) stream.write(frame(message)); },
    finish: (code = GrpcStatus.OK, message = '') => {
      if (stream.destroyed || stream.closed) return;
      if (!started && code !== GrpcStatus.OK) { fail(stream, code, message); return; }
      start();
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(code), ...(message ? { 'grpc-message': encodeURIComponent(message) } : {}) }));
      stream.end();
    },
  });
}
