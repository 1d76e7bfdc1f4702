import { describe, expect, it } from 'vitest';
import { degreeForParties, galoisRing, InvalidArgumentError } from '../algebra/index.ts';
import { OracleRing, pickParties, readElement } from './oracle.test-util.ts';
import { reconstruct, shareSecrets } from './shamir.ts';

const SETTINGS = [4, 7, 10, 13].flatMap((n) => ([64, 128] as const).map((bits) => ({ n, bits })));

describe('shareSecrets / reconstruct', () => {
  for (const { n, bits } of SETTINGS) {
    const t = Math.floor((n - 1) / 3);
    const d = degreeForParties(n);
    it(`roundtrips GR(2^${bits}, ${d}) for n=${n}, degree t=${t} and 2t, checked by a BigInt oracle`, () => {
      const R = galoisRing(bits, d);
      const O = new OracleRing(bits, d);
      const count = 24;
      for (const degree of [t, 2 * t]) {
        const secrets = R.randomVector(count);
        const shares = shareSecrets(R, secrets, degree, n);
        expect(shares).toHaveLength(n);
        const subset = pickParties(n, degree + 1);
        expect(
          reconstruct(
            R,
            subset,
            subset.map((p) => shares[p - 1]),
          ),
        ).toEqual(secrets);
        // Oracle: any degree+1 shares interpolate to the secret (full ring elements, all d coefficients).
        const other = pickParties(n, degree + 1);
        for (const i of [0, 7, count - 1]) {
          const secret = readElement(R, secrets, i);
          for (const parties of [subset, other]) {
            const ys = parties.map((p) => readElement(R, shares[p - 1], i));
            expect(O.interpolateAtZero(parties, ys)).toEqual(secret);
          }
        }
        if (degree > 0) {
          // Fewer than degree+1 shares do not determine the secret: the polynomial really has degree `degree`.
          const short = pickParties(n, degree);
          const guess = reconstruct(
            R,
            short,
            short.map((p) => shares[p - 1]),
          );
          expect(R.equals(guess, secrets)).toBe(false);
        }
      }
    });
  }

  it('rejects a degree ≥ n, a party count beyond the ring, and ragged inputs', () => {
    const R = galoisRing(64, 3);
    const secrets = R.randomVector(4);
    expect(() => shareSecrets(R, secrets, 4, 4)).toThrow(InvalidArgumentError);
    expect(() => shareSecrets(R, secrets, 1, 8)).toThrow(/parties/);
    expect(() => reconstruct(R, [1, 2], [R.alloc(4), R.alloc(3)])).toThrow(/shares\[1\]/);
    expect(() => reconstruct(R, [1, 2], [R.alloc(4)])).toThrow(/shares/);
  });
});
