import * as assert from 'assert';
import { formatBytes, formatCount, formatAge, sizeBar, shortId, oneLine } from '../../client/src/views/format';

describe('client view formatting', () => {
  it('formats sizes in decimal units like the docker CLI', () => {
    const cases: Array<[number, string]> = [
      [0, '0 B'], [-5, '0 B'], [NaN, '0 B'], [1, '1 B'], [999, '999 B'], [1000, '1 kB'],
      [1536, '1.54 kB'], [12_300_000, '12.3 MB'], [123_456_789, '123 MB'], [1_250_000_000, '1.25 GB'],
      [5e15, '5000 TB'],
    ];
    for (const [bytes, text] of cases) assert.strictEqual(formatBytes(bytes), text, `${bytes}`);
  });

  it('groups counts by thousands regardless of locale', () => {
    assert.strictEqual(formatCount(0), '0');
    assert.strictEqual(formatCount(999), '999');
    assert.strictEqual(formatCount(3214), '3,214');
    assert.strictEqual(formatCount(1234567), '1,234,567');
  });

  it('describes ages relative to now', () => {
    const now = Date.UTC(2024, 5, 1);
    const ago = (s: number) => formatAge(now - s * 1000, now);
    assert.strictEqual(ago(0), 'just now');
    assert.strictEqual(ago(59), 'just now');
    assert.strictEqual(ago(60), '1 minute ago');
    assert.strictEqual(ago(5 * 60 + 30), '5 minutes ago');
    assert.strictEqual(ago(2 * 3600), '2 hours ago');
    assert.strictEqual(ago(3 * 86400), '3 days ago');
    assert.strictEqual(ago(15 * 86400), '2 weeks ago');
    assert.strictEqual(ago(65 * 86400), '2 months ago');
    assert.strictEqual(ago(400 * 86400), '1 year ago');
    assert.strictEqual(formatAge(now + 10_000, now), 'just now', 'clock skew does not give negative ages');
    assert.strictEqual(formatAge(0, now), 'unknown age');
  });

  it('draws a relative size bar that never hides a non-empty layer', () => {
    assert.strictEqual(sizeBar(100, 100), '▇▇▇▇▇');
    assert.strictEqual(sizeBar(60, 100), '▇▇▇▁▁');
    assert.strictEqual(sizeBar(1, 1_000_000), '▇▁▁▁▁');
    assert.strictEqual(sizeBar(0, 100), '▁▁▁▁▁');
    assert.strictEqual(sizeBar(5, 0), '▁▁▁▁▁');
    assert.strictEqual(sizeBar(200, 100), '▇▇▇▇▇', 'clamped to the width');
    assert.strictEqual(sizeBar(50, 100, 10), '▇▇▇▇▇▁▁▁▁▁');
  });

  it('shortens ids and flattens long commands', () => {
    assert.strictEqual(shortId('sha256:0123456789abcdef0123'), '0123456789ab');
    assert.strictEqual(shortId('0123456789abcdef'), '0123456789ab');
    assert.strictEqual(oneLine('RUN apt-get update \\\n    && apt-get install -y  curl'), 'RUN apt-get update \\ && apt-get install -y curl');
    const long = oneLine('x'.repeat(300), 20);
    assert.strictEqual(long.length, 20);
    assert.ok(long.endsWith('…'));
  });
});
