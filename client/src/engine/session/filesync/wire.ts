// fsutil's wire messages (tonistiigi/fsutil types/stat.proto and types/wire.proto; field numbers are
// theirs). FileSync/DiffCopy is declared with BytesMessage, but each gRPC message on that stream is
// really one Packet: BuildKit hands the raw stream to fsutil's sender and receiver.
import * as protobuf from 'protobufjs';

const PROTO = `
syntax = "proto3";
package fsutil.types;
message Stat {
  string path = 1;
  uint32 mode = 2;
  uint32 uid = 3;
  uint32 gid = 4;
  int64 size = 5;
  int64 modTime = 6;
  string linkname = 7;
  int64 devmajor = 8;
  int64 devminor = 9;
  map<string, bytes> xattrs = 10;
}
message Packet {
  enum PacketType { PACKET_STAT = 0; PACKET_REQ = 1; PACKET_DATA = 2; PACKET_FIN = 3; PACKET_ERR = 4; }
  PacketType type = 1;
  Stat stat = 2;
  uint32 ID = 3;
  bytes data = 4;
}
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;
export const packetType = root.lookupType('fsutil.types.Packet');

export const PacketKind = { STAT: 0, REQ: 1, DATA: 2, FIN: 3, ERR: 4 } as const;

/** What one walked entry tells the builder; `modTime` in nanoseconds (the builder compares it exactly). */
export interface WireStat {
  path: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  modTime: bigint;
  linkname?: string;
}

export interface Packet { type: number; stat?: WireStat | null; ID?: number; data?: Uint8Array }

export function encodePacket(p: Packet): Uint8Array {
  // int64 as {low, high}: exact for nanosecond times (a JS number is not), with or without the `long` package.
  const stat = p.stat ? { ...p.stat, modTime: { low: Number(BigInt.asUintN(32, p.stat.modTime)), high: Number(BigInt.asUintN(32, p.stat.modTime >> 32n)), unsigned: false } } : undefined;
  return packetType.encode(packetType.create({ type: p.type, ID: p.ID ?? 0, data: p.data, ...(stat ? { stat } : {}) })).finish();
}

export function decodePacket(bytes: Uint8Array): { type: number; ID: number; data: Uint8Array } {
  const m = packetType.decode(bytes) as unknown as { type?: number; ID?: number; data?: Uint8Array };
  return { type: m.type ?? 0, ID: m.ID ?? 0, data: m.data ?? new Uint8Array() };
}

// Go's os.FileMode bits (fsutil sends Go's FileMode, not the Unix st_mode).
const GO_DIR = 0x80000000;
const GO_SYMLINK = 1 << 27;
const GO_SETUID = 1 << 23;
const GO_SETGID = 1 << 22;
const GO_STICKY = 1 << 20;

/** Unix st_mode of a file, folder or symbolic link → Go's FileMode as fsutil sends it. */
export function goFileMode(mode: number): number {
  let out = mode & 0o777;
  if (mode & 0o4000) out |= GO_SETUID;
  if (mode & 0o2000) out |= GO_SETGID;
  if (mode & 0o1000) out |= GO_STICKY;
  const type = mode & 0o170000;
  if (type === 0o040000) out |= GO_DIR;
  else if (type === 0o120000) out |= GO_SYMLINK;
  return out >>> 0;
}
