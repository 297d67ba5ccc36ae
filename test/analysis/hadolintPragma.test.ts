import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { df } from '../support/ruleSpec';
import { hadolintIgnore, rulesForHadolintCode } from '../../server/src/analysis/pragmas/hadolint';

const ids = (text: string) => analyze(text, { syntaxChecks: false }).findings.map(f => f.ruleId);
// multiple-cmd reports the CMD that a later one overrides.
const twoCmds = (...above: string[]) => df('FROM alpine', ...above, 'CMD ["a"]', 'CMD ["b"]');

describe('# hadolint ignore pragmas', () => {
  it('maps DL codes to our rules through equivalents', () => {
    assert.deepStrictEqual(rulesForHadolintCode('DL4003'), ['multiple-cmd']);
    assert.deepStrictEqual(rulesForHadolintCode('dl3025'), ['shell-form-cmd']);
    assert.deepStrictEqual(rulesForHadolintCode('DL9999'), []);
  });

  it('parses codes, spaces and a trailing reason', () => {
    assert.deepStrictEqual(hadolintIgnore('# hadolint ignore=DL4003, DL3025 because reasons'), { global: false, ids: ['multiple-cmd', 'shell-form-cmd'] });
    assert.deepStrictEqual(hadolintIgnore('#hadolint global ignore=DL4003'), { global: true, ids: ['multiple-cmd'] });
    assert.strictEqual(hadolintIgnore('# hadolint is great'), undefined);
    assert.strictEqual(hadolintIgnore('RUN echo # hadolint ignore=DL4003'), undefined);
  });

  it('silences the instruction directly below, and only that one', () => {
    assert.ok(ids(twoCmds()).includes('multiple-cmd'));
    assert.ok(!ids(twoCmds('# hadolint ignore=DL4003')).includes('multiple-cmd'));
    assert.ok(!ids(twoCmds('# hadolint ignore=DL3008,DL4003', '# another comment')).includes('multiple-cmd'));
    // Another code, or the pragma above a different instruction: still reported.
    assert.ok(ids(twoCmds('# hadolint ignore=DL3008')).includes('multiple-cmd'));
    assert.ok(ids(df('FROM alpine', 'CMD ["a"]', '# hadolint ignore=DL4003', 'CMD ["b"]')).includes('multiple-cmd'));
    // A blank line ends the comment block, as hadolint reads it.
    assert.ok(ids(twoCmds('# hadolint ignore=DL4003', '')).includes('multiple-cmd'));
  });

  it('global ignore silences the rule in the whole file (lower-case, CRLF)', () => {
    const text = '# hadolint global ignore=dl3025\r\nFROM alpine AS a\r\nRUN echo a\r\nFROM debian:bookworm\r\n# hadolint ignore=DL3008\r\nCMD python3 app.py\r\n';
    assert.ok(!ids(text).includes('shell-form-cmd'));
    assert.ok(ids(text.replace('global ', '')).includes('shell-form-cmd'));
  });

  it('leaves our own pragma working beside it', () => {
    assert.ok(!ids(twoCmds('# hadolint ignore=DL3008', '# layerwise ignore=multiple-cmd')).includes('multiple-cmd'));
  });
});
