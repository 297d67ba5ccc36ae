// The bucket sort of findings gives exactly what a stable comparison sort by position gives.
import assert from 'assert';
import fc from 'fast-check';
import { sortByPosition } from '../../server/src/analysis/findingOrder';

describe('analysis: findings in document order', () => {
  it('equals a stable sort by start line and character (equal positions keep their order)', () => {
    const finding = (lines: number) => fc.record({ line: fc.nat({ max: lines - 1 }), character: fc.nat({ max: 4 }) });
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }).chain(lines => fc.tuple(fc.constant(lines), fc.array(finding(lines), { maxLength: 300 }))), ([lines, starts]) => {
      const list = starts.map((start, id) => ({ id, range: { start } }));
      const expected = [...list].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
      assert.deepStrictEqual(sortByPosition([...list], lines).map(f => f.id), expected.map(f => f.id));
    }), { seed: 20240611, numRuns: 200 });
  });

  it('falls back to the comparison sort when a line is outside the document', () => {
    const list = Array.from({ length: 100 }, (_, i) => ({ range: { start: { line: 100 - i, character: 0 } } }));
    assert.deepStrictEqual(sortByPosition(list, 10).map(f => f.range.start.line), Array.from({ length: 100 }, (_, i) => i + 1));
  });
});
