// JSON for the stdio transport with each diagnostic's bytes kept from one publish to the next.
// A 10,000-line file has thousands of findings and an edit changes a few of them; the unchanged
// ones are the same Diagnostic objects version after version (server.ts re-uses them, and never
// modifies one it has sent), so their bytes are copied from what was written for the document last
// time instead of re-serialising ~2 MB on every keystroke. The bytes are what JSON.stringify would
// produce for the whole message (with the list as the object's last key, as the LSP library and
// server.ts build these messages).
import { StreamMessageWriter } from 'vscode-languageserver/node';

/**
 * The last list written for a document (its publishes, or its pull reports) and where each item's
 * bytes are in what was written. A list written whole (one JSON.stringify) has its items found in
 * those bytes only when the next list asks for them.
 */
interface Written {
  items: unknown[];
  out: Buffer;
  /** Where the list's `[` is in `out`. */
  listAt: number;
  starts: Int32Array | undefined;
  ends: Int32Array | undefined;
}
const written = new Map<string, Written>();
const PUBLISH = 'publish:';
const REPORT = 'report:';

/** Forgets every document's last list (no document open). */
export function releaseWireCache(): void {
  written.clear();
}

/** Forgets what was last written for a document (closed). */
export function forgetWritten(uri: string): void {
  written.delete(PUBLISH + uri);
  written.delete(REPORT + uri);
}

/** How lists have been written so far: whole (one JSON.stringify), and diagnostics serialised one by one. */
export const wireStats = { whole: 0, itemsWritten: 0 };

const COMMA = 0x2c, QUOTE = 0x22, BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;

/**
 * Where each item of a list JSON.stringify wrote is, from its `[` at `at`: items end at a comma or
 * the list's `]` outside any string, object or array. UTF-8 continuation bytes are never ASCII, so
 * a byte scan sees only the JSON's own punctuation. One pass over the bytes costs far less than
 * serialising the items one by one (a 10,000-line file's 2 MB: ~2 ms against ~25).
 */
function itemOffsets(w: Written): { starts: Int32Array; ends: Int32Array } {
  if (w.starts && w.ends) return { starts: w.starts, ends: w.ends };
  const out = w.out, n = w.items.length;
  const starts = new Int32Array(n), ends = new Int32Array(n);
  let p = w.listAt + 1;
  for (let i = 0; i < n; i++) {
    starts[i] = p;
    let depth = 0;
    for (; ; p++) {
      const c = out[p];
      if (c === QUOTE) {
        for (p++; out[p] !== QUOTE; p++) if (out[p] === BACKSLASH) p++;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0) break;
        depth--;
      } else if (c === COMMA && depth === 0) {
        break;
      }
    }
    ends[i] = p++;
  }
  w.starts = starts;
  w.ends = ends;
  return { starts, ends };
}

/**
 * Per item, its place in the last list written, or -1. Items usually keep their order (an edit adds
 * or removes a few findings), so each is looked for right after the one before; an item found
 * elsewhere is looked up by identity from then on. Undefined when most items are new: the list is
 * then written whole.
 */
function placesIn(prev: Written, items: unknown[]): Int32Array | undefined {
  const n = items.length;
  const from = new Int32Array(n).fill(-1);
  let index: Map<unknown, number> | undefined;
  let hint = 0, found = 0;
  for (let i = 0; i < n; i++) {
    const d = items[i];
    if (!d || typeof d !== 'object') continue;
    let at = hint < prev.items.length && prev.items[hint] === d ? hint : -1;
    if (at < 0) {
      if (!index) {
        index = new Map();
        for (let j = 0; j < prev.items.length; j++) index.set(prev.items[j], j);
      }
      at = index.get(d) ?? -1;
    }
    if (at >= 0) {
      from[i] = at;
      hint = at + 1;
      found++;
    }
  }
  return found * 2 >= n ? from : undefined;
}

/** A diagnostic's own JSON (one not in the last list written). */
function itemBytes(d: unknown): Buffer {
  wireStats.itemsWritten++;
  return Buffer.from(JSON.stringify(d) ?? 'null', 'utf8');
}

/**
 * `value` as JSON with its `key` list last: written whole when there is no last list for `channel`
 * or most items are new (an open; Enter near the top of a large file makes every later finding a
 * new object), else from the last list's bytes, with runs of items that were side by side there
 * copied at once, and only the new items serialised.
 */
function withList(value: Record<string, unknown>, key: string, prefix: string, suffix: string, channel: string | undefined): Buffer {
  const { [key]: list, ...rest } = value;
  const head = JSON.stringify(rest);
  const first = Buffer.from(prefix + (head === '{}' ? '{' : head.slice(0, -1) + ',') + `"${key}":`, 'utf8');
  const last = Buffer.from('}' + suffix, 'utf8');
  const items = list as unknown[];
  const n = items.length;
  const prev = channel === undefined ? undefined : written.get(channel);
  const from = prev ? placesIn(prev, items) : undefined;
  if (!prev || !from) {
    const out = Buffer.concat([first, Buffer.from(JSON.stringify(items), 'utf8'), last]);
    wireStats.whole++;
    if (channel !== undefined) written.set(channel, { items, out, listAt: first.length, starts: undefined, ends: undefined });
    return out;
  }
  const { starts: prevStarts, ends: prevEnds } = itemOffsets(prev);
  // Sized first, then copied once.
  const bytes = new Array<Buffer | undefined>(n);
  let size = first.length + 2 + Math.max(0, n - 1) + last.length;
  for (let i = 0; i < n; i++) {
    const j = from[i];
    size += j >= 0 ? prevEnds[j] - prevStarts[j] : (bytes[i] = itemBytes(items[i])).length;
  }
  const out = Buffer.allocUnsafe(size);
  const starts = new Int32Array(n), ends = new Int32Array(n);
  let at = first.copy(out, 0);
  const listAt = at;
  out[at++] = OPEN_BRACKET;
  for (let i = 0; i < n;) {
    if (i) out[at++] = COMMA;
    const j = from[i];
    if (j < 0) {
      starts[i] = at;
      at += bytes[i]!.copy(out, at);
      ends[i] = at;
      i++;
      continue;
    }
    // The run: items i, i+1, … were j, j+1, … (the commas between them come along).
    let k = 1;
    while (i + k < n && from[i + k] === j + k) k++;
    const shift = at - prevStarts[j];
    at += prev.out.copy(out, at, prevStarts[j], prevEnds[j + k - 1]);
    for (let m = 0; m < k; m++) {
      starts[i + m] = prevStarts[j + m] + shift;
      ends[i + m] = prevEnds[j + m] + shift;
    }
    i += k;
  }
  out[at++] = CLOSE_BRACKET;
  last.copy(out, at);
  written.set(channel!, { items, out, listAt, starts, ends });
  return out;
}

/** Full pull-diagnostic reports (`{kind, resultId, items}`) built by server.ts, with their document. */
const reports = new WeakMap<object, string>();
export function markReport<T extends object>(report: T, uri: string): T {
  reports.set(report, uri);
  return report;
}

/** The message as UTF-8 JSON: the same bytes JSON.stringify would give. */
export function encodeMessage(msg: Record<string, unknown>): Buffer {
  const params = msg.params as Record<string, unknown> | undefined;
  if (msg.method === 'textDocument/publishDiagnostics' && params && Array.isArray(params.diagnostics)) {
    const { params: _, ...rest } = msg;
    const channel = typeof params.uri === 'string' ? PUBLISH + params.uri : undefined;
    return withList(params, 'diagnostics', `${JSON.stringify(rest).slice(0, -1)},"params":`, '}', channel);
  }
  const result = msg.result as Record<string, unknown> | undefined;
  const reportOf = result && typeof result === 'object' ? reports.get(result) : undefined;
  if (result && reportOf !== undefined && Array.isArray(result.items)) {
    const { result: _, ...rest } = msg;
    return withList(result, 'items', `${JSON.stringify(rest).slice(0, -1)},"result":`, '}', REPORT + reportOf);
  }
  return Buffer.from(JSON.stringify(msg), 'utf8');
}

/** A stdout writer using encodeMessage (what the stdio transport would otherwise JSON.stringify whole). */
export function stdioWriter(): StreamMessageWriter {
  return new StreamMessageWriter(process.stdout, {
    charset: 'utf-8',
    contentTypeEncoder: {
      name: 'application/json',
      encode: msg => {
        try {
          return Promise.resolve(encodeMessage(msg as unknown as Record<string, unknown>));
        } catch (error) {
          return Promise.reject(error);
        }
      },
    },
  });
}
