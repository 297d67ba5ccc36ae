// Profiles (rules/profiles.ts): which rules run at which severity before per-rule and per-category settings.
import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { ALL_RULES } from '../../server/src/rules';
import { effectiveSetting, profileSetting } from '../../server/src/rules/profiles';
import { df } from '../support/ruleSpec';

const TEXT = df('FROM python:3.12', 'RUN pip install flask', 'CMD python app.py', 'CMD python other.py');
const found = (options: Parameters<typeof analyze>[1]) =>
  analyze(TEXT, { syntaxChecks: false, ...options }).findings.map(f => `${f.ruleId}:${f.severity}`).sort();

describe('profiles', () => {
  it('a style-only rule is off in recommended, on in strict; hadolint runs only rules with a hadolint severity', () => {
    const style = { id: 'x', category: 'cache', severity: 'hint' as const, recommended: false };
    assert.strictEqual(profileSetting(style, 'recommended'), 'off');
    assert.strictEqual(profileSetting(style, 'strict'), 'hint');
    assert.strictEqual(profileSetting(style, 'hadolint'), 'off');
    assert.strictEqual(profileSetting({ ...style, hadolintSeverity: 'info' }, 'hadolint'), 'info');
    // Per-rule, then per-category settings win over the profile.
    assert.strictEqual(effectiveSetting(style, { x: 'warning' }, 'recommended'), 'warning');
    assert.strictEqual(effectiveSetting(style, { cache: 'error' }, 'recommended'), 'error');
    assert.strictEqual(effectiveSetting(style, { cache: 'error', x: 'off' }, 'strict'), 'off');
  });

  it('recommended (the default) and strict run the rules at their own severity', () => {
    const own = found({});
    assert.ok(own.includes('pip-no-cache-dir:info') && own.includes('missing-base-image-label:warning'), own.join());
    assert.ok(own.includes('multiple-cmd:warning'), own.join());
    assert.deepStrictEqual(found({ profile: 'recommended' }), own);
    const strict = found({ profile: 'strict' });
    for (const f of own) assert.ok(strict.includes(f), f);
  });

  it('hadolint: only rules with a hadolint equivalent, at hadolint\'s severity; settings still win', () => {
    const h = found({ profile: 'hadolint' });
    assert.ok(h.includes('pip-no-cache-dir:warning'), h.join()); // DL3042 is a warning in hadolint
    assert.ok(h.includes('multiple-cmd:warning'), h.join());
    for (const f of h) {
      const rule = ALL_RULES.find(r => r.id === f.split(':')[0]);
      assert.ok(rule?.equivalents?.hadolint?.length, `${f} has no hadolint equivalent`);
    }
    assert.ok(found({ profile: 'hadolint', rules: { 'pip-no-cache-dir': 'off' } }).every(f => !f.startsWith('pip-no-cache-dir')));
    assert.ok(!h.some(f => f.startsWith('missing-base-image-label')), 'no hadolint equivalent: off');
    assert.ok(found({ profile: 'hadolint', rules: { 'base-image-label': 'info' } }).includes('missing-base-image-label:info'), 'a category setting turns it on');
    assert.ok(found({ profile: 'hadolint', rules: { 'multiple-cmd': 'error' } }).includes('multiple-cmd:error'));
  });

  it('hadolint: one rule covering checks of different hadolint severities reports each at its own', () => {
    const text = df('FROM alpine', 'CMD a', 'CMD b', 'ENTRYPOINT ["a"]', 'ENTRYPOINT ["b"]', 'HEALTHCHECK CMD a', 'HEALTHCHECK CMD b');
    const sev = (options: Parameters<typeof analyze>[1]) => analyze(text, { syntaxChecks: false, ...options }).findings
      .filter(f => f.ruleId === 'multiple-cmd').map(f => `${f.range.start.line}:${f.severity}`);
    // DL4003 (CMD) warning, DL4004 (ENTRYPOINT) and DL3012 (HEALTHCHECK) errors.
    assert.deepStrictEqual(sev({ profile: 'hadolint' }), ['1:warning', '3:error', '5:error']);
    assert.deepStrictEqual(sev({ profile: 'strict' }), ['1:warning', '3:warning', '5:warning']);
    assert.deepStrictEqual(sev({ profile: 'hadolint', rules: { 'multiple-cmd': 'info' } }), ['1:info', '3:info', '5:info']);
    // Not part of what a finding carries out.
    assert.ok(analyze(text, { profile: 'hadolint' }).findings.every(f => !('hadolintSeverity' in f)));
  });

  it('every rule with a hadolint equivalent says what severity hadolint gives it', () => {
    // hadolint ships these switched off (severity "ignore"): off in the hadolint profile too.
    // DL3005 was deleted from hadolint in 2023 (kept as an equivalent so old ignore comments still work).
    const OFF_IN_HADOLINT = new Set(['DL1001', 'DL3057', 'DL3005']);
    const missing = ALL_RULES.filter(r => r.equivalents?.hadolint?.some(code => !OFF_IN_HADOLINT.has(code)) && !r.hadolintSeverity).map(r => r.id);
    assert.deepStrictEqual(missing, [], 'set hadolintSeverity on these rules (rule.ts)');
  });
});
