// Reading one input for `layerwise lint`, defensively: only regular files (a FIFO or /dev/zero would
// block or exhaust memory), never more than the size limit, and a note of whether the bytes were UTF-8,
// so --fix never rewrites bytes it did not understand.
import * as fs from 'fs';
import { DEFAULT_MAX_BYTES } from '../analysis/limits';
import { reason } from './errors';

export interface InputText {
  /** The text the rules see: decoded, without a leading byte-order mark. */
  text: string;
  /** The bytes as read, for the compare-before-write of --fix. */
  bytes: Buffer;
  /** False when the bytes are not valid UTF-8: the text has U+FFFD in their place and must not be written back. */
  utf8: boolean;
  /** The file started with a UTF-8 byte-order mark (kept when --fix writes it). */
  bom: boolean;
}

export type ReadOutcome = { ok: true; input: InputText } | { ok: false; problem: string };

/** Files above this are not read at all (the analysis would only report `file-too-large` for them). */
export const READ_LIMIT = DEFAULT_MAX_BYTES;

const KINDS: Array<[(s: fs.Stats) => boolean, string]> = [
  [s => s.isDirectory(), 'a directory'], [s => s.isFIFO(), 'a named pipe'], [s => s.isCharacterDevice(), 'a character device'],
  [s => s.isBlockDevice(), 'a block device'], [s => s.isSocket(), 'a socket'],
];

export function readInputFile(file: string, shown: string, limit = READ_LIMIT): ReadOutcome {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; regular files ignore it.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, problem: `Cannot read ${shown}: ${reason(error)}.` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      const kind = KINDS.find(([test]) => test(stat))?.[1] ?? 'not a regular file';
      return { ok: false, problem: `Skipped ${shown}: it is ${kind}, not a regular file.` };
    }
    if (stat.size > limit) return { ok: false, problem: tooLarge(shown, stat.size, limit) };
    const bytes = readAtMost(fd, limit);
    if (!bytes) return { ok: false, problem: tooLarge(shown, undefined, limit) };
    return decoded(bytes, shown);
  } catch (error) {
    return { ok: false, problem: `Cannot read ${shown}: ${reason(error)}.` };
  } finally {
    fs.closeSync(fd);
  }
}

/** Standard input, read to its end but never past the limit. */
export function readInputFd(fd: number, shown: string, limit = READ_LIMIT): ReadOutcome {
  try {
    const bytes = readAtMost(fd, limit);
    return bytes ? decoded(bytes, shown) : { ok: false, problem: tooLarge(shown, undefined, limit) };
  } catch (error) {
    return { ok: false, problem: `Cannot read ${shown}: ${reason(error)}.` };
  }
}

/** The bytes up to end of file, or undefined when there are more than `limit` (a file that grew, a pipe, stdin). */
function readAtMost(fd: number, limit: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1 - total));
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      // A non-blocking stdin with nothing buffered yet: wait for it (stdin is what the user asked to lint).
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); continue; }
      throw error;
    }
    if (n === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > limit) return undefined;
  }
}

function decoded(bytes: Buffer, shown: string): ReadOutcome {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, problem: `Skipped ${shown}: it looks like a binary file, not a Dockerfile.` };
  let text: string;
  let utf8 = true;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    utf8 = false;
    text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  }
  const bom = text.startsWith('\uFEFF');
  return { ok: true, input: { text: bom ? text.slice(1) : text, bytes, utf8, bom } };
}

function tooLarge(shown: string, size: number | undefined, limit: number): string {
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
  return `Skipped ${shown}: it is ${size === undefined ? 'larger than' : `${mb(size)}, above`} the ${mb(limit)} Layerwise lints.`;
}

/** Where the first byte that is not UTF-8 is, for the --fix refusal. */
export function firstInvalidByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const n = b < 0x80 ? 0 : (b & 0xe0) === 0xc0 ? 1 : (b & 0xf0) === 0xe0 ? 2 : (b & 0xf8) === 0xf0 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n;
  }
  return -1;
}
