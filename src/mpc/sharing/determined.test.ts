import { describe, expect, it } from 'vitest';
import { galoisRing } from '../algebra/index.ts';
import { openIfDetermined } from './determined.ts';
import { shareSecrets } from './shamir.ts';
import { lieAbout } from './shares.malicious.ts';

const R = galoisRing(64, 4);

/** The share vectors of `parties` only (others absent). */
function only(shares: BigUint64Array[], parties: readonly number[]): (BigUint64Array | undefined)[] {
  return shares.map((share, i) => (parties.includes(i + 1) ? share : undefined));
}

describe('openIfDetermined', () => {
  it('n = 4, t = 1: opens from 2t + 1 = 3 agreeing shares, waits with 2 or with a liar among 3', () => {
    const secrets = R.randomVector(20);
    const shares = shareSecrets(R, secrets, 1, 4);
    expect(openIfDetermined(R, 1, 1, only(shares, [1, 3]))).toBeUndefined();
    const opening = openIfDetermined(R, 1, 1, only(shares, [1, 3, 4]));
    expect(opening?.values).toEqual(secrets);
    expect(opening?.corruptParties).toEqual([]);
    const lied = shares.slice();
    lied[2] = lieAbout(R, shares[2], 3, { kind: 'plane', plane: 63 });
    expect(openIfDetermined(R, 1, 1, only(lied, [1, 3, 4]))).toBeUndefined();
    const all = openIfDetermined(R, 1, 1, lied);
    expect(all?.values).toEqual(secrets);
    expect(all?.corruptParties).toEqual([3]);
  });

  it('a degree-2t opening needs degree + t + 1 = 3t + 1 agreeing shares', () => {
    const secrets = R.randomVector(5);
    const shares = shareSecrets(R, secrets, 2, 4);
    // Any three values lie on some degree-2 polynomial: three prove nothing.
    expect(openIfDetermined(R, 2, 1, only(shares, [1, 2, 4]))).toBeUndefined();
    expect(openIfDetermined(R, 2, 1, shares)?.values).toEqual(secrets);
  });

  it('n = 7, t = 2: colluding liars matching two honest parties are never taken for the honest polynomial', () => {
    const secrets = R.randomVector(8);
    const shares = shareSecrets(R, secrets, 2, 7);
    const seed = R.randomVector(8);
    const lied = shares.slice();
    for (const liar of [6, 7])
      lied[liar - 1] = lieAbout(R, shares[liar - 1], liar, { kind: 'collude', fooled: [1, 2], seed });
    // 1, 2, 6, 7 agree on a wrong polynomial; adding honest 3 and 4 still leaves no decoding within the bound.
    for (const present of [
      [1, 2, 6, 7],
      [1, 2, 3, 6, 7],
      [1, 2, 3, 4, 6, 7],
    ]) {
      expect(openIfDetermined(R, 2, 2, only(lied, present))).toBeUndefined();
    }
    const all = openIfDetermined(R, 2, 2, lied);
    expect(all?.values).toEqual(secrets);
    expect(all?.corruptParties).toEqual([6, 7]);
    // Five honest shares suffice without the liars; one known liar lowers the liars left to correct.
    expect(openIfDetermined(R, 2, 2, only(lied, [1, 2, 3, 4, 5]))?.values).toEqual(secrets);
    const knownSix = only(lied, [1, 2, 3, 4, 5, 7]);
    expect(openIfDetermined(R, 2, 2, knownSix, { knownLiars: 1 })?.corruptParties).toEqual([7]);
    expect(openIfDetermined(R, 2, 2, knownSix, { knownLiars: 2 })).toBeUndefined();
  });
});
