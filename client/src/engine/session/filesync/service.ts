// moby.filesync.v1.FileSync/DiffCopy, the sending side of fsutil's protocol:
//   we → STAT for every entry (in walk order), then an empty STAT;
//   builder → REQ id for each regular file it lacks (it compares mode/size/mtime with its copy from
//   the last build, so unchanged files are never asked for);
//   we → DATA id chunks, then an empty DATA for that id;
//   builder → FIN when it has everything; we → FIN, and the call ends.
// Files are read only when asked for, at most a few at a time, waiting whenever the stream is full:
// memory stays bounded whatever the size of the context.
import * as fs from 'fs';
import type { BidiCall, Method } from '../grpc';
import { GrpcStatus } from '../grpc';
import { BuilderFilter, LocalFilter, walkShared } from './walk';
import { decodePacket, encodePacket, PacketKind } from './wire';

/** A folder the builder may read: `context` (the build context) or `dockerfile` (the Dockerfile's folder). */
export interface SharedDir {
  name: string;
  dir: string;
  /** Our .dockerignore filter (the context only). */
  filter?: LocalFilter;
}

/** What one DiffCopy call sent. */
export interface TransferReport {
  dir: string;
  /** Entries listed (files, folders, links). */
  entries: number;
  /** Files whose contents the builder asked for, and their bytes. */
  files: number;
  bytes: number;
  /** Paths of the files sent, up to the first 1,000 (tests and diagnostics). */
  paths: string[];
  /** The builder's followpaths for this call (the first `context` call only reads `.dockerignore`). */
  followPaths?: string[];
  /** Set when the call ended without the builder's FIN (cancelled, dropped, failed). */
  error?: string;
}

const CHUNK = 64 * 1024;
const SMALL_FILE = 64 * 1024;
/** Large files streamed at once. */
const PARALLEL_READS = 4;
/** Longest run of synchronous small-file reads before the event loop gets a turn. */
const SLICE_MS = 4;
const METHOD = '/moby.filesync.v1.FileSync/DiffCopy';
/** gRPC UNKNOWN: what a Go error without a status becomes (fsutil's own failures). */
const UNKNOWN = 2;

/** Metadata values, decoded when the builder marked them `<key>-encoded` (non-ASCII paths, BuildKit ≥ 0.10). */
function metadataValues(call: BidiCall, key: string): string[] | undefined {
  const values = call.values(key);
  if (!values.length) return undefined;
  const encoded = /^(1|t|true)$/i.test(call.values(`${key}-encoded`)[0] ?? '');
  return encoded ? values.map(v => { try { return decodeURIComponent(v.replace(/\+/g, ' ')); } catch { return v; } }) : values;
}

/** `onTransfer(report, false)` as files are sent (often: throttle it), `(report, true)` once when the call ends. */
export type TransferListener = (report: TransferReport, final: boolean) => void;

/**
 * A small file's contents in three calls (open, read, close; no fstat: the walk just stat'ed it).
 * A file that shrank since is sent as it is now; one that grew, up to the size the builder was told.
 */
function readSmallSync(abs: string, size: number): Buffer {
  const fd = fs.openSync(abs, 'r');
  try {
    if (size === 0) return Buffer.alloc(0);
    const buf = Buffer.allocUnsafe(size);
    const n = fs.readSync(fd, buf, 0, size, 0);
    return n === size ? buf : buf.subarray(0, n);
  } finally { fs.closeSync(fd); }
}

export function fileSyncService(dirs: SharedDir[], onTransfer?: TransferListener): Map<string, Method> {
  const byName = new Map(dirs.map(d => [d.name, d]));
  return new Map<string, Method>([[METHOD, { kind: 'bidi' as const, handle: (call: BidiCall) => diffCopy(call, byName, onTransfer) }]]);
}

function diffCopy(call: BidiCall, dirs: Map<string, SharedDir>, onTransfer?: TransferListener): void {
  const dirName = metadataValues(call, 'dir-name')?.[0] ?? '';
  const shared = dirs.get(dirName);
  if (!shared) { call.finish(GrpcStatus.NOT_FOUND, `no access allowed to dir "${dirName}"`); return; }
  const filter: BuilderFilter = {
    includePatterns: metadataValues(call, 'include-patterns'),
    excludePatterns: metadataValues(call, 'exclude-patterns'),
    followPaths: metadataValues(call, 'followpaths'),
  };
  const report: TransferReport = { dir: dirName, entries: 0, files: 0, bytes: 0, paths: [], ...(filter.followPaths ? { followPaths: filter.followPaths } : {}) };
  const files = new Map<number, { abs: string; path: string; size: number }>();
  const state = { aborted: false, finished: false };
  const openFiles = new Set<fs.promises.FileHandle>();
  const requests: number[] = [];
  let reading = 0;
  let nextId = 0;

  // FileHandle.close waits for a read in flight, so closing here never pulls a handle from under one.
  const closeAll = () => { for (const h of openFiles) h.close().catch(() => undefined); openFiles.clear(); };
  const end = (code: number, message?: string) => {
    if (state.finished) return;
    state.finished = true;
    state.aborted = true;
    if (code !== GrpcStatus.OK) report.error = message ?? 'failed';
    closeAll();
    onTransfer?.(report, true);
    call.finish(code, message);
  };
  const fail = (message: string) => {
    // The builder shows a PACKET_ERR's text ("error from sender: …"); the status ends our side.
    if (!state.finished) call.sendMany([encodePacket({ type: PacketKind.ERR, data: Buffer.from(message) })]);
    end(UNKNOWN, message);
  };

  // Outgoing packets of one turn of the event loop go out in one write.
  let outbox: Uint8Array[] = [];
  let full = false;
  const send = (packet: Uint8Array) => {
    if (state.finished) return;
    if (!outbox.length) setImmediate(flush);
    outbox.push(packet);
  };
  const flush = () => {
    if (state.finished || !outbox.length) { outbox = []; return; }
    const batch = outbox;
    outbox = [];
    if (!call.sendMany(batch)) full = true;
  };
  /** Waits while the stream's buffer is full (the builder reads slower than we read the disk). */
  let draining: Promise<void> | undefined;
  const room = async () => {
    if (outbox.length > 256) flush();
    // One wait shared by every reader (one drain listener on the stream, however many wait).
    if (full) await (draining ??= call.drain().then(() => { full = false; draining = undefined; }));
  };

  const sendSmall = (file: { abs: string; path: string; size: number }, id: number) => {
    const data = readSmallSync(file.abs, file.size);
    if (data.length) send(encodePacket({ type: PacketKind.DATA, ID: id, data }));
    report.bytes += data.length;
    send(encodePacket({ type: PacketKind.DATA, ID: id }));
    report.files++;
    if (report.paths.length < 1000) report.paths.push(file.path);
    onTransfer?.(report, false);
  };
  /** A large file, streamed in chunks, waiting whenever the stream is full. */
  const sendFile = async (file: { abs: string; path: string; size: number }, id: number) => {
    const handle = await fs.promises.open(file.abs, 'r');
    openFiles.add(handle);
    try {
      for (;;) {
        if (state.aborted) return;
        const buf = Buffer.allocUnsafe(CHUNK);
        const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
        if (!bytesRead || state.aborted) break;
        send(encodePacket({ type: PacketKind.DATA, ID: id, data: buf.subarray(0, bytesRead) }));
        report.bytes += bytesRead;
        await room();
      }
    } finally {
      if (openFiles.delete(handle)) await handle.close();
    }
    if (state.aborted) return;
    send(encodePacket({ type: PacketKind.DATA, ID: id }));
    report.files++;
    if (report.paths.length < 1000) report.paths.push(file.path);
    onTransfer?.(report, false);
  };
  // Small files are read with synchronous calls in slices of a few milliseconds: on a page-cached
  // file open/read/close cost microseconds, while three thread-pool round trips per file made
  // 20,000 files the slowest part of a first build. Larger files stream asynchronously.
  let head = 0;
  let scheduled = false;
  const pump = () => {
    scheduled = false;
    const until = Date.now() + SLICE_MS;
    while (head < requests.length && !state.aborted) {
      if (outbox.length > 256) flush();
      if (full) { void room().then(pump); return; }
      const id = requests[head];
      const file = files.get(id);
      if (!file) { fail(`invalid file id ${id}`); return; }
      if (file.size > SMALL_FILE) {
        if (reading >= PARALLEL_READS) return; // a finished large file pumps again
        reading++;
        void (async () => {
          try { await sendFile(file, id); } catch (err) {
            const e = err as NodeJS.ErrnoException;
            fail(`cannot read ${file.path}: ${e.code ?? e.message}`);
          } finally { reading--; pump(); }
        })();
      } else {
        try { sendSmall(file, id); } catch (err) {
          const e = err as NodeJS.ErrnoException;
          fail(`cannot read ${file.path}: ${e.code ?? e.message}`);
          return;
        }
      }
      files.delete(id);
      head++;
      if (Date.now() >= until) break;
    }
    if (head === requests.length) { requests.length = 0; head = 0; }
    else if (!scheduled && !state.aborted) { scheduled = true; setImmediate(pump); }
  };

  call.onMessage(message => {
    if (state.finished) return;
    let packet;
    try { packet = decodePacket(message); } catch { fail('malformed packet from the builder'); return; }
    if (packet.type === PacketKind.REQ) {
      requests.push(packet.ID);
      // Requests come in bursts (one message chunk holds many): read them in the next slice.
      if (!scheduled) { scheduled = true; setImmediate(pump); }
    }
    else if (packet.type === PacketKind.FIN) {
      // Everything asked for has been sent by now (the builder waits for each file's end).
      flush();
      send(encodePacket({ type: PacketKind.FIN }));
      setImmediate(() => { flush(); end(GrpcStatus.OK); });
    } else if (packet.type === PacketKind.ERR) {
      end(UNKNOWN, `error from receiver: ${Buffer.from(packet.data).toString('utf8')}`);
    }
  });
  call.onClose(() => { if (!state.finished) { state.finished = true; state.aborted = true; report.error ??= 'the builder closed the transfer'; closeAll(); onTransfer?.(report, true); } });

  void (async () => {
    try {
      await walkShared(shared.dir, filter, shared.filter, async entry => {
        const id = nextId++;
        if (entry.isFile) files.set(id, { abs: entry.abs, path: entry.stat.path, size: entry.stat.size });
        report.entries++;
        send(encodePacket({ type: PacketKind.STAT, stat: entry.stat }));
        await room();
      }, state);
      if (!state.aborted) send(encodePacket({ type: PacketKind.STAT }));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      fail(`cannot list the ${dirName === 'dockerfile' ? "Dockerfile's folder" : 'build context'}: ${e.code && e.path ? `${e.code} ${e.path}` : e.message}`);
    }
  })();
}
