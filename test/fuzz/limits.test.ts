// Pathological sizes: the analysis either finishes (fully) or steps aside with exactly one
// `file-too-large` notice. Mocha's timeout is the hang guard; no timing is asserted.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_INSTRUCTION_BYTES } from '../../server/src/analysis/limits';

const REALISTIC_STAGE = [
  'FROM node:20 AS build', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build', '',
  '# runtime', 'FROM nginx:1.27', 'COPY --from=build /app/dist /usr/share/nginx/html', 'EXPOSE 80', 'CMD ["nginx", "-g", "daemon off;"]', '',
].join('\n');

function onlyNotice(text: string, options = {}) {
  const { findings, model } = analyze(text, options);
  assert.strictEqual(findings.length, 1, findings.map(f => f.message).join('\n'));
  const [f] = findings;
  assert.strictEqual(f.ruleId, 'file-too-large');
  assert.strictEqual(f.severity, 'info');
  assert.ok(f.range.start.line < model.lines.length && f.range.end.character <= model.lines[f.range.end.line].length);
  assert.strictEqual(model.instructions.length, 0);
  return f;
}

describe('size limits and pathological input', function () {
  this.timeout(60000);

  it('a 10 MB file gets one notice naming its size and the setting', () => {
    const text = REALISTIC_STAGE.repeat(Math.ceil(10 * 1024 * 1024 / REALISTIC_STAGE.length));
    const f = onlyNotice(text, { limitSettingNames: { maxBytes: 'layerwise.maxFileSize' } });
    assert.match(f.message, /it is 10\.0 MB, above the 2\.0 MB it analyses \(setting `layerwise\.maxFileSize`\)/);
    assert.deepStrictEqual(f.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  it('counts UTF-8 bytes, not characters', () => {
    const text = 'FROM alpine\n# ' + 'é'.repeat(600 * 1024) + '\n';
    assert.ok(text.length < 1024 * 1024);
    onlyNotice(text, { maxBytes: 1024 * 1024 });
    assert.deepStrictEqual(analyze(text, { maxBytes: 2 * 1024 * 1024 }).findings.filter(f => f.ruleId === 'file-too-large'), []);
  });

  it('a file of more than 50,000 (short) lines gets one notice naming its line count', () => {
    const f = onlyNotice('FROM x\n' + 'RUN a\n'.repeat(300000));
    assert.match(f.message, /it has 300,002 lines, above the 50,000 it analyses/);
  });

  it('thousands of ENV, LABEL and cleanup RUNs in one stage are analysed fully (no rule rescans the stage per instruction)', () => {
    for (const [line, n] of [['ENV A=1\n', 20000], ['LABEL a=b\n', 20000], ['RUN a\n', 20000], ['RUN rm -rf /var/lib/apt/lists/*\n', 3000]] as const) {
      const { findings } = analyze('FROM x\nCOPY . .\n' + line.repeat(n));
      assert.ok(!findings.some(f => f.ruleId === 'file-too-large'));
    }
  });

  it('a 1 MB single line is skipped with a notice on its line', () => {
    const f = onlyNotice('FROM debian:12\nRUN echo ' + 'x '.repeat(512 * 1024) + '\nCMD ["sh"]\n');
    assert.strictEqual(f.range.start.line, 1);
    assert.deepStrictEqual(f.range.end, { line: 1, character: 3 });
    assert.match(f.message, /the `RUN` instruction on line 2 is 1\.0 MB, above the 128 KB it analyses in one instruction/);
  });

  it('a 100,000-line continuation is skipped with a notice naming its line count', () => {
    const text = 'FROM debian:12\nrun echo a \\\n' + Array.from({ length: 100000 }, (_, i) => `  && echo ${i} \\`).join('\n') + '\n  && true\n';
    const f = onlyNotice(text, { limitSettingNames: { maxInstructionBytes: 'layerwise.maxInstructionSize' } });
    assert.match(f.message, /`RUN` instruction on line 2 is 1\.\d MB over 100002 lines.*\(setting `layerwise\.maxInstructionSize`\)/);
  });

  it('a huge comment or heredoc-free blank run is cheap and still analysed', () => {
    const text = 'FROM alpine\n# ' + 'x'.repeat(512 * 1024) + '\n' + ' '.repeat(256 * 1024) + '\nCMD ["a"]\nCMD ["b"]\n';
    const { findings } = analyze(text, { syntaxChecks: false });
    assert.deepStrictEqual(findings.filter(f => f.ruleId === 'multiple-cmd').length, 1);
    assert.ok(!findings.some(f => f.ruleId === 'file-too-large'));
  });

  it('an instruction just under the limit is analysed; the limits are options', () => {
    const run = 'RUN echo ' + 'y'.repeat(DEFAULT_MAX_INSTRUCTION_BYTES - 20);
    const text = `FROM alpine\n${run}\nCMD ["a"]\nCMD ["b"]\n`;
    assert.deepStrictEqual(analyze(text, { syntaxChecks: false }).findings.filter(f => f.ruleId === 'multiple-cmd').length, 1);
    onlyNotice(text, { maxInstructionBytes: 1024 });
    onlyNotice(text, { maxBytes: 1024 });
  });

  it('"file-too-large": "off" hides the notice (the file is still skipped); a severity applies', () => {
    const text = 'FROM alpine\nRUN ' + 'z'.repeat(2048) + '\n';
    assert.deepStrictEqual(analyze(text, { maxBytes: 1024, rules: { 'file-too-large': 'off' } }).findings, []);
    assert.strictEqual(analyze(text, { maxBytes: 1024, rules: { 'file-too-large': 'warning' } }).findings[0].severity, 'warning');
  });

  it('a realistic 10,000-line file (~200 KB) is fully analysed', () => {
    const text = REALISTIC_STAGE.repeat(Math.ceil(10000 / 12));
    assert.ok(text.length < DEFAULT_MAX_BYTES);
    const { findings, model } = analyze(text);
    assert.ok(model.lines.length >= 10000);
    assert.strictEqual(model.stages.length, 2 * Math.ceil(10000 / 12));
    assert.ok(!findings.some(f => f.ruleId === 'file-too-large'));
    assert.ok(findings.some(f => f.ruleId === 'duplicate-stage-name'));
  });

  it('5,000 stages are fully analysed, with the multi-stage findings a small file gets', () => {
    const stages = Array.from({ length: 5000 }, (_, i) => `FROM debian:12 AS s${i}\n${i > 0 ? `COPY --from=s${i - 1} /a /b` : 'WORKDIR /a'}\nRUN echo ${i}\n`);
    const tail = 'FROM debian:12 AS s7\nCOPY --from=s4999 /a /b\nCOPY --from=nope /a /b\nCOPY --from=s5000 /x /y\nFROM alpine AS builder\nCOPY --from=builder /a /b\nFROM debian:12 AS s5000\nCOPY --from=s7 /c /d\n';
    const { findings, model } = analyze(stages.join('') + tail, { syntaxChecks: false });
    assert.strictEqual(model.stages.length, 5003);
    const by = (id: string) => findings.filter(f => f.ruleId === id).map(f => f.range.start.line + 1);
    assert.deepStrictEqual(by('duplicate-stage-name'), [15001]);
    assert.deepStrictEqual(by('copy-from-unknown-stage'), [15003, 15004]);
    assert.deepStrictEqual(by('copy-from-own-stage'), [15006]);
    // The final s5000 copies from the first s7 (a name means its first stage), which chains back to s0;
    // s8…s4999 and the second s7 are a chain nothing uses, reported at its leaf only when the leaf looks like a
    // producer (the second s7 reads as a --target stage, so silent); `builder` is an unused producer.
    assert.deepStrictEqual(by('unused-stage'), [15005]);
    const unknown = findings.find(f => f.ruleId === 'copy-from-unknown-stage' && f.message.includes('nope'))!;
    assert.match(unknown.message, /\(stages: `s0`, `s1`, .*`s11` and 4988 more\)/);
  });
});
