// The library's hover is given only the text it reads (features/libraryText.ts): its answers must be
// the ones it gives with the whole document, at every kind of position, on the real files and on
// generated and mutated ones (directives, continuations, heredocs, CR/CRLF, broken instructions).
import * as assert from 'assert';
import fc from 'fast-check';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { parseDockerfile } from '../../server/src/analysis/model';
import { linesForCompletion, textForHighlights, textForHover, textForLinks } from '../../server/src/features/libraryText';
import { textThroughInstruction } from '../../server/src/features/completion';
import { anyDockerfile, grammarDockerfile, mutatedDockerfile } from '../fuzz/arbitraries';
import { seedTexts } from '../fuzz/corpus';

const library = DockerfileLanguageServiceFactory.createLanguageService();
library.setCapabilities({ hover: { contentFormat: ['markdown'] } });

/** Column 0, every word's first and second character, and the line's end. */
function columnsOf(line: string): number[] {
  const cols = new Set([0, line.length]);
  for (const m of line.matchAll(/[^\s=:,]+/g)) { cols.add(m.index!); cols.add(m.index! + 1); }
  return [...cols];
}

/** Generated, mutated and multi-part files (directives, continuations, heredocs, CR/CRLF, broken instructions). */
const anyText = (seeds: string[]) => fc.oneof(grammarDockerfile, mutatedDockerfile(seeds), fc.array(anyDockerfile(seeds), { minLength: 2, maxLength: 5 }).map(p => p.join('\n')));
/** Up to 12 positions, as pairs of numbers to fold into a text's lines. */
const somePicks = fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 });
function positionsIn(text: string, picks: Array<[number, number]>): Array<{ line: number; character: number }> {
  const lines = text.split(/\r\n|\r|\n/);
  return picks.map(([l, c]) => { const line = l % lines.length; return { line, character: c % (lines[line].length + 1) }; });
}

/** The library's answer, or that it threw (it overflows its stack on some broken files; the server catches that). */
function answerOf(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return { threw: error instanceof Error ? error.name : String(error) };
  }
}

/** The hover, and the signature help, which reads the same text (the instruction at the position). */
function hoverOf(text: string, position: { line: number; character: number }): unknown {
  return answerOf(() => library.computeHover(text, position));
}
function signaturesOf(text: string, position: { line: number; character: number }): unknown {
  return answerOf(() => library.computeSignatureHelp(text, position));
}

function sameHovers(text: string, positions: Array<{ line: number; character: number }>): void {
  const model = parseDockerfile(text);
  for (const position of positions) {
    const trimmed = textForHover(text, model, position);
    const where = `at ${position.line}:${position.character} of ${JSON.stringify(text.slice(0, 300))}`;
    assert.deepStrictEqual(hoverOf(trimmed, position), hoverOf(text, position), `hover ${where}`);
    assert.deepStrictEqual(signaturesOf(trimmed, position), signaturesOf(text, position), `signature help ${where}`);
  }
}

describe('features: the text the library hovers over (and gives signature help in)', function () {
  this.timeout(120000);
  const seeds = seedTexts();

  it('gives the same hover as the whole document at every word of the examples and fixtures', () => {
    let hovers = 0;
    for (const text of seeds) {
      const lines = text.split(/\r\n|\r|\n/);
      const positions = lines.slice(0, 400).flatMap((l, line) => columnsOf(l).map(character => ({ line, character })));
      sameHovers(text, positions);
      hovers += positions.filter(p => { const h = hoverOf(text, p); return h !== null && !(h as { threw?: string }).threw; }).length;
    }
    // Not a vacuous pass: most of those positions have an answer to compare.
    assert.ok(hovers > 200, `${hovers} positions with a hover`);
  });

  it('gives the same hover on generated and mutated files at random positions', () => {
    const any = anyText(seeds);
    fc.assert(fc.property(any, somePicks, (text, picks) => { sameHovers(text, positionsIn(text, picks)); }), { seed: 20241205, numRuns: 600 });
  });
});

describe('features: the text the library completes in', function () {
  this.timeout(120000);
  const seeds = seedTexts();
  // The library's FROM tag completion asks Docker Hub; production never sends it that position, and
  // the test machine has no network: no tags, at once.
  before(() => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { DockerRegistryClient } = require('dockerfile-language-service/lib/dockerRegistryClient');
    DockerRegistryClient.prototype.getTags = () => Promise.resolve([]);
  });

  async function completionOf(text: string, position: { line: number; character: number }): Promise<unknown> {
    try {
      return await library.computeCompletionItems(text, position);
    } catch (error) {
      return { threw: error instanceof Error ? error.name : String(error) };
    }
  }

  async function sameCompletions(text: string, positions: Array<{ line: number; character: number }>): Promise<number> {
    const model = parseDockerfile(text);
    const lines = text.split(/\r?\n/);
    let slimmed = 0;
    for (const position of positions) {
      const whole = textThroughInstruction(lines, position.line);
      const end = whole.split('\n').length - 1;
      const slim = linesForCompletion(lines, model, position.line, end);
      if (!slim) continue;
      slimmed++;
      assert.deepStrictEqual(await completionOf(slim.join('\n'), position), await completionOf(whole, position),
        `completion at ${position.line}:${position.character} of ${JSON.stringify(text.slice(0, 300))}`);
    }
    return slimmed;
  }

  it('offers what it offers with the text through the instruction, at every word of the examples and fixtures', async () => {
    let slimmed = 0;
    for (const text of seeds) {
      const lines = text.split(/\r\n|\r|\n/);
      slimmed += await sameCompletions(text, lines.slice(0, 300).flatMap((l, line) => columnsOf(l).map(character => ({ line, character }))));
    }
    // Not a vacuous pass: most positions are in a second or later stage, where the text is slimmed.
    assert.ok(slimmed > 400, `${slimmed} positions slimmed`);
  });

  it('offers the same on generated and mutated files at random positions', async () => {
    const any = anyText(seeds);
    await fc.assert(fc.asyncProperty(any, somePicks, async (text, picks) => { await sameCompletions(text, positionsIn(text, picks)); }), { seed: 20241206, numRuns: 600 });
  });
});

describe('features: the text the library finds document links in', function () {
  this.timeout(120000);
  const seeds = seedTexts();
  const linksOf = (text: string): unknown => {
    try {
      return library.computeLinks(text);
    } catch (error) {
      return { threw: error instanceof Error ? error.name : String(error) };
    }
  };
  const sameLinks = (text: string) => assert.deepStrictEqual(linksOf(textForLinks(text, parseDockerfile(text))), linksOf(text), JSON.stringify(text.slice(0, 300)));

  it('finds the same links as in the whole document, in the examples and fixtures', () => {
    let links = 0;
    for (const text of seeds) {
      sameLinks(text);
      const found = linksOf(text);
      if (Array.isArray(found)) links += found.length;
    }
    assert.ok(links > 30, `${links} links compared`);
  });

  it('finds the same links in generated and mutated files', () => {
    const any = anyText(seeds);
    fc.assert(fc.property(any, text => { sameLinks(text); }), { seed: 20241207, numRuns: 800 });
  });
});

describe('features: the text the library highlights in', function () {
  this.timeout(120000);
  const seeds = seedTexts();
  // What the editor gets from the highlights and the requests that read the same (rename is the
  // highlights as edits): the server answers []/null when the library throws (it does on some broken
  // instructions anywhere in the text, which the trimmed text may not hold).
  const highlightsOf = (text: string, position: { line: number; character: number }): unknown => {
    const or = <T>(run: () => T, fallback: T): T => { try { return run(); } catch { return fallback; } };
    return {
      highlights: or(() => library.computeHighlightRanges(text, position), []),
      prepareRename: or(() => library.prepareRename(text, position), null),
      definition: or(() => library.computeDefinition({ uri: 'file:///x/Dockerfile' }, text, position), null),
      rename: or(() => library.computeRename({ uri: 'file:///x/Dockerfile' }, text, position, 'renamed'), []),
    };
  };
  function sameHighlights(text: string, positions: Array<{ line: number; character: number }>): number {
    const model = parseDockerfile(text);
    let found = 0;
    for (const position of positions) {
      const whole = highlightsOf(text, position) as { highlights: unknown[] };
      if (whole.highlights.length) found++;
      assert.deepStrictEqual(highlightsOf(textForHighlights(text, model, position), position), whole,
        `highlights at ${position.line}:${position.character} of ${JSON.stringify(text.slice(0, 300))}`);
    }
    return found;
  }

  it('highlights what it highlights in the whole document, at every word of the examples and fixtures', () => {
    let found = 0;
    for (const text of seeds) {
      const lines = text.split(/\r\n|\r|\n/);
      found += sameHighlights(text, lines.slice(0, 300).flatMap((l, line) => columnsOf(l).map(character => ({ line, character }))));
    }
    assert.ok(found > 80, `${found} positions with highlights`);
  });

  it('highlights the same on generated and mutated files at random positions', () => {
    const any = anyText(seeds);
    fc.assert(fc.property(any, somePicks, (text, picks) => { sameHighlights(text, positionsIn(text, picks)); }), { seed: 20241208, numRuns: 600 });
  });
});
