// JSON for the stdio transport with each diagnostic's text kept from one publish to the next.
// A 10,000-line file has thousands of findings and an edit changes a few of them; the unchanged
// ones are the same Diagnostic objects version after version (server.ts re-uses them), so their
// JSON is written once instead of re-serialising ~1 MB on every keystroke. The bytes are what
// JSON.stringify would produce for the whole message.
import { StreamMessageWriter } from 'vscode-languageserver/node';

let encoded = new WeakMap<object, Buffer>();

/** A fresh cache (its table does not shrink when the diagnostics of closed documents are collected). */
export function releaseWireCache(): void {
  encoded = new WeakMap();
  filling = undefined;
  writtenWhole = new WeakSet();
  written.clear();
}

/** How the encoder has written lists so far: whole messages, and diagnostics written one by one (each once). */
export const wireStats = { whole: 0, itemsWritten: 0 };

/**
 * A list this long whose items are mostly not in the cache (a document just opened) is written
 * with one JSON.stringify of the whole message: one call is about 2.5× faster than one per item
 * (5,079 diagnostics: ~10 against ~25 ms), and a first publish waits for nothing else. The items'
 * bytes are then kept in idle time (fillLater), so the document's first edit finds them.
 */
const WHOLE_FROM = 64;
const FILL_SLICE_MS = 4;
/** The fill starts this long after the publish: requests an editor sends right after opening a document go first. */
const FILL_DELAY_MS = 150;
/** The list whose items' bytes are being kept in idle time; a newer one replaces it. */
let filling: unknown[] | undefined;

/**
 * Items of lists written whole. A list whose items are mostly among them is an edit of a document
 * opened a moment ago, not an open: an editor sends the next keystroke long before the idle fill
 * has kept those items' bytes, and writing every edit's list whole again was about half the
 * server's time per keystroke at 1,000 lines (505 diagnostics: ~1.4 of ~3 ms). Such a list is
 * written item by item instead, which keeps each item's bytes for the edits after it.
 */
let writtenWhole = new WeakSet<object>();

/** Judged from WHOLE_FROM items spread over the list: the two cases it tells apart are all-new (an open) and nearly all known (an edit). */
function mostlyNew(items: unknown[]): boolean {
  if (items.length < WHOLE_FROM) return false;
  const stride = items.length / WHOLE_FROM;
  let known = 0;
  for (let k = 0; k < WHOLE_FROM; k++) {
    const d = items[Math.floor(k * stride)];
    if (d && typeof d === 'object' && (encoded.has(d) || writtenWhole.has(d))) known++;
  }
  return known * 2 < WHOLE_FROM;
}

function fillLater(items: unknown[]): void {
  filling = items;
  let i = 0;
  const step = () => {
    if (filling !== items) return;
    const end = performance.now() + FILL_SLICE_MS;
    while (i < items.length) {
      const d = items[i++];
      if (d && typeof d === 'object') diagnosticBytes(d);
      if ((i & 63) === 0 && performance.now() >= end) break;
    }
    if (i < items.length) setImmediate(step);
    else filling = undefined;
  };
  setTimeout(step, FILL_DELAY_MS);
}

/** The whole message at once when its list is mostly new (see WHOLE_FROM). */
function wholeIfNew(msg: Record<string, unknown>, items: unknown[]): Buffer | undefined {
  if (!mostlyNew(items)) return undefined;
  fillLater(items);
  for (const d of items) if (d && typeof d === 'object') writtenWhole.add(d);
  wireStats.whole++;
  return Buffer.from(JSON.stringify(msg), 'utf8');
}
const COMMA = 0x2c; // ','

/** The diagnostic's UTF-8 JSON, written once per object (diagnostics are never modified after they are sent). */
function diagnosticBytes(d: object): Buffer {
  let b = encoded.get(d);
  if (b === undefined) {
    encoded.set(d, (b = Buffer.from(JSON.stringify(d), 'utf8')));
    wireStats.itemsWritten++;
  }
  return b;
}

/**
 * The last list written for a document (its publishes, or its pull reports), with where each item's
 * bytes are in what was written. The next list's items that follow one another there too are
 * copied as one run: an edit of a 10,000-line file changes a few of 5,079 diagnostics, and one
 * copy per item was ~1.5 ms of each keystroke.
 */
interface Written { items: unknown[]; out: Buffer; starts: Int32Array; ends: Int32Array }
const written = new Map<string, Written>();

/** Forgets what was last written for a document (closed). */
export function forgetWritten(uri: string): void {
  written.delete(PUBLISH + uri);
  written.delete(REPORT + uri);
}
const PUBLISH = 'publish:';
const REPORT = 'report:';

/** Where `items[i]` was in the last list written, or -1; `hint` is where it would be if nothing moved. */
function foundIn(prev: Written, index: Map<unknown, number> | undefined, d: unknown, hint: number): { at: number; index: Map<unknown, number> | undefined } {
  if (hint < prev.items.length && prev.items[hint] === d) return { at: hint, index };
  // Items moved (a finding added or removed before them): looked up by identity from here on.
  if (!index) {
    index = new Map();
    for (let j = 0; j < prev.items.length; j++) if (prev.items[j] && typeof prev.items[j] === 'object') index.set(prev.items[j], j);
  }
  return { at: index.get(d) ?? -1, index };
}

/** `value` as JSON with its `key` array's items from the last list written on `channel` or from the cache. */
function withList(value: Record<string, unknown>, key: string, prefix: string, suffix: string, channel: string | undefined): Buffer {
  const { [key]: list, ...rest } = value;
  const head = JSON.stringify(rest);
  const first = Buffer.from(prefix + (head === '{}' ? '{' : head.slice(0, -1) + ',') + `"${key}":[`, 'utf8');
  const last = Buffer.from(']}' + suffix, 'utf8');
  const items = list as unknown[];
  const n = items.length;
  const prev = channel === undefined ? undefined : written.get(channel);
  // Per item: its place in the last list written (its bytes are there), or its own bytes.
  const from = new Int32Array(n).fill(-1);
  const bytes = new Array<Buffer | undefined>(n);
  let size = first.length + last.length + Math.max(0, n - 1);
  let index: Map<unknown, number> | undefined;
  let hint = 0;
  for (let i = 0; i < n; i++) {
    const d = items[i];
    if (prev && d && typeof d === 'object') {
      const found = foundIn(prev, index, d, hint);
      index = found.index;
      if (found.at >= 0) {
        from[i] = found.at;
        hint = found.at + 1;
        size += prev.ends[found.at] - prev.starts[found.at];
        continue;
      }
    }
    size += (bytes[i] = itemBytes(d)).length;
  }
  // Sized first, then copied once: runs of items that were side by side last time in one copy.
  const out = Buffer.allocUnsafe(size);
  const starts = new Int32Array(n), ends = new Int32Array(n);
  let at = first.copy(out, 0);
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
    // The run: i, i+1, … were j, j+1, … (commas between them included).
    let k = 1;
    while (i + k < n && from[i + k] === j + k) k++;
    const src = prev!.starts[j];
    const shift = at - src;
    at += prev!.out.copy(out, at, src, prev!.ends[j + k - 1]);
    for (let m = 0; m < k; m++) { starts[i + m] = prev!.starts[j + m] + shift; ends[i + m] = prev!.ends[j + m] + shift; }
    i += k;
  }
  last.copy(out, at);
  if (channel !== undefined) written.set(channel, { items, out, starts, ends });
  return out;
}

function itemBytes(d: unknown): Buffer {
  return d && typeof d === 'object' ? diagnosticBytes(d) : Buffer.from(JSON.stringify(d ?? null), 'utf8');
}

/** Full pull-diagnostic reports (`{kind, resultId, items}`) built by server.ts: their items come from the cache. */
const reports = new WeakMap<object, string>();
export function markReport<T extends object>(report: T, uri: string): T {
  reports.set(report, uri);
  return report;
}

/** The message as UTF-8 JSON: the same bytes JSON.stringify would give. */
export function encodeMessage(msg: Record<string, unknown>): Buffer {
  const params = msg.params as Record<string, unknown> | undefined;
  if (msg.method === 'textDocument/publishDiagnostics' && params && Array.isArray(params.diagnostics)) {
    const whole = wholeIfNew(msg, params.diagnostics);
    if (whole) return whole;
    const { params: _, ...rest } = msg;
    const channel = typeof params.uri === 'string' ? PUBLISH + params.uri : undefined;
    return withList(params, 'diagnostics', `${JSON.stringify(rest).slice(0, -1)},"params":`, '}', channel);
  }
  const result = msg.result as Record<string, unknown> | undefined;
  const reportOf = result && typeof result === 'object' ? reports.get(result) : undefined;
  if (reportOf !== undefined && Array.isArray(result!.items)) {
    const whole = wholeIfNew(msg, result!.items);
    if (whole) return whole;
    const { result: _, ...rest } = msg;
    return withList(result!, 'items', `${JSON.stringify(rest).slice(0, -1)},"result":`, '}', REPORT + reportOf);
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
