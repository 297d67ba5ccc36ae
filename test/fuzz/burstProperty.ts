// The edit-burst property over a real stdio connection (`npm run fuzz`): after any burst of
// edits sent without waiting, the diagnostics published for the final version and a hover sent
// right after the burst equal a from-scratch analysis of the final text.
import fc from 'fast-check';
import { analyze } from '../../server/src/analysis/analyze';
import { instructionAt } from '../../server/src/analysis/suppressions';
import { LspClient } from '../support/lspClient';

let docs = 0;

export async function checkBurst(lsp: LspClient, versions: string[], hoverLine: number): Promise<void> {
  const uri = `file:///fuzz/burst/${docs++}/Dockerfile`;
  const before = lsp.published.length;
  await lsp.open(uri, versions[0], 1);
  const sends = versions.slice(1).map((text, i) => lsp.change(uri, i + 2, text));
  const finalText = versions[versions.length - 1];
  const lastVersion = versions.length;
  const line = Math.min(hoverLine, Math.max(0, finalText.split(/\r\n|\r|\n/).length - 1));
  const hover = lsp.hover(uri, line, 0);
  await Promise.all(sends);
  const answer = await hover;
  const published = await lsp.diagnostics(uri, p => p.version === lastVersion, before);
  const fresh = analyze(finalText, { suppressionFixes: false });
  const want = fresh.findings.map(f => `${f.range.start.line}:${f.range.start.character}:${f.ruleId}:${f.message}`);
  const got = published.diagnostics.map(d => `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`);
  if (JSON.stringify(want) !== JSON.stringify(got)) throw new Error(`published diagnostics differ from a fresh analysis:\n  got  ${JSON.stringify(got).slice(0, 600)}\n  want ${JSON.stringify(want).slice(0, 600)}`);
  // The hover names the rule findings on that line of the final text, and is the very answer a hover
  // sent once the server has settled on the final version gives (it may add keyword or image docs).
  const expected = instructionAt(fresh.model, line) ? fresh.findings.filter(f => f.ruleId !== 'syntax' && f.range.start.line <= line && f.range.end.line >= line) : [];
  const hoverText = (h: typeof answer) => (h ? (h.contents as { value: string }).value : null);
  const text = hoverText(answer);
  const settled = hoverText(await lsp.hover(uri, line, 0));
  if (text !== settled || !expected.every(f => (text ?? '').includes(f.message))) {
    throw new Error(`hover on line ${line} answered ${JSON.stringify(text).slice(0, 300)}, expected the findings ${JSON.stringify(expected.map(f => f.message)).slice(0, 300)} and the settled answer ${JSON.stringify(settled).slice(0, 300)}`);
  }
  await lsp.close(uri);
}

/** `runs` bursts (versions from the fuzz generators); resolves with a failure message or undefined. */
export async function runBurstProperty(versions: fc.Arbitrary<string[]>, runs: number, seed: number): Promise<string | undefined> {
  const lsp = await LspClient.start();
  try {
    const details = await fc.check(fc.asyncProperty(versions, fc.nat(), (v, line) => checkBurst(lsp, v, line % 60)), { seed, numRuns: runs });
    if (!details.failed) return undefined;
    return `seed ${seed}, path "${details.counterexamplePath}": ${String(details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance).slice(0, 800)}`;
  } finally {
    await lsp.stop();
  }
}
