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
import { LspClient } from '../support/lspClient';
import { checkIncrementalBurst, concrete, fresh, notifications, referenceUpdate, startText } from '../fuzz/documentSyncProperty';

const SEED = 20261204;

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
    try {
      await fc.assert(fc.asyncProperty(startText, notifications, fc.nat(), (text, sent, hoverAt) => checkIncrementalBurst(lsp, text, sent, hoverAt)),
        { seed: SEED + 1, numRuns: 60 });
    } finally {
      await lsp.stop();
    }
  });
});
