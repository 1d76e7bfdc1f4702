import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.ts';
import { degreeForParties, GaloisRing, galoisRing } from './galois-ring.ts';
import { lagrangeAtZero, lagrangeCoefficients } from './lagrange.ts';
import { refAdd, refMul, seededBigints } from './reference.test-util.ts';
import { type RingBits, valuesToWords, wordsToValues } from './words.ts';

const COUNT = 37;
const cases: [RingBits, number][] = [];
for (const bits of [64, 128] as const) for (let d = 3; d <= 8; d++) cases.push([bits, d]);

function elements(R: GaloisRing, v: BigUint64Array): bigint[][] {
  return Array.from({ length: R.count(v) }, (_, i) => R.toBigints(v, i));
}

describe.each(cases)('GR(2^%i, %i)', (bits, d) => {
  const rings = { wasm: galoisRing(bits, d), js: new GaloisRing(bits, d, { wasm: false }) };

  describe.each(Object.entries(rings))('%s kernels', (_name, R) => {
    const a = R.fromBigints(seededBigints(1 + d, COUNT * d, bits));
    const b = R.fromBigints(seededBigints(100 + d, COUNT * d, bits));
    const c = R.fromBigints(seededBigints(200 + d, COUNT * d, bits));
    const A = elements(R, a);
    const B = elements(R, b);
    const C = elements(R, c);

    it('mul, mulAdd match the BigInt schoolbook reference', () => {
      const out = R.alloc(COUNT);
      R.mul(out, a, b);
      expect(elements(R, out)).toEqual(A.map((x, i) => refMul(bits, d, x, B[i])));
      const acc = c.slice();
      R.mulAdd(acc, a, b);
      expect(elements(R, acc)).toEqual(A.map((x, i) => refAdd(bits, C[i], refMul(bits, d, x, B[i]))));
      // In place: out aliases an input.
      const inPlace = a.slice();
      R.mul(inPlace, inPlace, b);
      expect(R.equals(inPlace, out)).toBe(true);
    });

    it('add, sub, neg match the reference', () => {
      const out = R.alloc(COUNT);
      R.add(out, a, b);
      expect(elements(R, out)).toEqual(A.map((x, i) => refAdd(bits, x, B[i])));
      R.sub(out, out, b);
      expect(R.equals(out, a)).toBe(true);
      R.neg(out, a);
      R.add(out, out, a);
      expect(R.equals(out, R.alloc(COUNT))).toBe(true);
    });

    it('mulConst, mulConstAdd, mulInteger, linearCombination, sum match the reference', () => {
      const k = R.element(c, 0);
      const K = C[0];
      const out = R.alloc(COUNT);
      R.mulConst(out, a, k);
      expect(elements(R, out)).toEqual(A.map((x) => refMul(bits, d, K, x)));
      const acc = b.slice();
      R.mulConstAdd(acc, a, k);
      expect(elements(R, acc)).toEqual(A.map((x, i) => refAdd(bits, B[i], refMul(bits, d, K, x))));
      R.mulInteger(out, a, 3n);
      expect(elements(R, out)).toEqual(A.map((x) => x.map((y) => BigInt.asUintN(bits, 3n * y))));
      const constants = R.slice(c, 1, 4);
      R.linearCombination(out, [a, b, c], constants);
      const expected = A.map((x, i) =>
        refAdd(
          bits,
          refAdd(bits, refMul(bits, d, C[1], x), refMul(bits, d, C[2], B[i])),
          refMul(bits, d, C[3], C[i]),
        ),
      );
      expect(elements(R, out)).toEqual(expected);
      R.sum(out, [a, b, c]);
      expect(elements(R, out)).toEqual(A.map((x, i) => refAdd(bits, refAdd(bits, x, B[i]), C[i])));
      expect(() => R.linearCombination(b, [a, b], R.slice(c, 0, 2))).toThrow(InvalidArgumentError);
    });

    it('dot and dotIntegers match the reference', () => {
      let expected = new Array<bigint>(d).fill(0n);
      for (let i = 0; i < COUNT; i++) expected = refAdd(bits, expected, refMul(bits, d, A[i], B[i]));
      expect(R.toBigints(R.dot(a, b))).toEqual(expected);
      const ints = seededBigints(7, COUNT, bits);
      expected = new Array<bigint>(d).fill(0n);
      for (let i = 0; i < COUNT; i++)
        expected = refAdd(
          bits,
          expected,
          A[i].map((x) => x * ints[i]),
        );
      expect(R.toBigints(R.dotIntegers(valuesToWords(bits, ints), a))).toEqual(expected);
    });

    it('satisfies the ring axioms on random elements', () => {
      const ab = R.alloc(COUNT);
      const left = R.alloc(COUNT);
      const right = R.alloc(COUNT);
      R.mul(ab, a, b);
      R.mul(left, ab, c);
      R.mul(right, b, c);
      R.mul(right, a, right);
      expect(R.equals(left, right)).toBe(true); // associativity
      R.mul(right, b, a);
      expect(R.equals(ab, right)).toBe(true); // commutativity
      R.add(left, b, c);
      R.mul(left, a, left);
      R.mul(right, a, c);
      R.add(right, ab, right);
      expect(R.equals(left, right)).toBe(true); // distributivity
      const ones = R.alloc(COUNT);
      for (let i = 0; i < COUNT; i++) ones.set(R.one(), i * R.wordsPerElement);
      R.mul(left, a, ones);
      expect(R.equals(left, a)).toBe(true);
    });
  });

  it('runs wasm kernels that agree with the TypeScript kernels across chunk boundaries', () => {
    expect(rings.wasm.backend).toBe('wasm');
    const [W, J] = [rings.wasm, rings.js];
    const count = 2500; // several 32 KiB chunks for every (k, d)
    const a = W.randomVector(count);
    const b = W.randomVector(count);
    const c = W.element(W.randomVector(1), 0);
    const outW = W.alloc(count);
    const outJ = J.alloc(count);
    for (const op of ['add', 'sub', 'mul', 'mulAdd'] as const) {
      W[op](outW, a, b);
      J[op](outJ, a, b);
      expect(W.equals(outW, outJ), op).toBe(true);
    }
    W.neg(outW, a);
    J.neg(outJ, a);
    expect(W.equals(outW, outJ), 'neg').toBe(true);
    W.mulConstAdd(outW, a, c);
    J.mulConstAdd(outJ, a, c);
    expect(W.equals(outW, outJ), 'mulConstAdd').toBe(true);
    W.linearCombination(outW, [a, b], W.slice(b, 0, 2));
    J.linearCombination(outJ, [a, b], J.slice(b, 0, 2));
    expect(W.equals(outW, outJ), 'linearCombination').toBe(true);
    const ints = W.constantCoefficients(b);
    expect(W.equals(W.dotIntegers(ints, a), J.dotIntegers(ints, a)), 'dotIntegers').toBe(true);
  });

  it('computes dotIntegersRows like one dotIntegers per row, over several row groups and chunks', () => {
    const R = rings.wasm;
    const length = 700;
    const rowStride = length + 1;
    const batch = bits === 128 && d === 8 ? 300 : 20; // 300 > the 256 accumulators of one group at (128, 8)
    const v = R.randomVector(length);
    const rows = R.constantCoefficients(R.randomVector(batch * rowStride));
    const out = R.alloc(batch);
    R.dotIntegersRows(out, rows, rowStride, v);
    const expected = R.alloc(batch);
    const wc = R.wordsPerCoefficient;
    for (let b = 0; b < batch; b++) {
      const row = rows.subarray(b * rowStride * wc, (b * rowStride + length) * wc);
      expected.set(R.dotIntegers(row, v), b * R.wordsPerElement);
    }
    expect(R.equals(out, expected)).toBe(true);
    const outJ = rings.js.alloc(3);
    rings.js.dotIntegersRows(outJ, rows, rowStride, v);
    expect(R.equals(outJ, R.slice(expected, 0, 3))).toBe(true);
    expect(() => R.dotIntegersRows(R.alloc(batch + 1), rows, rowStride, v)).toThrow(
      /rows: expected at least/,
    );
  });

  // Strides 1 and 5: the group's span fits the row buffer (copied once); 9 at (128, 8): it does not, rows are
  // copied one by one although they overlap.
  it.each([1, 5, 9])(
    'computes dotIntegersRows(Add) over overlapping rows (stride %i) like one dotIntegers per row',
    (rowStride) => {
      const R = rings.wasm;
      const length = 700;
      const batch = bits === 128 && d === 8 ? 300 : 40;
      const v = R.randomVector(length);
      const rows = R.constantCoefficients(R.randomVector((batch - 1) * rowStride + length));
      const wc = R.wordsPerCoefficient;
      const expected = R.alloc(batch);
      for (let b = 0; b < batch; b++) {
        const row = rows.subarray(b * rowStride * wc, (b * rowStride + length) * wc);
        expected.set(rings.js.dotIntegers(row, v), b * R.wordsPerElement);
      }
      for (const ring of [R, rings.js]) {
        const out = ring.alloc(batch);
        ring.dotIntegersRows(out, rows, rowStride, v);
        expect(ring.equals(out, expected)).toBe(true);
        const start = ring.randomVector(batch);
        const acc = start.slice();
        ring.dotIntegersRowsAdd(acc, rows, rowStride, v);
        const sum = ring.alloc(batch);
        ring.add(sum, start, expected);
        expect(ring.equals(acc, sum)).toBe(true);
      }
      expect(() => R.dotIntegersRows(R.alloc(batch), rows, 0, v)).toThrow(/rowStride/);
      expect(() => R.dotIntegersRows(R.alloc(batch + 1), rows, rowStride, v)).toThrow(
        /rows: expected at least/,
      );
    },
  );

  const R = rings.wasm;

  it('inverts units and rejects non-units', () => {
    const xs = R.randomVector(20);
    for (let i = 0; i < 20; i++) {
      const x = R.element(xs, i).slice();
      if (!R.isUnit(x)) x[0] ^= 1n; // flip bit 0 of the constant coefficient: now nonzero mod 2
      if (!R.isUnit(x)) continue;
      const y = R.inverse(x);
      const xy = R.alloc(1);
      R.mul(xy, x, y);
      expect(R.toBigints(xy)).toEqual(R.toBigints(R.one()));
    }
    const nonUnit = R.alloc(1);
    R.shiftLeft(nonUnit, R.element(xs, 0), 1);
    expect(() => R.inverse(nonUnit)).toThrow(/not a unit/);
    expect(() => R.inverse(R.zero())).toThrow(InvalidArgumentError);
  });

  it('has exceptional points whose pairwise differences are units', () => {
    const n = 1 << d;
    const points = R.exceptionalPoints(Array.from({ length: n }, (_, i) => i));
    expect(R.toBigints(R.exceptionalPoint(0))).toEqual(new Array(d).fill(0n));
    expect(R.toBigints(R.exceptionalPoint(1))).toEqual(R.toBigints(R.one()));
    expect(R.toBigints(R.exceptionalPoint(5)).slice(0, 3)).toEqual([1n, 0n, 1n]);
    const diff = R.alloc(n);
    const repeated = R.alloc(n);
    const nonUnits: string[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) repeated.set(R.element(points, i), j * R.wordsPerElement);
      R.sub(diff, points, repeated);
      R.bitPlane(diff, 0).forEach((residue, j) => {
        if (j !== i && residue === 0) nonUnits.push(`x${i} − x${j}`);
      });
    }
    expect(nonUnits).toEqual([]);
    expect(() => R.exceptionalPoint(n)).toThrow(InvalidArgumentError);
  });

  it('splits into bit planes and embeds them back', () => {
    const v = R.randomVector(9);
    const rebuilt = R.alloc(9);
    const term = R.alloc(9);
    for (let bit = 0; bit < bits; bit++) {
      R.embedBitPlane(term, R.bitPlane(v, bit), bit);
      R.add(rebuilt, rebuilt, term);
    }
    expect(R.equals(rebuilt, v)).toBe(true);
    expect(R.reduceMod2(v, 3)).toBe(R.bitPlane(v, 0)[3]);
    const halved = R.alloc(9);
    R.shiftRight(halved, v, 1);
    R.shiftLeft(halved, halved, 1);
    R.embedBitPlane(term, R.bitPlane(v, 0), 0);
    R.add(halved, halved, term);
    expect(R.equals(halved, v)).toBe(true);
  });

  it('reconstructs a random polynomial at 0 and at another point with Lagrange coefficients', () => {
    const t = Math.min(4, (1 << d) - 2);
    const coefficients = Array.from({ length: t + 1 }, () => R.randomVector(5));
    const evaluate = (x: BigUint64Array) => {
      const out = R.alloc(5);
      R.linearCombination(out, coefficients, R.powers(x, t + 1));
      return out;
    };
    const parties = [2, 3, 5, 6, 7].slice(0, t + 1);
    const shares = parties.map((p) => evaluate(R.exceptionalPoint(p)));
    const secret = R.alloc(5);
    R.linearCombination(secret, shares, lagrangeAtZero(R, parties));
    expect(R.equals(secret, coefficients[0])).toBe(true);
    const at = R.exceptionalPoint(1);
    R.linearCombination(secret, shares, lagrangeCoefficients(R, parties, at));
    expect(R.equals(secret, evaluate(at))).toBe(true);
    expect(() => lagrangeAtZero(R, [1, 1])).toThrow(/twice/);
  });

  it('embeds integers in the constant coefficient and reads them back', () => {
    const values = seededBigints(3, 6, bits);
    const v = R.embedIntegers(valuesToWords(bits, values));
    expect(wordsToValues(bits, R.constantCoefficients(v))).toEqual(values);
    expect(R.toBigints(R.embedInteger(-1n))[0]).toBe((1n << BigInt(bits)) - 1n);
  });
});

describe('ring edges', () => {
  it('chooses the degree from the number of parties', () => {
    expect([1, 4, 7, 8, 13, 15, 16, 31, 32, 127, 128, 255].map(degreeForParties)).toEqual([
      3, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8, 8,
    ]);
    expect(() => degreeForParties(256)).toThrow(InvalidArgumentError);
  });

  it('rejects vectors of the wrong shape with a message naming the argument', () => {
    const R = galoisRing(64, 4);
    expect(() => R.add(R.alloc(2), R.alloc(2), R.alloc(3))).toThrow(/expected 2 elements/);
    expect(() => R.count(new BigUint64Array(5))).toThrow(/multiple of 4/);
    expect(() => galoisRing(64, 9)).toThrow(/degree/);
  });
});
