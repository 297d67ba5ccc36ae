// The scanner (server/src/analysis/scan.ts) is exact where it answers: for the whole text and
// for every chunk as parseChunk parses it, its instructions and comments deep-equal what the
// dockerfile-ast path (parseWithAst) builds.
import fc from 'fast-check';
import { isDeepStrictEqual } from 'util';
import { escapeDirective, splitIntoChunks } from '../../server/src/analysis/chunks';
import { chunkSource, parseWithAst } from '../../server/src/analysis/model';
import { scanDockerfile } from '../../server/src/analysis/scan';

/** How many texts (the whole file and each chunk) the scanner answered for. */
export interface ScanTally { texts: number; answered: number }

export function checkScanner(text: string, tally: ScanTally = { texts: 0, answered: 0 }): ScanTally {
  const lines = text.split(/\r\n|\r|\n/);
  const escapeChar = escapeDirective(lines);
  compare(text, lines, escapeChar, 'whole file', tally);
  for (const chunk of splitIntoChunks(text, lines, escapeChar)) {
    const src = chunkSource(chunk, escapeChar);
    compare(src.text, src.lines, escapeChar, `chunk at line ${chunk.startLine}`, tally);
  }
  return tally;
}

function compare(text: string, lines: string[], escapeChar: string, what: string, tally: ScanTally): void {
  tally.texts++;
  const scanned = scanDockerfile(text, lines, escapeChar);
  if (!scanned) return;
  tally.answered++;
  const ast = parseWithAst(text, lines, escapeChar);
  if (isDeepStrictEqual(scanned, ast)) return;
  throw new Error(`scanner differs from dockerfile-ast (${what}): ${firstDifference(scanned, ast)}\ntext: ${JSON.stringify(text).slice(0, 400)}`);
}

/** The first path where two values differ, for a readable failure. */
export function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (a instanceof Map && b instanceof Map) return `${path}: ${JSON.stringify([...a])} vs ${JSON.stringify([...b])}`;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const x = (a as Record<string, unknown>)[k], y = (b as Record<string, unknown>)[k];
      if (!(k in a) || !(k in b)) return `${path}.${k}: present ${k in a} vs ${k in b}`;
      if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${path}.${k}`);
    }
  }
  return `${path}: scanner ${JSON.stringify(a)} vs ast ${JSON.stringify(b)}`;
}

/**
 * Short files built from the pieces the scanner decides on (continuations, quotes, `#`, `$`, `=`,
 * flags, brackets, blanks, line breaks), so its edges are hit far more often than in whole files.
 */
export const scannerTokens: fc.Arbitrary<string> = (() => {
  const piece = fc.constantFrom(
    'ENV ', 'LABEL ', 'ARG ', 'RUN ', 'COPY ', 'FROM ', 'CMD ', 'HEALTHCHECK ', 'ONBUILD ', 'run ', 'EXPOSE ',
    'A', 'b', '=', '"', "'", ' ', '\t', '\\\n', '\\ \n', '\\\r\n', '\\', '`', '`\n', '#', '# c\n', '$', '${', '}', '{', ':', ',',
    '\n', '\r\n', '--', '--mount=type=cache,target=/x', '--from=a', '[', ']', '["a b"', ', "c"]', 'AS ', 'x y', 'é', '<<',
    '# escape=`\n', '\n  ', '\\(', '\\$', '\\"', '\\\\', 'CMD', 'NONE',
    '<<EOF', '<<-EOF', '<<"EOF"', "<<'A'", 'EOF', '\tEOF', '\nEOF\n', 'cat <<A >/x', '\nA', 'EOF\r\n', '\r\nA\r\n', '\r\n\tEOF',
    'ENV DEPS \\\n\t\tautoconf \\\n\t\tdpkg-dev dpkg \\\n\t\tfile\n', 'ENV A \\  \r\n  b c \\\r\n\td', ' \\\n\t', 'LABEL x ', '# && c \\\n', '#\\ \r\n', '# c`\n',
  );
  const heredoc = fc.tuple(
    fc.constantFrom('RUN <<EOF', 'RUN cat <<-EOF > /x', 'COPY <<"EOF" /x', "RUN --mount=type=cache,target=/x <<'A' sh", 'ADD <<EOF /y', 'RUN <<EOF\t', 'run <<A', 'RUN ["a"] <<EOF'),
    fc.array(fc.constantFrom('echo hi', '', '  EOF', '\tEOF', 'EOF', 'EOFX', '# c', 'A', '\tA', 'x y', ' ', 'FROM b', '<<B'), { maxLength: 6 }),
    fc.constantFrom('', '\n', '\nCMD x\n', '\n\nRUN y'),
    // CR LF files (Windows checkouts) and files with both kinds of line break.
    fc.constantFrom('\n', '\r\n', 'mixed'),
  ).map(([head, body, tail, eol]) => {
    const text = ['FROM a', head, ...body].join('\n') + tail;
    if (eol === '\n') return text;
    let n = 0;
    return text.replace(/\n/g, () => (eol === 'mixed' && n++ % 2 === 1 ? '\n' : '\r\n'));
  });
  return fc.oneof(fc.array(piece, { maxLength: 30 }).map(parts => parts.join('')), heredoc);
})();
