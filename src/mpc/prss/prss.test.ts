import { describe, expect, it } from 'vitest';
import { galoisRing } from '../algebra/galois-ring.ts';
import { bigElement, dealPrssSetups, openConsistent, signed } from './dealer.test-util.ts';
import { SubsetPrf } from './prf.ts';
import { PrssState } from './prss.ts';
import { binomial } from './subsets.ts';

const configurations = [
  [4, 1, 3],
  [7, 2, 3],
  [10, 3, 4],
  [13, 4, 4],
] as const;

describe.each([64, 128] as const)('PRSS over GR(2^%i, d)', (bits) => {
  it.each(configurations)(
    'n = %i, t = %i: PRSS opens at degree t to Σ_T r_T, PRZS to 0 at degree 2t',
    (n, t, d) => {
      const ring = galoisRing(bits, d);
      const setups = dealPrssSetups(n, t);
      const states = setups.map((s) => new PrssState(s, ring, 'session-a'));
      const count = n === 13 ? 8 : 24;
      // skip some draws first so that counters other than 0 are exercised
      for (const s of states) s.nextRandom(5);
      const shares = states.map((s) => s.nextRandom(count));
      const secret = openConsistent(ring, shares, t);
      // independent oracle: the secret is the plain sum of every subset's PRF output (f_T(0) = 1)
      const expected = ring.alloc(count);
      for (const subset of setups[0].subsets) {
        const owner = setups.find((s) => s.keys.has(subset.index))!;
        const w = ring.wordsPerElement;
        const r = new SubsetPrf(owner.keys.get(subset.index)!, 'session-a').words('random', 5 * w, count * w);
        ring.add(expected, expected, r);
      }
      expect(ring.equals(secret, expected)).toBe(true);
      // a degree-t sharing of a random value is not of lower degree
      expect(() => openConsistent(ring, shares, Math.max(0, t - 1))).toThrow();

      const zeros = states.map((s) => s.nextZero(count));
      const zero = openConsistent(ring, zeros, 2 * t);
      expect(ring.equals(zero, ring.alloc(count))).toBe(true);
      if (t > 0) expect(() => openConsistent(ring, zeros, 2 * t - 1)).toThrow();
      for (const s of states) expect(s.counters).toEqual({ random: 5 + count, zero: count, mask: 0 });
    },
  );

  it.each(configurations)('n = %i, t = %i: masks open at degree t within C(n, t)·2^b', (n, t, d) => {
    const ring = galoisRing(bits, d);
    const states = dealPrssSetups(n, t).map((s) => new PrssState(s, ring, 'session-m'));
    const boundBits = bits === 64 ? 20 : 70;
    const count = 32;
    const secret = openConsistent(
      ring,
      states.map((s) => s.nextMask(count, boundBits)),
      t,
    );
    const limit = BigInt(binomial(n, t)) << BigInt(boundBits);
    let largest = 0n;
    for (let i = 0; i < count; i++) {
      const [c0, ...rest] = bigElement(bits, d, secret, i);
      expect(rest.every((x) => x === 0n)).toBe(true);
      const v = signed(bits, c0);
      expect(v >= -limit && v < limit).toBe(true);
      if ((v < 0n ? -v : v) > largest) largest = v < 0n ? -v : v;
    }
    // the mask really uses its range: the largest of 32 samples is far above 2^(b−4)
    expect(largest > 1n << BigInt(boundBits - 4)).toBe(true);
  });

  it('masks open to Σ_T (r_T mod 2^(b+1) − 2^b) over the subsets’ PRF words, for bounds on and off limb edges', () => {
    const [n, t, d] = [4, 1, 3];
    const ring = galoisRing(bits, d);
    const setups = dealPrssSetups(n, t);
    const bounds = bits === 64 ? [1, 20, 31, 32, 33, 62] : [1, 31, 32, 63, 64, 65, 70, 95, 96, 126];
    for (const b of bounds) {
      const states = setups.map((s) => new PrssState(s, ring, `session-b${b}`));
      for (const s of states) s.nextMask(3, b); // counters other than 0
      const count = 12;
      const secret = openConsistent(
        ring,
        states.map((s) => s.nextMask(count, b)),
        t,
      );
      // independent oracle: BigInt over the raw PRF words (2 per value, little-endian)
      const expected = new Array<bigint>(count).fill(0n);
      for (const subset of setups[0].subsets) {
        const owner = setups.find((s) => s.keys.has(subset.index))!;
        const words = new SubsetPrf(owner.keys.get(subset.index)!, `session-b${b}`).words(
          'mask',
          2 * 3,
          2 * count,
        );
        for (let i = 0; i < count; i++) {
          const raw = (words[2 * i + 1] << 64n) | words[2 * i];
          expected[i] += (raw & ((1n << BigInt(b + 1)) - 1n)) - (1n << BigInt(b));
        }
      }
      for (let i = 0; i < count; i++) {
        const [c0, ...rest] = bigElement(bits, d, secret, i);
        expect(rest.every((x) => x === 0n)).toBe(true);
        expect(signed(bits, c0)).toBe(signed(bits, expected[i]));
      }
    }
  });
});

describe('PrssState', () => {
  it('derives per-session streams: the same setup in two sessions gives unrelated shares', () => {
    const ring = galoisRing(64, 3);
    const [setup] = dealPrssSetups(4, 1);
    const a = new PrssState(setup, ring, 's1').nextRandom(4);
    const b = new PrssState(setup, ring, 's2').nextRandom(4);
    expect(ring.equals(a, b)).toBe(false);
    expect(ring.equals(a, new PrssState(setup, ring, 's1').nextRandom(4))).toBe(true);
  });

  it('re-derives any party share from revealed subset draws', () => {
    const ring = galoisRing(128, 3);
    const setups = dealPrssSetups(4, 1);
    const states = setups.map((s) => new PrssState(s, ring, 'chk'));
    const x = states.map((s) => s.nextRandom(6));
    const z = states.map((s) => s.nextZero(6));
    for (const kind of ['random', 'zero'] as const) {
      const agreed = new Map<number, BigUint64Array>();
      for (const s of states)
        for (const dr of s.subsetDraws(kind, [2, 3, 4])) agreed.set(dr.subsetIndex, dr.values);
      const all = states[0].sharesFromDraws(kind, agreed, 3);
      for (let p = 1; p <= 4; p++) {
        const actual = (kind === 'random' ? x : z)[p - 1];
        expect(ring.equals(ring.slice(all, 3 * (p - 1), 3 * p), ring.slice(actual, 2, 5))).toBe(true);
      }
    }
  });

  it('checks its arguments', () => {
    const ring = galoisRing(64, 3);
    const [setup] = dealPrssSetups(4, 1);
    expect(() => new PrssState({ ...setup, party: 5 }, ring, 's')).toThrow(/setup.party/);
    expect(() => new PrssState({ ...setup, keys: new Map() }, ring, 's')).toThrow(/setup.keys/);
    expect(() => new PrssState(dealPrssSetups(10, 3)[0], ring, 's')).toThrow(/too few points/);
    const prss = new PrssState(setup, ring, 's');
    expect(() => prss.nextMask(1, 63)).toThrow(/boundBits/);
    expect(() => prss.nextRandom(-1)).toThrow(/count/);
  });
});
