// The examples/ workspace is what `npm start` opens and the end-to-end tests drive:
// each Dockerfile must show the findings it is there to demonstrate, and the clean one none.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../server/src/analysis/analyze';
import { RULES_BY_ID, SYNTAX_RULE } from '../../server/src/rules';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** The fixed rule id list every family implements (README rule list). */
const ALL_IDS = [
  'copy-before-install', 'install-after-copy', 'apt-update-separate', 'cleanup-in-later-layer', 'consecutive-metadata', 'dependency-prefetch',
  'missing-base-image-label', 'stale-base-image-label',
  'server-in-run', 'build-in-cmd', 'cmd-exits-immediately', 'multiple-cmd', 'shell-form-cmd', 'run-without-effect',
  'single-stage-build', 'copy-from-unknown-stage', 'copy-from-own-stage', 'duplicate-stage-name', 'unused-stage',
  'secret-in-arg-env', 'template-file', SYNTAX_RULE.id,
];

/** Example folder → the rule ids it demonstrates (others may fire too). */
const EXPECTED: Record<string, string[]> = {
  'nginx-static': ['missing-base-image-label', 'cmd-exits-immediately'],
  'node-app': ['copy-before-install', 'apt-update-separate', 'shell-form-cmd'],
  'maven-single-stage': ['single-stage-build'],
  'python-server-in-run': ['server-in-run'],
  'go-multistage': [],
};

function readExample(name: string): string {
  return fs.readFileSync(path.join(EXAMPLES, name, 'Dockerfile'), 'utf8');
}

describe('examples/ workspace', () => {
  for (const [name, ids] of Object.entries(EXPECTED)) {
    it(`${name} shows ${ids.length ? ids.join(', ') : 'no findings'}`, () => {
      for (const id of ids) assert.ok(ALL_IDS.includes(id), `unknown rule id ${id}`);
      const found = new Set(analyze(readExample(name)).findings.map(f => f.ruleId));
      // A family another helper has not landed yet cannot fire; once it is registered, its id must.
      const missing = ids.filter(id => RULES_BY_ID.has(id) && !found.has(id));
      assert.deepStrictEqual(missing, [], `${name}/Dockerfile should show ${missing.join(', ')}; it shows ${[...found].join(', ') || 'nothing'}`);
    });
  }

  it('go-multistage is clean: analyze() returns no findings at all, syntax checks included', () => {
    const { findings } = analyze(readExample('go-multistage'));
    assert.deepStrictEqual(findings.map(f => `${f.range.start.line + 1} ${f.ruleId}: ${f.message}`), []);
  });

  it('every example folder is a small project with the files its Dockerfile copies', () => {
    const files: Record<string, string[]> = {
      'nginx-static': ['index.html', 'style.css'],
      'node-app': ['package.json', 'package-lock.json', 'server.js'],
      'maven-single-stage': ['pom.xml', 'src/main/java/com/example/App.java'],
      'python-server-in-run': ['requirements.txt', 'app.py'],
      'go-multistage': ['go.mod', 'go.sum', 'main.go'],
    };
    for (const [name, list] of Object.entries(files)) {
      for (const f of list) assert.ok(fs.existsSync(path.join(EXAMPLES, name, f)), `examples/${name}/${f} is missing`);
    }
    assert.ok(fs.existsSync(path.join(EXAMPLES, 'README.md')));
  });
});
