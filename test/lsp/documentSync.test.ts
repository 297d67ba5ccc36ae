// The server's documents (server/src/incrementalDocument.ts) queue changes and apply them when
// read. Property: after any sequence of incremental and full changes (start texts from the fuzz
// generators, line endings mixed, surrogate pairs, ranges out of bounds or given end first), the
// text, lines and offset↔position conversions equal vscode-languageserver-textdocument's; and
// over a real stdio connection, a burst of such changes sent without waiting is published and
// hovered for exactly the text that library computes.
import * as assert from 'assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { IncrementalDocument } from '../../server/src/incrementalDocument';
import { analyze } from '../../server/src/analysis/analyze';
import { instructionAt } from '../../server/src/analysis/suppressions';
import { anyDockerfile } from '../fuzz/arbitraries';
import { seedTexts } from '../fuzz/corpus';
import { LspClient } from '../support/lspClient';

const SEED = 20261204;
const seeds = seedTexts();

/** A start text with its line breaks rewritten: LF, CRLF, CR or a mix. */
const startText = fc.tuple(anyDockerfile(seeds), fc.constantFrom('\n', '\r\n', '\r', 'mix')).map(([t, eol]) => {
  let i = 0;
  return eol === 'mix' ? t.replace(/\n/g, () => ['\n', '\r\n', '\r'][i++ % 3]) : t.replace(/\n/g, eol);
});

const insertedText = fc.array(fc.constantFrom('', 'a', ' ', 'RUN apt-get install curl', '\n', '\r', '\r\n', '\\\n', '😀', '\uD83D', '\uDE00', 'é',
  'FROM alpine AS b\n', '\t', 'CMD ["a"]\r\n', '# c'), { maxLength: 4 }).map(parts => parts.join(''));

/** Where an edit goes, as fractions of the document at that moment (so it lands near real lines), or raw. */
const place = fc.oneof(
  fc.record({ line: fc.integer({ min: 0, max: 1000 }), character: fc.integer({ min: 0, max: 1000 }), raw: fc.constant(false) }),
  fc.record({ line: fc.integer({ min: -3, max: 3 }), character: fc.integer({ min: -3, max: 3 }), raw: fc.constant(true) }),
);

type Place = { line: number; character: number; raw: boolean };
type Step = { full: false; a: Place; b: Place; text: string } | { full: true; text: string };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ full: fc.constant(false as const), a: place, b: place, text: insertedText }) },
  { weight: 1, arbitrary: fc.record({ full: fc.constant(true as const), text: startText }) },
);
/** Notifications of 1–3 changes; `read` says the server reads the text after it. */
const notifications = fc.array(fc.record({ steps: fc.array(step, { minLength: 1, maxLength: 3 }), read: fc.boolean() }), { minLength: 1, maxLength: 30 });

/** A concrete change for the document as it is now (the reference's text tells its shape). */
function concrete(s: Step, reference: TextDocument): TextDocumentContentChangeEvent {
  if (s.full) return { text: s.text };
  const ref = fresh(reference);
  const pos = (p: Place) => {
    if (p.raw) return { line: p.line < 0 ? p.line : ref.lineCount - 1 + p.line, character: p.character < 0 ? p.character : 200 + p.character };
    const line = Math.floor((p.line / 1000) * (ref.lineCount + 1));
    const length = line < ref.lineCount ? ref.getLineRange(line).end.character : 0;
    return { line, character: Math.floor((p.character / 1000) * (length + 2)) };
  };
  return { range: { start: pos(s.a), end: pos(s.b) }, text: s.text };
}

/**
 * The reference: the library applies each change to a document it builds from the text before
 * it. (Its own incremental line table goes wrong after an edit on lines past the end: `update`
 * shifts it by the unclamped line numbers, and later positions then land elsewhere — see the
 * last in-process test. The text a client holds follows the clamped edit.)
 */
function fresh(doc: TextDocument): TextDocument {
  return TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
}

function referenceUpdate(doc: TextDocument, change: TextDocumentContentChangeEvent, version: number): TextDocument {
  const next = fresh(doc);
  TextDocument.update(next, [change], version);
  return next;
}

function assertSame(ours: IncrementalDocument, library: TextDocument): void {
  assert.strictEqual(ours.getText(), library.getText());
  assert.strictEqual(ours.version, library.version);
  const ref = fresh(library);
  assert.strictEqual(ours.lineCount, ref.lineCount);
  const length = ref.getText().length;
  for (const offset of [-1, 0, 1, length >> 1, length - 1, length, length + 5, (length * 7) >> 3]) {
    assert.deepStrictEqual(ours.positionAt(offset), ref.positionAt(offset), `positionAt(${offset})`);
  }
  for (const line of [-1, 0, 1, ref.lineCount >> 1, ref.lineCount - 1, ref.lineCount, ref.lineCount + 2]) {
    for (const character of [-1, 0, 1, 3, 9, 500]) {
      assert.strictEqual(ours.offsetAt({ line, character }), ref.offsetAt({ line, character }), `offsetAt(${line}:${character})`);
    }
    assert.deepStrictEqual(ours.getLineRange(line), ref.getLineRange(line), `getLineRange(${line})`);
    assert.strictEqual(ours.getEOLCharacters(line), ref.getEOLCharacters(line), `getEOLCharacters(${line})`);
  }
  const range = { start: { line: 1, character: 2 }, end: { line: ref.lineCount >> 1, character: 4 } };
  assert.strictEqual(ours.getText(range), ref.getText(range));
}

describe('LSP: the server\'s documents equal vscode-languageserver-textdocument after any changes', function () {
  this.timeout(120000);

  it('in process: random incremental and full changes, read at random points', () => {
    fc.assert(fc.property(startText, notifications, (text, sent) => {
      const ours = IncrementalDocument.create('file:///d/Dockerfile', 'dockerfile', 1, text);
      let ref = TextDocument.create('file:///d/Dockerfile', 'dockerfile', 1, text);
      let version = 1;
      for (const n of sent) {
        version++;
        // Each change is made concrete against the text the ones before it in the notification produced.
        const changes: TextDocumentContentChangeEvent[] = [];
        for (const s of n.steps) {
          const c = concrete(s, ref);
          changes.push(c);
          ref = referenceUpdate(ref, c, version);
        }
        IncrementalDocument.update(ours, changes, version);
        if (n.read) assertSame(ours, ref);
      }
      assertSame(ours, ref);
      assert.strictEqual(ours.queuedChanges, 0);
    }), { seed: SEED, numRuns: 600 });
  });

  it('queues range changes until the text is read; a whole-text change replaces the text and drops the queue', () => {
    const ours = IncrementalDocument.create('file:///d/Dockerfile', 'dockerfile', 1, 'FROM alpine\r\nRUN true\r\n');
    for (let v = 2; v < 102; v++) IncrementalDocument.update(ours, [{ range: { start: { line: 1, character: 8 }, end: { line: 1, character: 8 } }, text: ' ' }], v);
    assert.strictEqual(ours.queuedChanges, 100);
    assert.strictEqual(ours.version, 101);
    assert.strictEqual(ours.getText(), 'FROM alpine\r\nRUN true' + ' '.repeat(100) + '\r\n');
    assert.strictEqual(ours.queuedChanges, 0);
    IncrementalDocument.update(ours, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# x\n' }, { text: 'FROM scratch\n' }], 102);
    assert.strictEqual(ours.queuedChanges, 0);
    assert.strictEqual(ours.getText(), 'FROM scratch\n');
    assert.deepStrictEqual(ours.positionAt(13), { line: 1, character: 0 });
  });

  it('rejects a malformed change as the library does, and keeps the version', () => {
    const ours = IncrementalDocument.create('file:///d/Dockerfile', 'dockerfile', 1, 'FROM alpine\n');
    for (const bad of [{ text: 1 }, { range: null, text: 'x' }, { rangeLength: 3, text: 'x' }, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, rangeLength: 'x', text: 'x' }]) {
      assert.throws(() => IncrementalDocument.update(ours, [bad as unknown as TextDocumentContentChangeEvent], 9), /Unknown change event/);
    }
    assert.strictEqual(ours.version, 1);
    assert.strictEqual(ours.getText(), 'FROM alpine\n');
  });

  it('an edit on lines past the end is clamped to the end, and the lines after it stay right', () => {
    const first = { range: { start: { line: 3, character: 0 }, end: { line: 5, character: 0 } }, text: '\r\n\n' };
    const ours = IncrementalDocument.create('file:///d/Dockerfile', 'dockerfile', 1, 'FROM x\nRUN y\n');
    IncrementalDocument.update(ours, [first], 2);
    IncrementalDocument.update(ours, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'USER z' }], 3);
    assert.strictEqual(ours.getText(), 'FROM x\nRUN y\n\r\nUSER z\n');
    assert.strictEqual(ours.lineCount, 5);
    // The library gets the first edit's text right but then counts one line too many.
    const library = TextDocument.create('file:///d/Dockerfile', 'dockerfile', 1, 'FROM x\nRUN y\n');
    TextDocument.update(library, [first], 2);
    assert.strictEqual(library.getText(), 'FROM x\nRUN y\n\r\n\n');
    assert.strictEqual(library.lineCount, 6);
  });

  it('over stdio: bursts of incremental changes sent without waiting are published and hovered for the final text', async () => {
    const lsp = await LspClient.start();
    let docs = 0;
    try {
      await fc.assert(fc.asyncProperty(startText, notifications, fc.nat(), async (text, sent, hoverAt) => {
        const uri = `file:///nowhere/sync/${docs++}/Dockerfile`;
        let ref = TextDocument.create(uri, 'dockerfile', 1, text);
        const before = lsp.published.length;
        await lsp.open(uri, text, 1);
        const writes: Array<Promise<void>> = [];
        let version = 1;
        for (const n of sent) {
          version++;
          const changes = n.steps.map(s => { const c = concrete(s, ref); ref = referenceUpdate(ref, c, version); return c; });
          writes.push(lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes }));
        }
        const final = ref.getText();
        const line = hoverAt % fresh(ref).lineCount;
        const hover = lsp.hover(uri, line, 0);
        await Promise.all(writes);
        const answer = await hover;
        const published = await lsp.diagnostics(uri, p => p.version === version, before);
        const scratch = analyze(final, { suppressionFixes: false });
        assert.deepStrictEqual(published.diagnostics.map(d => `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`),
          scratch.findings.map(f => `${f.range.start.line}:${f.range.start.character}:${f.ruleId}:${f.message}`));
        const expected = instructionAt(scratch.model, line) ? scratch.findings.filter(f => f.ruleId !== 'syntax' && f.range.start.line <= line && f.range.end.line >= line) : [];
        const shown = answer ? (answer.contents as { value: string }).value : '';
        assert.ok(expected.every(f => shown.includes(f.message)), `hover on line ${line} shows the final text's findings: ${shown.slice(0, 300)}`);
        await lsp.close(uri);
      }), { seed: SEED + 1, numRuns: 25 });
    } finally {
      await lsp.stop();
    }
  });
});
