// Each rule family reports on the examples/ Dockerfiles with its rule id, its doc link and the
// range of the instruction at fault; the clean example reports nothing.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateLayerwise, closeAllEditors, codeOf, examplePath, hasCode, lineOf, openDockerfile, settledDiagnostics, waitForDiagnostics } from './helpers';

interface Expected { example: string; code: string; line: RegExp }

/** Example → a finding it must show, on the instruction line matched by `line`. */
const EXPECTED: Expected[] = [
  { example: 'node-app', code: 'copy-before-install', line: /^COPY \. \./ },
  { example: 'nginx-static', code: 'missing-base-image-label', line: /^FROM nginx/ },
  { example: 'nginx-static', code: 'cmd-exits-immediately', line: /^CMD nginx/ },
  { example: 'python-server-in-run', code: 'server-in-run', line: /^RUN python app\.py/ },
  { example: 'maven-single-stage', code: 'single-stage-build', line: /^FROM maven/ },
];

describe('diagnostics on the examples', () => {
  before(activateLayerwise);
  after(closeAllEditors);

  for (const { example, code, line } of EXPECTED) {
    it(`${example}: ${code} on the instruction at fault`, async () => {
      const editor = await openDockerfile(examplePath(example));
      const doc = editor.document;
      const diags = await waitForDiagnostics(doc.uri, hasCode(code), code);
      const found = diags.filter(d => codeOf(d) === code);
      const expectedLine = lineOf(doc, line, code);
      const d = found.find(x => x.range.start.line === expectedLine);
      assert.ok(d, `${code} should be on line ${expectedLine + 1} (${doc.lineAt(expectedLine).text}); it is on ${found.map(x => x.range.start.line + 1).join(', ')}`);
      assert.strictEqual(d.range.end.line, expectedLine, 'the range should stay on the one-line instruction');
      assert.ok(!d.range.isEmpty, 'the range should cover text, not a point');
      assert.ok(d.message.length > 20, `the message should explain the finding: "${d.message}"`);
      assert.ok(typeof d.code === 'object' && d.code.target.toString().includes(code), 'the code should link to the rule documentation');
    });
  }

  it('go-multistage: no findings at all', async () => {
    const editor = await openDockerfile(examplePath('go-multistage'));
    const diags = await settledDiagnostics(editor);
    assert.deepStrictEqual(diags.map(d => `line ${d.range.start.line + 1} ${codeOf(d)}: ${d.message}`), []);
  });
});
