// The gate for syntaxFast.ts: wherever it answers, it answers what validate() does.
import * as assert from 'assert';
import fc from 'fast-check';
import { anyDockerfile, grammarDockerfile, mutatedDockerfile } from '../fuzz/arbitraries';
import { seedTexts } from '../fuzz/corpus';
import { checkSyntaxFast } from '../fuzz/syntaxFastProperty';
import { checkIncremental } from '../fuzz/properties';
import { parseDockerfile } from '../../server/src/analysis/model';
import { syntaxFindings } from '../../server/src/analysis/syntax';

const SEED = 20261205;

describe('fast syntax checks equal validate()', function () {
  this.timeout(120000);
  const seeds = seedTexts();

  it('on every example and fixture Dockerfile, and answers for most of their chunks', () => {
    const count = { chunks: 0, fast: 0 };
    for (const text of seeds) checkSyntaxFast(text, count);
    assert.ok(count.fast * 2 > count.chunks, `fast path took ${count.fast} of ${count.chunks} chunks`);
  });

  it('on grammar-built, mutated and long multi-chunk files', () => {
    fc.assert(fc.property(grammarDockerfile, text => { checkSyntaxFast(text); }), { seed: SEED, numRuns: 300 });
    fc.assert(fc.property(mutatedDockerfile(seeds), text => { checkSyntaxFast(text); }), { seed: SEED + 1, numRuns: 400 });
    const long = fc.array(anyDockerfile(seeds), { minLength: 4, maxLength: 9 }).map(parts => parts.join('\n'));
    fc.assert(fc.property(long, text => { checkSyntaxFast(text); }), { seed: SEED + 2, numRuns: 60 });
  });

  it('does not call a FROM variable blank in a later chunk when a global ARG declares it (bug fix)', () => {
    const lines = ['ARG BASE=alpine', 'FROM ${BASE} AS a'];
    for (let i = 0; i < 60; i++) lines.push(`RUN echo ${i}`);
    lines.push('FROM ${BASE} AS b', 'FROM $NOPE');
    const text = lines.join('\n');
    const model = parseDockerfile(text);
    assert.ok(model.chunks.length > 1);
    checkSyntaxFast(text);
    assert.deepStrictEqual(syntaxFindings(model).map(f => [f.message, f.range.start.line]), [['base name ($NOPE) should not be blank', 63]]);
  });

  it('re-checks a later chunk when the global ARGs change (its findings depend on them)', () => {
    const body: string[] = ['FROM alpine AS a'];
    for (let i = 0; i < 60; i++) body.push(`RUN echo ${i}`);
    body.push('FROM ${BASE} AS b', 'RUN true');
    // The same lines, so the later chunk's text (its cache key) stays the same.
    const without = ['ARG OTHER=alpine', ...body].join('\n');
    const withArg = ['ARG BASE=alpine', ...body].join('\n');
    checkIncremental([without, withArg, without]);
    const names = (text: string) => syntaxFindings(parseDockerfile(text)).map(f => f.message);
    assert.deepStrictEqual([names(without), names(withArg)], [['base name (${BASE}) should not be blank'], []]);
  });

  it('answers for COPY and ADD heredocs with a destination, LF or CR LF, and leaves the rest to the validator', () => {
    for (const eol of ['\n', '\r\n']) {
      const answered = ['FROM a', 'COPY <<EOF /etc/x.conf', 'listen 80', '', 'EOF', 'ADD --chmod=644 <<-CONF /etc/y/', '\tkey value', '\tCONF', 'COPY <<EOF', 'EOF', 'RUN true', ''].join(eol);
      const count = checkSyntaxFast(answered);
      assert.deepStrictEqual(count, { chunks: 1, fast: 1 }, JSON.stringify(answered));
      // No destination on the heredoc's line: the validator reports it.
      const missing = ['FROM a', 'COPY <<EOF', 'listen 80', 'EOF', ''].join(eol);
      assert.deepStrictEqual(checkSyntaxFast(missing), { chunks: 1, fast: 0 });
      assert.deepStrictEqual(syntaxFindings(parseDockerfile(missing)).map(f => f.message), ['COPY requires at least two arguments']);
    }
  });

  it('leaves a continued RUN whose first word dockerfile-ast reads inside a comment to the validator (it throws there; found by fuzzing)', () => {
    const text = '\u0000WORKDIR /app\n\nRUN \\\n  # \\inside a continuation\n    []\n\nFROM alpine\nENV A=1\n\u0000ENV A';
    assert.deepStrictEqual(checkSyntaxFast(text), { chunks: 1, fast: 0 });
  });

  it('reports what the validator reports for the shapes it answers', () => {
    const text = [
      'FROM node:20 AS 1build', 'MAINTAINER me', 'ENV A=1 B="two"', 'LABEL x=y', 'ARG V',
      'COPY --chown=1:1 a b /dst/', 'EXPOSE 80/tcp 443', 'HEALTHCHECK --interval=30s CMD true', 'STOPSIGNAL SIGTERM',
      'SHELL ["/bin/sh", "-c"]', 'WORKDIR /app', 'USER node', 'VOLUME /data', 'CMD ["node"]', '',
    ].join('\n');
    checkSyntaxFast(text);
    const messages = syntaxFindings(parseDockerfile(text)).map(f => f.message);
    assert.deepStrictEqual(messages, ['MAINTAINER has been deprecated', 'invalid name for build stage: "1build", name can\'t start with a number or contain symbols']);
  });
});
