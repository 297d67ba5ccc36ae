// Inputs the fuzz tests found, kept as plain cases so they stay fixed whatever the seed.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { applyEdits } from '../support/ruleSpec';
import { checkAnalysis, checkChunks } from './properties';
import * as fs from 'fs';
import * as path from 'path';

const fixTitled = (text: string, ruleId: string, title: RegExp) => {
  const f = analyze(text).findings.find(x => x.ruleId === ruleId);
  assert.ok(f, `${ruleId} should fire on ${JSON.stringify(text)}`);
  const fix = f.fixes?.find(x => title.test(x.title));
  assert.ok(fix, `fix ${title} on ${ruleId}; have ${f.fixes?.map(x => x.title).join(' | ')}`);
  return applyEdits(text, fix.edits);
};

describe('fuzz regressions', function () {
  this.timeout(20000);

  it('an instruction whose first line is only an escape still has its heredoc tracked when chunking (long fuzz run)', () => {
    const file = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'fuzz', 'escape-only-line-before-heredoc.Dockerfile');
    checkChunks(fs.readFileSync(file, 'utf8'));
  });

  it('a line that looks like a comment after a keyword continued by an escape (`X\\`) is the keyword\'s arguments when chunking (fuzz seed 12345)', () => {
    const file = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'fuzz', 'comment-after-keyword-escape.Dockerfile');
    checkChunks(fs.readFileSync(file, 'utf8'));
  });

  it('a long invalid stage name does not hang the validator and is still reported', () => {
    // dockerfile-utils' /^[a-z]([a-z0-9_\-.]*)*$/ backtracks exponentially on this.
    const text = 'FROM node:20 AS org.opencontainers.image.base.name="local/busybox:1"\nRUN true\n';
    const syntax = analyze(text).findings.filter(f => f.ruleId === 'syntax');
    assert.deepStrictEqual(syntax.map(f => [f.message, f.range.start.character, f.range.end.character]), [
      ['invalid name for build stage: "org.opencontainers.image.base.name="local/busybox:1"", name can\'t start with a number or contain symbols', 16, 68],
    ]);
  });

  it('an indented instruction using a variable before FROM does not crash the syntax checks', () => {
    const errors: string[] = [];
    analyze('  RUN ["echo $HOME"]\n', { onRuleError: id => errors.push(id) });
    assert.deepStrictEqual(errors, []);
  });

  it('an instruction the validator fails on leaves the rest of its chunk checked (fuzz seed 7, grammar)', () => {
    // dockerfile-utils overflows its stack on the first line; the MAINTAINER warning below it was
    // lost with it, and came back when an edit moved a chunk cut between the two.
    const text = '  run ["echo $HOME"]\nFROM alpine\nLABEL org.opencontainers.image.base.name=alpine\n  maintainer someone\nCMD true\n';
    const syntax = analyze(text).findings.filter(f => f.ruleId === 'syntax');
    assert.deepStrictEqual(syntax.map(f => [f.range.start.line, f.message]), [[3, 'MAINTAINER has been deprecated']]);
    checkAnalysis(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'fuzz', 'validator-fails-on-first-line.Dockerfile'), 'utf8'));
  });

  it('adding a line after an instruction that ends in a dangling escape drops the escape', () => {
    const fixed = fixTitled('FROM alpine:3.20 \\\n\n# note\n', 'missing-base-image-label', /^Add LABEL org/);
    assert.strictEqual(fixed, 'FROM alpine:3.20 \nLABEL org.opencontainers.image.base.name="alpine:3.20"\n\n# note\n');
    checkAnalysis('FROM alpine:3.20 \\\n\n# note\n');
  });

  it('adding a line after an instruction whose dangling escape follows an escaped blank drops both', () => {
    // Left alone, the escaped blank before the dangling escape would continue the line into the new one (fuzz seed 12).
    const text = 'FROM node:20-bookworm-slim \\ \\\n\nRUN apt-get update\n';
    const fixed = fixTitled(text, 'missing-base-image-label', /^Add LABEL org/);
    assert.strictEqual(fixed, 'FROM node:20-bookworm-slim\nLABEL org.opencontainers.image.base.name="node:20-bookworm-slim"\n\nRUN apt-get update\n');
    checkAnalysis(text);
  });

  it('a stale base-image label gets no "Change the label" fix when the FROM is no image reference', () => {
    // Fuzz seed 99: writing a quote and a NUL from a broken FROM into the label broke the label too.
    const text = "# escape=`\nFROM '\u0000`\n    alpine\nLABEL org.opencontainers.image.base.name=1\n";
    const f = analyze(text).findings.find(x => x.ruleId === 'stale-base-image-label')!;
    assert.ok(f, 'the label is still reported');
    assert.deepStrictEqual(f.fixes!.filter(x => x.title.startsWith('Change the label')), []);
    checkAnalysis(text);
    const fine = analyze('FROM alpine:3.20\nLABEL org.opencontainers.image.base.name=1\n').findings.find(x => x.ruleId === 'stale-base-image-label')!;
    assert.deepStrictEqual(fine.fixes!.filter(x => x.title.startsWith('Change the label')).map(x => x.title), ['Change the label to alpine:3.20']);
  });

  it('deleting the last instruction of a file without a final line break stays inside the document', () => {
    const text = 'FROM alpine\nCMD ["a"]\nCMD ["b"]\nCMD ["c"]';
    const f = analyze(text).findings.find(x => x.ruleId === 'multiple-cmd')!;
    assert.ok(f.fixes![0].edits.every(e => e.range.end.line <= 3));
    checkAnalysis('FROM golang:1.22-alpine AS build\nCOPY . .\nLABEL');
  });

  it('a byte-order mark stays the first character when a fix inserts above line 1', () => {
    const text = '\ufeffFROM alpine:3.20\nRUN true\n';
    const suppressed = fixTitled(text, 'missing-base-image-label', /^Suppress .* for this instruction/);
    assert.strictEqual(suppressed, '\ufeff# layerwise ignore=missing-base-image-label\nFROM alpine:3.20\nRUN true\n');
    const labelled = fixTitled('\ufeffFROM alpine:3.20', 'missing-base-image-label', /^Add LABEL org/);
    assert.strictEqual(labelled, '\ufeffFROM alpine:3.20\nLABEL org.opencontainers.image.base.name="alpine:3.20"');
  });

  it('a file of only parser directives gets its file-wide suppression on a new last line', () => {
    const text = '# syntax=docker/dockerfile:1';
    const f = analyze(text).findings.find(x => x.ruleId === 'syntax')!;
    const fix = f.fixes!.find(x => x.title === 'Suppress syntax in this file')!;
    assert.strictEqual(applyEdits(text, fix.edits), '# syntax=docker/dockerfile:1\n# layerwise global ignore=syntax');
  });

  it('no label fix for a base reference the builder would reject, or a label value with escapes', () => {
    const bad = analyze('FROM "local/busybox:1\n').findings.find(x => x.ruleId === 'missing-base-image-label');
    assert.ok(!bad || bad.fixes!.every(x => x.title.startsWith('Suppress ')));
    const stale = analyze('FROM alpine\nLABEL org.opencontainers.image.base.name=a\\ \\\n    b\n').findings.find(x => x.ruleId === 'stale-base-image-label');
    assert.ok(!stale || stale.fixes!.every(x => x.title.startsWith('Suppress ')));
  });

  it('no builder/runtime split when the WORKDIR is not a plain path', () => {
    const text = 'FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app ["sh", "-c\nCOPY pom.xml .\nCOPY src ./src\nRUN mvn -B package -DskipTests\nCMD ["java", "-jar", "target/app.jar"]\n';
    checkAnalysis(text);
  });
});
