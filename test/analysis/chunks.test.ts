// Chunked parsing must see exactly what a whole-file dockerfile-ast parse sees.
import * as assert from 'assert';
import { DockerfileParser } from 'dockerfile-ast';
import { parseDockerfile } from '../../server/src/analysis/model';
import { splitIntoChunks, escapeDirective, linesAfterEdit } from '../../server/src/analysis/chunks';
import fc from 'fast-check';
import { syntaxFindings } from '../../server/src/analysis/syntax';
import { validate } from 'dockerfile-utils';

function stage(i: number, eol = '\n', esc = '\\'): string {
  return [
    `FROM debian:12 AS s${i}`,
    `ARG V${i}=1`,
    `RUN apt-get update && ${esc}`,
    `    # a comment inside a continuation`,
    `    apt-get install -y curl ${esc}`,
    ``,
    `    && rm -rf /var/lib/apt/lists/*`,
    `RUN <<EOF`,
    `FROM not-an-instruction`,
    `echo ${i}`,
    `EOF`,
    `COPY <<-CONF /etc/x.conf`,
    `\tFROM also-not-an-instruction`,
    `\tCONF`,
    `# a comment`,
    `run echo lower`,
    `ENV A=${i} B="two words"`,
    `LABEL x=y`,
    `CMD ["sh", "-c", "echo ${i}"]`,
  ].join(eol) + eol;
}

function compare(text: string): void {
  compareWith(text, parseDockerfile(text, { wholeFileParse: 'never' }));
  compareWith(text, parseDockerfile(text));
}

function compareWith(text: string, model: ReturnType<typeof parseDockerfile>): void {
  assert.ok(model.chunks.length > 1, 'test input should span several chunks');
  const whole = DockerfileParser.parse(text).getInstructions();
  assert.deepStrictEqual(
    model.instructions.map(i => [i.keyword, i.range, i.args]),
    whole.map(n => [n.getKeyword().toUpperCase(), n.getRange(), n.getArguments().map(a => a.getValue())]),
  );
  const full = validate(text).filter(d => d.code !== 10 && d.code !== 0 && d.code !== 1 && d.code !== 11 && d.code !== 37);
  const chunked = syntaxFindings(model);
  assert.deepStrictEqual(chunked.map(f => [f.range.start.line, f.message]).sort(), full.map(d => [d.range.start.line, d.message]).sort());
}

describe('chunked parsing', () => {
  it('splits only at instruction starts, never inside continuations or heredocs', () => {
    const text = Array.from({ length: 12 }, (_, i) => stage(i)).join('');
    const lines = text.split('\n');
    for (const c of splitIntoChunks(text, lines, '\\')) {
      if (c.startLine === 0) continue;
      assert.match(lines[c.startLine], /^(FROM|ARG|RUN|COPY|run|ENV|LABEL|CMD)\b/, `chunk starts at line ${c.startLine}: ${lines[c.startLine]}`);
    }
  });
  it('gives the same instructions and ranges as a whole-file parse (LF)', () => compare(Array.from({ length: 12 }, (_, i) => stage(i)).join('')));
  it('… with CRLF line endings', () => compare(Array.from({ length: 12 }, (_, i) => stage(i, '\r\n')).join('')));
  it('… with the backtick escape directive', () => {
    const text = '# escape=`\n' + Array.from({ length: 12 }, (_, i) => stage(i, '\n', '`')).join('');
    assert.strictEqual(escapeDirective(text.split('\n')), '`');
    compare(text);
  });
  it('a heredoc word that runs on over an escaped line break (`<<E\\` then `OF`) is read joined, as dockerfile-ast reads it', () => {
    // Each opener, then a body that would hold instructions if it were not one; then 11 plain stages.
    const openers = [
      'RUN cat <<E\\\nOF', 'RUN cat <\\\n<EOF', 'RUN cat <<\\\nEOF', 'RUN cat <<E\\\n# a comment\n\nOF',
      'RUN cat <<\\\n  EOF', 'RUN cat <<EOF \\\n  && true', 'COPY <<-E\\\nOF /x',
    ];
    for (const opener of openers) {
      const text = stage(0) + `${opener}\nFROM inside\nRUN inside\nEOF\n` + Array.from({ length: 11 }, (_, i) => stage(i + 1)).join('');
      compare(text);
      compare(text.replace(/\n/g, '\r\n'));
    }
    // After the fuzz input that found it: `<<` + the backtick escape in a CRLF file, so the next line's
    // first word names the heredoc (`SHELL`), which a later line `SHELL` closes.
    compare('# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN Write-Host one; <<`\r\nSHELL ["powershell", "-Command"]\r\nFROM inside\r\nSHELL\r\n' + Array.from({ length: 12 }, (_, i) => stage(i, '\r\n', '`')).join(''));
  });
  it('an edit re-uses the previous version\'s syntax results but reports the same findings', () => {
    const a = Array.from({ length: 12 }, (_, i) => stage(i)).join('') + 'EXPOSE notaport\n';
    const ma = parseDockerfile(a);
    const fa = syntaxFindings(ma);
    const b = a.replace('echo 3', 'echo three');
    const mb = parseDockerfile(b, { previous: ma });
    assert.deepStrictEqual(syntaxFindings(mb), syntaxFindings(parseDockerfile(b)));
    assert.ok(fa.length > 0);
  });
  it('reports syntax errors in later chunks at their real lines', () => {
    const text = Array.from({ length: 12 }, (_, i) => stage(i)).join('') + 'EXPOSE notaport\nHEALTHCHECK --interval=abc CMD true\n';
    compare(text);
    const model = parseDockerfile(text);
    const lines = syntaxFindings(model).map(f => f.range.start.line);
    assert.ok(lines.includes(model.lines.length - 3), 'EXPOSE error on its own line');
  });
  it('re-uses cached chunks: an edit in one stage leaves other instruction objects equal', () => {
    const a = Array.from({ length: 24 }, (_, i) => stage(i)).join('');
    const b = a.replace('"echo 23"', '"echo twenty-three"'); // the last line
    const ma = parseDockerfile(a), mb = parseDockerfile(b, { previous: ma });
    assert.ok(ma.chunks.length > 2);
    assert.strictEqual(ma.instructions[0].args, mb.instructions[0].args, 'first chunk reused');
    assert.notStrictEqual(ma.instructions[ma.instructions.length - 1].args, mb.instructions[mb.instructions.length - 1].args);
  });
});

describe('chunk cuts follow the content', () => {
  // 40 stages, none alike, without heredocs (an edit to a heredoc's end marker rightly changes every
  // line after it); each edit below must leave every chunk but the edited one's as it was (found in
  // the cache, shifted), wherever it is made.
  const text = Array.from({ length: 40 }, (_, i) => stage(i).replace(/RUN <<EOF[^]*?\nEOF\n/, `RUN echo ${i}\n`).replace(/COPY <<-CONF[^]*?\tCONF\n/, '')).join('');
  const lines = text.split('\n');
  const chunkTexts = (t: string) => parseDockerfile(t).chunks.map(c => c.text);
  const edits: Array<[string, (l: string[], at: number) => string[]]> = [
    ['a line inserted (Enter)', (l, at) => [...l.slice(0, at), '', ...l.slice(at)]],
    ['a line removed', (l, at) => [...l.slice(0, at), ...l.slice(at + 1)]],
    ['a word typed on a blank line (a new instruction)', (l, at) => { const c = [...l]; c[at] = c[at] === '' ? 'c' : c[at] + ' c'; return c; }],
    ['a character typed at the end of a line', (l, at) => { const c = [...l]; c[at] += 'x'; return c; }],
  ];
  for (const [what, edit] of edits) {
    it(`${what}: at most two chunks are new, wherever it is`, () => {
      const before = new Set(chunkTexts(text));
      let worst = 0;
      for (let at = 1; at < lines.length - 1; at += 7) {
        const after = chunkTexts(edit(lines, at).join('\n'));
        worst = Math.max(worst, after.filter(t => !before.has(t)).length);
      }
      // With cuts every 48 lines, a line added near the top moved every later cut (all ~16 chunks new).
      assert.ok(worst <= 2, `${what}: up to ${worst} new chunks after one edit`);
    });
  }
  it('chunks are of a few dozen lines', () => {
    const sizes = parseDockerfile(text + text.replace(/ AS s(\d+)/g, ' AS t$1')).chunks.map(c => c.lineCount).slice(1, -1);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    assert.ok(sizes.every(n => n >= 24 && n <= 256 + 13), `chunk sizes ${sizes}`);
    assert.ok(mean > 30 && mean < 90, `mean chunk size ${mean}`);
  });
});

describe('cold parse', () => {
  it('a first open parses the whole file once and shares it out; later edits re-parse one chunk', () => {
    const text = Array.from({ length: 20 }, (_, i) => stage(i)).join('');
    const cold = parseDockerfile(text);
    const whole = DockerfileParser.parse(text).getInstructions();
    assert.deepStrictEqual(cold.instructions.map(i => i.range), whole.map(n => n.getRange()));
    const edited = parseDockerfile(text.replace('echo 19', 'echo nineteen'), { previous: cold });
    assert.ok((edited.reuse?.parsed.size ?? 0) <= edited.chunks.length, 'a version keeps only its own chunks');
    assert.strictEqual(edited.instructions[3].args, cold.instructions[3].args, 'untouched chunks come from the cache');
  });
});

describe('model: COPY sources', () => {
  it('exec-form COPY keeps spaces inside its strings', () => {
    const m = parseDockerfile('FROM alpine\nCOPY ["my file.txt", "other one", "/dest dir/"]\n');
    assert.deepStrictEqual(m.stages[0].copies[0].sources, ['my file.txt', 'other one']);
    assert.strictEqual(m.stages[0].copies[0].dest, '/dest dir/');
  });
  it('lines after an edit, the unchanged ones taken from the previous version, are the lines of the new text', () => {
    // Pieces with every line break (a CR next to an edit may join or leave a CRLF), edited anywhere.
    const piece = fc.constantFrom('a', 'RUN x', '\n', '\r', '\r\n', ' ', '#', 'a long line of more than thirteen characters');
    const text = fc.array(piece, { maxLength: 40 }).map(p => p.join(''));
    const split = (t: string) => t.split(/\r\n|\r|\n/);
    fc.assert(fc.property(text, fc.nat(), fc.nat(3), fc.array(piece, { maxLength: 3 }), (before, at, cut, insert) => {
      const pos = before.length === 0 ? 0 : at % (before.length + 1);
      const after = before.slice(0, pos) + insert.join('') + before.slice(Math.min(before.length, pos + cut));
      const lines = split(before);
      assert.deepStrictEqual(linesAfterEdit({ text: before, lines, escapeChar: '\\', spans: [] }, after), split(after));
    }), { seed: 20240611, numRuns: 2000 });
  });
});
