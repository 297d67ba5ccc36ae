// BuildKit's `# check=` parser directive, honoured for the rules that are build checks.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { df } from '../support/ruleSpec';

const ids = (text: string) => analyze(text, { syntaxChecks: false }).findings.map(f => `${f.ruleId}:${f.severity}`);
const BASE = df('FROM alpine as Build', 'CMD ["a"]', 'CMD ["b"]');

describe('# check= directive', () => {
  it('without a directive, the build checks report as warnings', () => {
    const found = ids(BASE);
    assert.ok(found.includes('from-as-casing:warning') && found.includes('stage-name-casing:warning') && found.includes('multiple-cmd:warning'), found.join());
  });
  it('skip=A,B skips exactly those checks (by BuildKit name, any case), including ones our own rules cover', () => {
    const found = ids('# check=skip=FromAsCasing,multipleinstructionsdisallowed\n' + BASE);
    assert.ok(!found.some(f => f.startsWith('from-as-casing') || f.startsWith('multiple-cmd')), found.join());
    assert.ok(found.includes('stage-name-casing:warning'), found.join());
  });
  it('skip=all skips every build check but none of our own families', () => {
    const text = '# check=skip=all\n' + df('FROM node:20', 'COPY . .', 'RUN npm ci', 'CMD ["node", "a.js"]', 'FROM alpine as Build');
    const found = ids(text);
    assert.ok(!found.some(f => /^(from-as-casing|stage-name-casing)/.test(f)), found.join());
    assert.ok(found.some(f => f.startsWith('copy-before-install')), found.join());
  });
  it('error=true reports build checks as errors, unless the user set a severity', () => {
    assert.ok(ids('# check=error=true\n' + BASE).includes('from-as-casing:error'));
    assert.ok(ids('# check=skip=StageNameCasing;error=true\n' + BASE).includes('from-as-casing:error'));
    const own = analyze('# check=error=true\n' + BASE, { syntaxChecks: false, rules: { 'from-as-casing': 'info' } }).findings;
    assert.strictEqual(own.find(f => f.ruleId === 'from-as-casing')?.severity, 'info');
  });
  it('is a parser directive: only at the top, before any comment, blank line or instruction', () => {
    assert.ok(ids('# syntax=docker/dockerfile:1\n# check=skip=all\n' + BASE).every(f => !f.startsWith('from-as-casing')));
    assert.ok(ids('# a comment\n# check=skip=all\n' + BASE).includes('from-as-casing:warning'));
    assert.ok(ids('\n# check=skip=all\n' + BASE).includes('from-as-casing:warning'));
    assert.ok(ids(BASE + '# check=skip=all\n').includes('from-as-casing:warning'));
  });
});
