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

/** `value` as JSON with its `key` array's items from the cache: head, items, tail as byte chunks. */
function withList(value: Record<string, unknown>, key: string, prefix: string, suffix: string): Buffer {
  const { [key]: list, ...rest } = value;
  const head = JSON.stringify(rest);
  const first = Buffer.from(prefix + (head === '{}' ? '{' : head.slice(0, -1) + ',') + `"${key}":[`, 'utf8');
  const last = Buffer.from(']}' + suffix, 'utf8');
  const items = list as unknown[];
  // Sized first, then copied once: no list of parts (thousands of entries on a large file).
  const bytes = new Array<Buffer>(items.length);
  let size = first.length + last.length + Math.max(0, items.length - 1);
  for (let i = 0; i < items.length; i++) size += (bytes[i] = itemBytes(items[i])).length;
  const out = Buffer.allocUnsafe(size);
  let at = first.copy(out, 0);
  for (let i = 0; i < items.length; i++) {
    if (i) out[at++] = COMMA;
    at += bytes[i].copy(out, at);
  }
  last.copy(out, at);
  return out;
}

function itemBytes(d: unknown): Buffer {
  return d && typeof d === 'object' ? diagnosticBytes(d) : Buffer.from(JSON.stringify(d ?? null), 'utf8');
}

/** Full pull-diagnostic reports (`{kind, resultId, items}`) built by server.ts: their items come from the cache. */
const reports = new WeakSet<object>();
export function markReport<T extends object>(report: T): T {
  reports.add(report);
  return report;
}

/** The message as UTF-8 JSON: the same bytes JSON.stringify would give. */
export function encodeMessage(msg: Record<string, unknown>): Buffer {
  const params = msg.params as Record<string, unknown> | undefined;
  if (msg.method === 'textDocument/publishDiagnostics' && params && Array.isArray(params.diagnostics)) {
    const whole = wholeIfNew(msg, params.diagnostics);
    if (whole) return whole;
    const { params: _, ...rest } = msg;
    return withList(params, 'diagnostics', `${JSON.stringify(rest).slice(0, -1)},"params":`, '}');
  }
  const result = msg.result as Record<string, unknown> | undefined;
  if (result && typeof result === 'object' && reports.has(result) && Array.isArray(result.items)) {
    const whole = wholeIfNew(msg, result.items);
    if (whole) return whole;
    const { result: _, ...rest } = msg;
    return withList(result, 'items', `${JSON.stringify(rest).slice(0, -1)},"result":`, '}');
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
