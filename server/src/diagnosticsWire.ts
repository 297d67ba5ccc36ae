// JSON for the stdio transport with each diagnostic's text kept from one publish to the next.
// A 10,000-line file has thousands of findings and an edit changes a few of them; the unchanged
// ones are the same Diagnostic objects version after version (server.ts re-uses them), so their
// JSON is written once instead of re-serialising ~1 MB on every keystroke. The bytes are what
// JSON.stringify would produce for the whole message.
import { StreamMessageWriter } from 'vscode-languageserver/node';

let encoded = new WeakMap<object, string>();

/** A fresh cache (its table does not shrink when the diagnostics of closed documents are collected). */
export function releaseWireCache(): void {
  encoded = new WeakMap();
}

/**
 * The diagnostic's JSON, written once per object (diagnostics are never modified after they are
 * sent). A string, not a Buffer per diagnostic: thousands of small Buffers cost more to make and to
 * keep than one conversion of the joined message (a first publish of 5,079 diagnostics: 27 → ~10 ms).
 */
function diagnosticJson(d: object): string {
  let json = encoded.get(d);
  if (json === undefined) encoded.set(d, (json = JSON.stringify(d)));
  return json;
}

/** `value` as JSON with its `key` array's items from the cache. */
function withList(value: Record<string, unknown>, key: string, prefix: string, suffix: string): Buffer {
  const { [key]: list, ...rest } = value;
  const head = JSON.stringify(rest);
  const items = list as unknown[];
  const parts: string[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const d = items[i];
    parts[i] = d && typeof d === 'object' ? diagnosticJson(d) : JSON.stringify(d ?? null);
  }
  return Buffer.from(prefix + (head === '{}' ? '{' : head.slice(0, -1) + ',') + `"${key}":[` + parts.join(',') + ']}' + suffix, 'utf8');
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
    const { params: _, ...rest } = msg;
    return withList(params, 'diagnostics', `${JSON.stringify(rest).slice(0, -1)},"params":`, '}');
  }
  const result = msg.result as Record<string, unknown> | undefined;
  if (result && typeof result === 'object' && reports.has(result) && Array.isArray(result.items)) {
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
