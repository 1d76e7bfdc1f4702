import { describe, expect, it } from 'vitest';
import { galoisRing } from '../algebra/galois-ring.ts';
import { shareSecrets } from '../sharing/shamir.ts';
import { openWithDetection } from './consistency.ts';

describe('openWithDetection', () => {
  it('opens consistent degree-2t shares and flags exactly the tampered elements, never correcting them', () => {
    const ring = galoisRing(128, 3);
    const count = 100;
    const secrets = ring.randomVector(count);
    const shares = shareSecrets(ring, secrets, 2, 7); // n = 7, degree 2t = 4: two redundant shares
    const clean = openWithDetection(ring, shares, 4);
    expect(clean.badCount).toBe(0);
    expect(ring.equals(clean.values, secrets)).toBe(true);
    // one wrong share would be correctable at this distance; detection must still flag it
    shares[5][17 * ring.wordsPerElement] += 1n;
    shares[2][63 * ring.wordsPerElement + 3] ^= 1n << 40n;
    const tampered = openWithDetection(ring, shares, 4);
    expect(tampered.badCount).toBe(2);
    expect([...tampered.bad.keys()].filter((i) => tampered.bad[i])).toEqual([17, 63]);
    for (const i of [0, 16, 18, 62, 64, 99]) {
      expect(ring.equals(ring.element(tampered.values, i), ring.element(secrets, i))).toBe(true);
    }
    // missing shares are erasures: without party 6, only party 3's tampering remains
    const partial = openWithDetection(ring, [...shares.slice(0, 5), undefined, shares[6]], 4);
    expect([...partial.bad.keys()].filter((i) => partial.bad[i])).toEqual([63]);
    expect(() =>
      openWithDetection(
        ring,
        [shares[0], undefined, undefined, undefined, shares[4], undefined, shares[6]],
        4,
      ),
    ).toThrow(/only 3 usable shares/);
  });
});
