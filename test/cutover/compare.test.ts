import {
  type JsonShape,
  compareShapes,
  compareValues,
  describeShapeDifference,
  jsonShape,
  latencyRegressions,
  mediaType,
  parseJsonPathPattern,
  percentile,
} from '../../src/cutover/compare.js';

const shape = (...docs: unknown[]): JsonShape =>
  docs.reduce<JsonShape>((s, d) => jsonShape(d, [], s), { kinds: new Map(), emptyArrays: new Set() });
const diff = (a: unknown, b: unknown, ignore: string[] = []) => {
  const pats = ignore.map(parseJsonPathPattern);
  return compareShapes(jsonShape(a, pats), jsonShape(b, pats)).map(describeShapeDifference);
};

describe('JSON shape comparison', () => {
  test('same keys and types with different values match', () => {
    expect(diff({ id: 1, name: 'a', tags: ['x'] }, { id: 2, name: 'b', tags: ['y', 'z'] })).toEqual([]);
  });

  test('a changed type, a missing key and an added key are each named by path', () => {
    expect(
      diff(
        { id: 1, total: 3, items: [{ sku: 'a' }] },
        { id: 1, total: '3', items: [{ sku: 'a', price: 2 }], version: 'v2' },
      ).sort(),
    ).toEqual([
      '$.items[*].price: only in new (number)',
      '$.total: number (old) vs string (new)',
      '$.version: only in new (string)',
    ]);
    expect(diff({ a: { b: 1 } }, {})).toEqual(['$.a: missing in new (old: object)']);
  });

  test('an empty array says nothing about its elements', () => {
    expect(diff({ items: [] }, { items: [{ id: 1 }] })).toEqual([]);
    expect(shape({ items: [] }, { items: [{ id: 1 }] }).emptyArrays.size).toBe(0);
  });

  test('ignored paths are left out of shapes: prefixes, [*] and .. patterns', () => {
    expect(diff({ headers: { a: '1' }, at: 1 }, { headers: { b: '2' }, at: 'now' }, ['$.headers', '$.at'])).toEqual([]);
    expect(diff({ items: [{ etag: 1 }] }, { items: [{ etag: 'x' }] }, ['$.items[*].etag'])).toEqual([]);
    expect(diff({ a: { b: { requestId: 1 } } }, { a: { b: { requestId: 'x' } } }, ['$..requestId'])).toEqual([]);
  });

  test('bad patterns are refused with the position', () => {
    expect(() => parseJsonPathPattern('items.id')).toThrow(/starts with "\$"/);
    expect(() => parseJsonPathPattern('$.items[x]')).toThrow(/position 8/);
  });
});

describe('JSON value comparison', () => {
  test('reports differing leaves outside the ignore list, index by index', () => {
    const ignore = [parseJsonPathPattern('$.generatedAt')];
    expect(
      compareValues({ n: 1, list: [1, 2], generatedAt: 'a' }, { n: 1, list: [1, 3], generatedAt: 'b' }, ignore),
    ).toEqual(['$.list[1]: 2 (old) vs 3 (new)']);
    expect(compareValues({ list: [1] }, { list: [1, 2] })).toEqual(['$.list: 1 item(s) (old) vs 2 (new)']);
  });
});

describe('latency and media types', () => {
  test('nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], 95)).toBe(100);
    expect(percentile([], 95)).toBeUndefined();
  });

  test('new latency within ratio × old + slack passes; beyond fails naming the percentile', () => {
    expect(latencyRegressions({ p50: 10, p95: 20 }, { p50: 14, p95: 29 }, { ratio: 1.5, slackMs: 0 })).toEqual([]);
    expect(latencyRegressions({ p50: 10, p95: 20 }, { p50: 12, p95: 300 }, { ratio: 1.5, slackMs: 25 })).toEqual([
      'p95 300 ms > 55 ms (old 20 ms × 1.5 + 25 ms)',
    ]);
    // tiny absolute numbers are noise, not a regression
    expect(latencyRegressions({ p50: 1, p95: 2 }, { p50: 4, p95: 9 }, { ratio: 1.5, slackMs: 25 })).toEqual([]);
  });

  test('media type ignores parameters and case', () => {
    expect(mediaType('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaType(undefined)).toBe('(none)');
  });
});
