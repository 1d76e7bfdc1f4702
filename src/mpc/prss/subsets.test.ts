import { describe, expect, it } from 'vitest';
import { binomial, PRSS_SIZE_MAX, prssSubsets, subsetsOf, subsetsOfSize } from './subsets.ts';

describe('PRSS subsets', () => {
  it('enumerates every subset of size n − t once, sorted, in lexicographic order', () => {
    for (const [n, t] of [
      [4, 1],
      [7, 2],
      [10, 3],
      [13, 4],
    ]) {
      const subsets = prssSubsets(n, t);
      expect(subsets.length).toBe(binomial(n, t));
      const keys = new Set(subsets.map((s) => s.members.join(',')));
      expect(keys.size).toBe(subsets.length);
      for (const s of subsets) {
        expect(s.members.length).toBe(n - t);
        for (let i = 1; i < s.members.length; i++) expect(s.members[i]).toBeGreaterThan(s.members[i - 1]);
      }
      const sortedKeys = subsets.map((s) => s.members.map((m) => String(m).padStart(3, '0')).join(','));
      expect([...sortedKeys].sort()).toEqual(sortedKeys);
      // a party belongs to C(n − 1, t) subsets (the ones whose complement misses it)
      for (let p = 1; p <= n; p++) expect(subsetsOf(subsets, p).length).toBe(binomial(n - 1, t));
    }
    expect(subsetsOfSize(4, 3)).toEqual([
      [1, 2, 3],
      [1, 2, 4],
      [1, 3, 4],
      [2, 3, 4],
    ]);
    expect(binomial(13, 4)).toBe(715);
  });

  it('rejects C(n, t) above the PRSS maximum and t ≥ n/3', () => {
    expect(binomial(22, 7)).toBeGreaterThan(PRSS_SIZE_MAX);
    expect(() => prssSubsets(22, 7)).toThrow(/C\(22, 7\)/);
    expect(() => prssSubsets(6, 2)).toThrow(/t: expected/);
    expect(() => prssSubsets(1.5, 0)).toThrow(/n: expected/);
  });
});
