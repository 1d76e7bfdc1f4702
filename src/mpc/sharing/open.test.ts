import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { degreeForParties, GaloisRing, galoisRing, InvalidArgumentError } from '../algebra/index.ts';
import { DecodingFailureError } from './errors.ts';
import { openRobust } from './open.ts';
import {
  type Element,
  errorAtPlane,
  liftedDecodeOracle,
  OracleRing,
  pickParties,
  readElement,
  writeElement,
} from './oracle.test-util.ts';
import { decodeGao } from './reed-solomon.ts';
import { shareSecrets } from './shamir.ts';
import { lieAbout, type ShareLie } from './shares.malicious.ts';

const COUNT = 32;
const SETTINGS = [4, 7, 10, 13].flatMap((n) => ([64, 128] as const).map((bits) => ({ n, bits })));

function setting(n: number, bits: 64 | 128, degree: number) {
  const R = galoisRing(bits, degreeForParties(n));
  const O = new OracleRing(bits, R.degree);
  const secrets = R.randomVector(COUNT);
  const shares: (BigUint64Array | undefined)[] = shareSecrets(R, secrets, degree, n);
  return { R, O, secrets, shares };
}

/** Adds error(element index) to party p's share of each listed element. */
function corrupt(
  R: GaloisRing,
  O: OracleRing,
  shares: (BigUint64Array | undefined)[],
  p: number,
  elements: readonly number[],
  error: (i: number) => Element,
): void {
  const v = shares[p - 1]!;
  for (const i of elements) writeElement(R, v, i, O.add(readElement(R, v, i), error(i)));
}

const ALL = Array.from({ length: COUNT }, (_, i) => i);

function expectFailure(run: () => unknown, reason?: string): DecodingFailureError {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DecodingFailureError);
  const failure = caught as DecodingFailureError;
  expect(failure.kind).toBe('DecodingFailure');
  expect(failure.message).toMatch(/^decoding failed/);
  if (reason) expect(failure.reason).toBe(reason);
  return failure;
}

describe('openRobust', () => {
  for (const { n, bits } of SETTINGS) {
    const t = Math.floor((n - 1) / 3);
    describe(`n=${n}, t=${t}, Z_2^${bits}`, () => {
      it('opens honest shares (happy path) and names nobody', () => {
        const { R, secrets, shares } = setting(n, bits, t);
        const opened = openRobust(R, t, shares);
        expect(opened.values).toEqual(secrets);
        expect(opened.corruptParties).toEqual([]);
      });

      it('corrects t parties sending random garbage in every element and names exactly them', () => {
        const { R, O, secrets, shares } = setting(n, bits, t);
        const cheaters = pickParties(n, t);
        for (const p of cheaters) corrupt(R, O, shares, p, ALL, () => O.random());
        const opened = openRobust(R, t, shares, { maxErrors: t });
        expect(opened.values).toEqual(secrets);
        expect(opened.corruptParties).toEqual(cheaters);
      });

      it('corrects errors hidden in high bit planes only (top plane and mixed valuations)', () => {
        const { R, O, secrets, shares } = setting(n, bits, t);
        const cheaters = pickParties(n, t);
        cheaters.forEach((p, k) => {
          // The first cheater only touches the top plane; the others pick a random plane per element.
          const plane = (i: number) => (k === 0 ? bits - 1 : 1 + ((i * 7 + k * 13) % (bits - 1)));
          corrupt(R, O, shares, p, ALL, (i) => errorAtPlane(O, plane(i)));
        });
        const opened = openRobust(R, t, shares);
        expect(opened.values).toEqual(secrets);
        expect(opened.corruptParties).toEqual(cheaters);
      });

      it('corrects cheaters whose shares lie on another degree-t polynomial agreeing with t honest parties', () => {
        const { R, O, secrets, shares } = setting(n, bits, t);
        const cheaters = pickParties(n, t);
        const fooled = pickParties(n, t, cheaters);
        for (const topPlaneOnly of [false, true]) {
          // g(x) = c · Π_{h ∈ fooled} (x − x_h): f + g has degree t, matches f on `fooled` and is what the cheaters
          // report, so 2t shares agree with the wrong polynomial against 2t + 1 with the right one.
          const c = topPlaneOnly ? O.constant(1n << BigInt(bits - 1)) : O.random();
          const g = (p: number) => fooled.reduce((acc, h) => O.mul(acc, O.sub(O.point(p), O.point(h))), c);
          for (const p of cheaters) corrupt(R, O, shares, p, ALL, () => g(p));
          const opened = openRobust(R, t, shares);
          expect(opened.values).toEqual(secrets);
          expect(opened.corruptParties).toEqual(cheaters);
          for (const p of cheaters) corrupt(R, O, shares, p, ALL, () => O.sub(O.constant(0n), g(p)));
        }
      });

      it('finds cheaters who each corrupt a different single element of the batch', () => {
        const { R, O, secrets, shares } = setting(n, bits, t);
        const cheaters = pickParties(n, t);
        for (const [k, p] of cheaters.entries()) {
          corrupt(R, O, shares, p, [COUNT - 1 - 3 * k], () => errorAtPlane(O, k * 5));
        }
        const opened = openRobust(R, t, shares);
        expect(opened.values).toEqual(secrets);
        expect(opened.corruptParties).toEqual(cheaters);
      });

      it('corrects errors together with missing parties while 2·errors + erasures ≤ n − t − 1', () => {
        const budget = n - t - 1;
        for (let erasures = 1; erasures <= budget; erasures++) {
          const errors = Math.min(t, Math.floor((budget - erasures) / 2));
          const { R, O, secrets, shares } = setting(n, bits, t);
          const missing = pickParties(n, erasures);
          for (const p of missing) shares[p - 1] = undefined;
          const cheaters = pickParties(n, errors, missing);
          for (const p of cheaters) corrupt(R, O, shares, p, ALL, (i) => errorAtPlane(O, i % bits));
          const opened = openRobust(R, t, shares);
          expect(opened.values).toEqual(secrets);
          expect(opened.corruptParties).toEqual(cheaters);
        }
      });

      it('opens degree-2t sharings with ⌊(n − 2t − 1)/2⌋ cheaters and rejects one more', () => {
        const degree = 2 * t;
        const errors = Math.floor((n - degree - 1) / 2);
        const { R, O, secrets, shares } = setting(n, bits, degree);
        const cheaters = pickParties(n, errors + 1);
        for (const p of cheaters.slice(0, errors)) corrupt(R, O, shares, p, ALL, () => O.random());
        const opened = openRobust(R, degree, shares);
        expect(opened.values).toEqual(secrets);
        expect(opened.corruptParties).toEqual(cheaters.slice(0, errors));
        corrupt(R, O, shares, cheaters[errors], ALL, () => O.random());
        expectFailure(() => openRobust(R, degree, shares));
      });

      it('agrees with the plane-by-plane lifted decoder (BigInt oracle) on random error patterns', () => {
        const { R, O, secrets, shares } = setting(n, bits, t);
        const F = R.field;
        const elements = [0, 1, 2];
        const cheaters = pickParties(n, t);
        // Per element, each cheater errs at a random valuation (or not at all).
        for (const p of cheaters) {
          corrupt(R, O, shares, p, elements, () =>
            randomInt(4) === 0 ? O.constant(0n) : errorAtPlane(O, randomInt(bits)),
          );
        }
        const sub = shares.map((v) => R.slice(v!, 0, elements.length).slice());
        const opened = openRobust(R, t, sub);
        const parties = Array.from({ length: n }, (_, i) => i + 1);
        const oracleLiars = new Set<number>();
        for (const i of elements) {
          const ys = parties.map((p) => readElement(R, shares[p - 1]!, i));
          const oracle = liftedDecodeOracle(O, parties, ys, t, (points, word, k) =>
            decodeGao(F, points, word, k),
          );
          expect(oracle).toBeDefined();
          expect(oracle!.value).toEqual(readElement(R, secrets, i));
          expect(readElement(R, opened.values, i)).toEqual(oracle!.value);
          for (const p of oracle!.liars) oracleLiars.add(p);
        }
        expect(opened.corruptParties).toEqual([...oracleLiars].sort((a, b) => a - b));
      });

      it('throws (never a wrong value) with t + 1 random cheaters', () => {
        const { R, O, shares } = setting(n, bits, t);
        for (const p of pickParties(n, t + 1)) corrupt(R, O, shares, p, ALL, () => O.random());
        expectFailure(() => openRobust(R, t, shares));
      });

      it('throws when errors and erasures together exceed the bound, or too few shares arrive', () => {
        const { R, O, shares } = setting(n, bits, t);
        // t − 1 erasures and t + 1 errors: 2(t + 1) + (t − 1) = 3t + 1 > n − t − 1 = 2t.
        const missing = pickParties(n, t - 1);
        for (const p of missing) shares[p - 1] = undefined;
        for (const p of pickParties(n, t + 1, missing)) corrupt(R, O, shares, p, ALL, () => O.random());
        expectFailure(() => openRobust(R, t, shares));
        for (const p of pickParties(n, n - t, [])) shares[p - 1] = undefined;
        expectFailure(() => openRobust(R, t, shares), 'TooFewShares');
      });
    });
  }

  it('scales to larger rings: n = 31 (d = 5) and n = 64 (d = 7) with t liars at mixed planes', () => {
    for (const n of [31, 64]) {
      const t = Math.floor((n - 1) / 3);
      const { R, O, secrets, shares } = setting(n, 64, t);
      expect(R.degree).toBe(n === 31 ? 5 : 7);
      const cheaters = pickParties(n, t);
      for (const [k, p] of cheaters.entries()) corrupt(R, O, shares, p, ALL, () => errorAtPlane(O, k % 64));
      const opened = openRobust(R, t, shares);
      expect(opened.values).toEqual(secrets);
      expect(opened.corruptParties).toEqual(cheaters);
    }
  });

  it('withstands the reusable lying strategies of shares.malicious.ts (n = 13, both rings)', () => {
    for (const bits of [64, 128] as const) {
      const t = 4;
      const cheaters = pickParties(13, t);
      const fooled = pickParties(13, t, cheaters);
      // A colluding lie shifted to the top plane vanishes where its seed is even; element 5 (the sparse case
      // below) gets an odd seed so that every lie really changes the share.
      const seed = () => {
        const v = galoisRing(bits, 4).randomVector(COUNT);
        v[5 * galoisRing(bits, 4).wordsPerElement] |= 1n;
        return v;
      };
      const lies: ShareLie[] = [
        { kind: 'garbage' },
        { kind: 'plane', plane: bits - 1 },
        { kind: 'collude', fooled, seed: seed() },
        { kind: 'collude', fooled, plane: bits - 1, seed: seed() },
      ];
      for (const lie of lies) {
        const { R, secrets, shares } = setting(13, bits, t);
        for (const p of cheaters) shares[p - 1] = lieAbout(R, shares[p - 1]!, p, lie);
        const opened = openRobust(R, t, shares, { maxErrors: t });
        expect(opened.values).toEqual(secrets);
        expect(opened.corruptParties).toEqual(cheaters);
        // Only one element touched: the liars are still named, the batch still opens.
        const sparse = setting(13, bits, t);
        for (const p of cheaters) sparse.shares[p - 1] = lieAbout(R, sparse.shares[p - 1]!, p, lie, [5]);
        const reopened = openRobust(R, t, sparse.shares);
        expect(reopened.values).toEqual(sparse.secrets);
        expect(reopened.corruptParties).toEqual(cheaters);
      }
    }
  });

  it('gives the same result on the TypeScript kernels (no wasm)', () => {
    for (const bits of [64, 128] as const) {
      const R = new GaloisRing(bits, 3, { wasm: false });
      expect(R.backend).toBe('js');
      const secrets = R.randomVector(COUNT);
      const shares: (BigUint64Array | undefined)[] = shareSecrets(R, secrets, 2, 7);
      shares[1] = lieAbout(R, shares[1]!, 2, { kind: 'plane', plane: 17 });
      shares[4] = lieAbout(R, shares[4]!, 5, { kind: 'garbage' });
      const opened = openRobust(R, 2, shares);
      expect(opened.values).toEqual(secrets);
      expect(opened.corruptParties).toEqual([2, 5]);
    }
  });

  it('honours maxErrors below the radius (known-bad parties already deducted)', () => {
    const { R, O, secrets, shares } = setting(13, 64, 4);
    const cheaters = pickParties(13, 3);
    for (const p of cheaters) corrupt(R, O, shares, p, ALL, () => O.random());
    expect(openRobust(R, 4, shares, { maxErrors: 3 }).values).toEqual(secrets);
    const failure = expectFailure(() => openRobust(R, 4, shares, { maxErrors: 2 }), 'TooManyErrors');
    expect(failure.suspectParties.length).toBeGreaterThan(2);
  });

  it('keeps share values out of error messages', () => {
    const { R, O, shares } = setting(4, 64, 1);
    for (const p of [1, 3]) corrupt(R, O, shares, p, ALL, () => O.random());
    const failure = expectFailure(() => openRobust(R, 1, shares));
    for (const v of shares)
      for (const w of v!.slice(0, 8)) expect(failure.message).not.toContain(w.toString());
  });

  it('rejects malformed input with InvalidArgumentError', () => {
    const R = galoisRing(64, 3);
    const shares = shareSecrets(R, R.randomVector(5), 1, 4) as (BigUint64Array | undefined)[];
    expect(() => openRobust(R, 4, shares)).toThrow(InvalidArgumentError);
    expect(() => openRobust(R, 1, [...shares.slice(0, 3), R.alloc(4)])).toThrow(/shares\[3\]/);
    expect(() => openRobust(R, 1, new Array(8).fill(R.alloc(1)))).toThrow(/shares.length/);
    expect(() => openRobust(R, 1, shares, { maxErrors: -1 })).toThrow(/maxErrors/);
  });
});
