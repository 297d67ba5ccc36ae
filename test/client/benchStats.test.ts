// The benchmark's pass/fail verdicts: `comparison()` in bench/lib/stats.mjs (an ES module, loaded with a real import()).
import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';

type Summary = { median: number; p99: number; unit: string };
type Comparison = { ratio: number; pass: boolean | null; target: string | null; stat: string };
interface Stats {
  comparison(name: string, ours: Summary | number, theirs: Summary | number, opts?: { stat?: string; target?: number; higherIsBetter?: boolean }): Comparison;
  summarize(values: number[], unit?: string): Summary;
}

// tsc turns import() into require() for CommonJS output, which cannot load .mjs; keep the real import().
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<Stats>;

describe('bench: comparison() pass/fail', () => {
  let stats: Stats;
  before(async () => {
    stats = await importEsm(pathToFileURL(path.resolve(__dirname, '../../../bench/lib/stats.mjs')).href);
  });

  it('fails a time 8.8× the peer against a ≤ 1.05× target, on the default median', () => {
    const c = stats.comparison('build', stats.summarize([2600, 2648.55, 2700]), stats.summarize([290, 299.759, 310]), { target: 1.05 });
    assert.strictEqual(c.stat, 'median');
    assert.strictEqual(c.ratio, 8.836);
    assert.strictEqual(c.pass, false);
    assert.strictEqual(c.target, '≤ 1.05×');
  });

  it('passes a time at or under the target and fails one just over it', () => {
    assert.strictEqual(stats.comparison('t', { median: 105, p99: 1, unit: 'ms' }, { median: 100, p99: 1, unit: 'ms' }, { target: 1.05 }).pass, true);
    assert.strictEqual(stats.comparison('t', { median: 106, p99: 1, unit: 'ms' }, { median: 100, p99: 1, unit: 'ms' }, { target: 1.05 }).pass, false);
  });

  it('uses the named statistic, not the median, when asked', () => {
    const ours = { median: 10, p99: 90, unit: 'ms' }, theirs = { median: 100, p99: 100, unit: 'ms' };
    const c = stats.comparison('p99', ours, theirs, { stat: 'p99', target: 0.5 });
    assert.strictEqual(c.ratio, 0.9);
    assert.strictEqual(c.pass, false);
  });

  it('reads higher-is-better targets the other way round', () => {
    assert.strictEqual(stats.comparison('fps', 171, 292, { higherIsBetter: true, target: 1 }).pass, false);
    assert.strictEqual(stats.comparison('fps', 302, 292, { higherIsBetter: true, target: 1 }).pass, true);
  });

  it('has no verdict without a target, and never passes a ratio that is not a number', () => {
    assert.strictEqual(stats.comparison('x', 1, 2).pass, null);
    assert.strictEqual(stats.comparison('x', 5, 0, { target: 1.05 }).pass, false);
    assert.throws(() => stats.comparison('x', { median: 1, p99: 1, unit: 'ms' }, { median: 1, p99: 1, unit: 'ms' }, { stat: 'p95', target: 1 }), /no numeric "p95"/);
  });
});
