// Random document changes for the server's documents (server/src/incrementalDocument.ts): start
// texts from the fuzz generators with mixed line endings, range edits near real lines or out of
// bounds (given end first too), surrogate pairs, CR/LF pieces, whole-text changes, grouped into
// notifications. The reference is vscode-languageserver-textdocument. Used by
// test/lsp/documentSync.test.ts and `npm run fuzz` (longRun.ts).
import * as assert from 'assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/analysis/analyze';
import { instructionAt } from '../../server/src/analysis/suppressions';
import { anyDockerfile } from './arbitraries';
import { seedTexts } from './corpus';
import { LspClient } from '../support/lspClient';

/** A start text with its line breaks rewritten: LF, CRLF, CR or a mix. */
export const startText = fc.tuple(anyDockerfile(seedTexts()), fc.constantFrom('\n', '\r\n', '\r', 'mix')).map(([t, eol]) => {
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
export type Step = { full: false; a: Place; b: Place; text: string } | { full: true; text: string };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ full: fc.constant(false as const), a: place, b: place, text: insertedText }) },
  { weight: 1, arbitrary: fc.record({ full: fc.constant(true as const), text: startText }) },
);
/** Notifications of 1–3 changes; `read` says the server reads the text after it. */
export const notifications = fc.array(fc.record({ steps: fc.array(step, { minLength: 1, maxLength: 3 }), read: fc.boolean() }), { minLength: 1, maxLength: 30 });

/** A concrete change for the document as it is now (the reference's text tells its shape). */
export function concrete(s: Step, reference: TextDocument): TextDocumentContentChangeEvent {
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
export function fresh(doc: TextDocument): TextDocument {
  return TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
}

export function referenceUpdate(doc: TextDocument, change: TextDocumentContentChangeEvent, version: number): TextDocument {
  const next = fresh(doc);
  TextDocument.update(next, [change], version);
  return next;
}

let docs = 0;

/**
 * Opens `text`, sends every notification without waiting, then a hover: the diagnostics published
 * for the last version and the hover equal a from-scratch analysis of the reference's final text.
 */
export async function checkIncrementalBurst(lsp: LspClient, text: string, sent: Array<{ steps: Step[] }>, hoverAt: number): Promise<void> {
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
}

/** `runs` bursts over one server; resolves with a failure message or undefined. */
export async function runIncrementalBurstProperty(runs: number, seed: number): Promise<string | undefined> {
  const lsp = await LspClient.start();
  try {
    const details = await fc.check(fc.asyncProperty(startText, notifications, fc.nat(), (text, sent, hoverAt) => checkIncrementalBurst(lsp, text, sent, hoverAt)), { seed, numRuns: runs });
    if (!details.failed) return undefined;
    return `seed ${seed}, path "${details.counterexamplePath}": ${String(details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance).slice(0, 800)}`;
  } finally {
    await lsp.stop();
  }
}
