// The stdio encoder writes diagnostics from a per-object cache: its bytes must be exactly what
// JSON.stringify gives for the whole message, however often the same diagnostics are re-sent.
import * as assert from 'assert';
import { encodeMessage, markReport, wireStats } from '../../server/src/diagnosticsWire';

const diag = (line: number, message: string) => ({
  range: { start: { line, character: 0 }, end: { line, character: 3 } }, severity: 2, source: 'layerwise', code: 'x', message,
  codeDescription: { href: 'https://example.invalid/rules/x' },
});

describe('LSP: diagnostics wire encoding', () => {
  it('publishDiagnostics: the same bytes as JSON.stringify, with shared and fresh diagnostics, non-ASCII and quotes', () => {
    const shared = [diag(0, 'Use `apt-get` → "quoted" …'), diag(1, 'tab\there\nnewline \u2028 é')];
    for (const list of [[], shared, [...shared, diag(2, 'new')], [shared[1], shared[0]], [shared[0], null as unknown as object]]) {
      const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a/Dockerfile', version: 3, diagnostics: list } };
      assert.strictEqual(encodeMessage(msg).toString('utf8'), JSON.stringify(msg));
    }
  });

  it('a long list: written at once while mostly new, then from the cache, the same bytes either way', async () => {
    const list = Array.from({ length: 200 }, (_, i) => diag(i, `finding ${i} "q" é`));
    const msg = (diagnostics: object[], version: number) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a/Dockerfile', version, diagnostics } });
    for (const m of [msg(list, 1), msg(list, 2), msg([...list.slice(0, 150), diag(500, 'new')], 3)]) {
      assert.strictEqual(encodeMessage(m).toString('utf8'), JSON.stringify(m));
      // The items' JSON is kept in idle time after a first publish.
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  });

  it('an open is written whole; each edit after it serialises only its new diagnostics', () => {
    // Quotes, escapes and JSON punctuation inside the texts: the items are found in the whole write's bytes.
    const list = Array.from({ length: 300 }, (_, i) => diag(i, `open ${i} "é" x"}], {"y\\${'\\'.repeat(i % 3)}"`));
    const msg = (diagnostics: object[], version: number) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///b/Dockerfile', version, diagnostics } });
    const before = { ...wireStats };
    const written = () => [wireStats.whole - before.whole, wireStats.itemsWritten - before.itemsWritten];
    const check = (m: ReturnType<typeof msg>) => assert.strictEqual(encodeMessage(m).toString('utf8'), JSON.stringify(m));
    check(msg(list, 1));
    assert.deepStrictEqual(written(), [1, 0], 'the open is written whole');
    const second = [...list.slice(0, 200), diag(900, 'typed'), ...list.slice(200)];
    check(msg(second, 2));
    assert.deepStrictEqual(written(), [1, 1], 'the first edit finds the open\'s items in what was written');
    check(msg([...second.slice(0, 100), diag(901, 'typed again'), ...second.slice(100, 150), ...second.slice(151)], 3));
    assert.deepStrictEqual(written(), [1, 2], 'the next edit serialises its one new item');
    // Every item new (Enter near the top of a large file shifts every later finding): whole again.
    check(msg(list.map((d, i) => diag(i + 1, `moved ${i}`)), 4));
    assert.deepStrictEqual(written(), [2, 2]);
  });

  it('lists edited at random, for two documents and their pull reports: always the bytes JSON.stringify gives', () => {
    let seed = 7;
    const rnd = (k: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % k; };
    let made = 0;
    // Texts with the JSON punctuation the byte scan must step over inside strings, and nested lists.
    const fresh = () => ({
      ...diag(rnd(50), `d${made++} "é" \u2028 {[,]} \\" ${'\\'.repeat(rnd(3))}"${'}'.repeat(rnd(2))}`),
      ...(rnd(3) === 0 ? { tags: [1], relatedInformation: [{ location: { uri: 'file:///x', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } } }, message: '],[{' }] } : {}),
    });
    const lists = new Map<string, object[]>([['file:///a/Dockerfile', []], ['file:///b/Dockerfile', []]]);
    for (let step = 0; step < 400; step++) {
      const uri = rnd(2) ? 'file:///a/Dockerfile' : 'file:///b/Dockerfile';
      const list = [...lists.get(uri)!];
      // An edit as analyses make them: items added, removed, replaced or moved; now and then a new list.
      const kind = rnd(6);
      if (kind === 0) list.splice(rnd(list.length + 1), 0, ...Array.from({ length: 1 + rnd(3) }, fresh));
      else if (kind === 1 && list.length) list.splice(rnd(list.length), 1 + rnd(3));
      else if (kind === 2 && list.length) list[rnd(list.length)] = fresh();
      else if (kind === 3 && list.length > 1) { const [x] = list.splice(rnd(list.length), 1); list.splice(rnd(list.length + 1), 0, x); }
      else if (kind === 4 && rnd(8) === 0) list.splice(0, list.length, ...Array.from({ length: rnd(90) }, fresh));
      lists.set(uri, list);
      const m = rnd(3) === 0
        ? { jsonrpc: '2.0', id: step, result: markReport({ kind: 'full', resultId: String(step), items: list }, uri) }
        : { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: step, diagnostics: list } };
      assert.strictEqual(encodeMessage(m).toString('utf8'), JSON.stringify(m), `step ${step}`);
    }
  });

  it('a marked pull report: the same bytes as JSON.stringify; other messages unchanged', () => {
    const items = [diag(4, 'x'), diag(5, 'y')];
    const response = { jsonrpc: '2.0', id: 7, result: markReport({ kind: 'full', resultId: '12', items }, 'file:///r/Dockerfile') };
    assert.strictEqual(encodeMessage(response).toString('utf8'), JSON.stringify(response));
    const unmarked = { jsonrpc: '2.0', id: 8, result: { kind: 'full', items } };
    assert.strictEqual(encodeMessage(unmarked).toString('utf8'), JSON.stringify(unmarked));
    const other = { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'é' } };
    assert.strictEqual(encodeMessage(other).toString('utf8'), JSON.stringify(other));
  });
});
