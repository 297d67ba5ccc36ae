// The findings on every Dockerfile of examples/ and test/fixtures, in every profile, pinned by a
// digest per file: a change to how analyze() builds findings (rule setup, finding objects, the
// post-processing) must not change one of them. A rule change that is meant to change findings
// regenerates the digests: LAYERWISE_UPDATE_FINDINGS=1 npx mocha out/test/analysis/corpusFindings.test.js
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../server/src/analysis/analyze';
import { AnalysisOptions, Finding } from '../../server/src/analysis/types';

const ROOT = path.join(__dirname, '../../..');
const DIGESTS = path.join(ROOT, 'test/analysis/corpusFindings.json');
const PROFILES: Array<AnalysisOptions['profile']> = ['recommended', 'strict', 'hadolint'];

function dockerfiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...dockerfiles(p));
    else if (/dockerfile/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

const digest = (findings: Finding[]) => createHash('sha1').update(JSON.stringify(findings)).digest('hex');

describe('analysis: findings on the example and fixture Dockerfiles', () => {
  const files = [...dockerfiles(path.join(ROOT, 'examples')), ...dockerfiles(path.join(ROOT, 'test/fixtures'))];
  const current: Record<string, Record<string, { findings: number; sha1: string }>> = {};
  for (const file of files) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const text = fs.readFileSync(file, 'utf8');
    current[rel] = {};
    for (const profile of PROFILES) {
      const { findings } = analyze(text, { profile });
      current[rel][profile ?? ''] = { findings: findings.length, sha1: digest(findings) };
    }
  }

  it('are the pinned ones', function () {
    if (process.env.LAYERWISE_UPDATE_FINDINGS) {
      fs.writeFileSync(DIGESTS, JSON.stringify(current, null, 1) + '\n');
      this.skip();
    }
    const pinned = JSON.parse(fs.readFileSync(DIGESTS, 'utf8'));
    assert.ok(files.length > 10, 'the example and fixture Dockerfiles were found');
    assert.deepStrictEqual(current, pinned, 'findings changed; if that is intended, regenerate (see the top of this file)');
  });

  it('do not depend on what an earlier analysis returned or on re-used per-stage results', () => {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const profile of PROFILES) {
        const first = analyze(text, { profile, rules: {} });
        const expected = JSON.stringify(first.findings);
        // The caller owns the finding objects analyze() returns (ids and severities are set on the
        // rules' own objects): changing them must not reach a later analysis. Ranges are left
        // alone: they may be the model's own, shared with the parse cache by design.
        for (const f of first.findings) { f.message = 'changed'; f.ruleId = 'changed'; f.severity = 'hint'; }
        assert.strictEqual(JSON.stringify(analyze(text, { profile }).findings), expected, `${file} (${profile}), fresh`);
        const edited = text + '\n';
        const again = analyze(edited, { profile, previous: analyze(text, { profile }).model });
        assert.strictEqual(JSON.stringify(again.findings), JSON.stringify(analyze(edited, { profile }).findings), `${file} (${profile}), incremental`);
      }
    }
  });
});
