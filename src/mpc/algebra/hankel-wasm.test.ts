// Negacyclic Hankel products in wasm memory against two oracles: the plain overlapping-row dotIntegersRows(Add)
// kernel over the explicit extended sequences [−a_p, a_p], and for small sizes a BigInt recomputation.
import { randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.ts';
import { type GaloisRing, galoisRing } from './galois-ring.ts';
import { NegacyclicHankelColumns, negacyclicHankelProducts } from './hankel-wasm.ts';
import { wasmHeap } from './kernels-wasm.ts';
import { readValue } from './words.ts';

function randomWords(length: number): BigUint64Array {
  const out = new BigUint64Array(length);
  for (let at = 0; at < length; at += 8192) randomFillSync(out.subarray(at, Math.min(length, at + 8192)));
  return out;
}

/** G_p = [−a_p, a_p] as explicit 2N-value sequences. */
function extended(polynomials: BigUint64Array, k: number, N: number): BigUint64Array[] {
  return Array.from({ length: k }, (_, p) => {
    const a = polynomials.subarray(2 * p * N, 2 * (p + 1) * N);
    const seq = new BigUint64Array(4 * N);
    for (let q = 0; q < N; q++) {
      const v = BigInt.asUintN(128, -((a[2 * q + 1] << 64n) | a[2 * q]));
      seq[2 * q] = BigInt.asUintN(64, v);
      seq[2 * q + 1] = v >> 64n;
    }
    seq.set(a, 2 * N);
    return seq;
  });
}

function plainProducts(
  R: GaloisRing,
  rows: number,
  sequences: BigUint64Array[],
  start: number,
  vectors: BigUint64Array[],
) {
  const out = R.alloc(rows);
  sequences.forEach((seq, p) => {
    R.dotIntegersRowsAdd(out, seq.subarray(2 * start), 1, vectors[p]);
  });
  return out;
}

function bigintProducts(
  R: GaloisRing,
  rows: number,
  sequences: BigUint64Array[],
  start: number,
  vectors: BigUint64Array[],
) {
  const N = R.count(vectors[0]);
  const out = R.alloc(rows);
  for (let r = 0; r < rows; r++) {
    const acc = new Array<bigint>(R.degree).fill(0n);
    sequences.forEach((seq, p) => {
      for (let c = 0; c < N; c++) {
        const x = readValue(128, seq, start + r + c);
        const v = R.toBigints(vectors[p], c);
        for (let i = 0; i < R.degree; i++) acc[i] += x * v[i];
      }
    });
    out.set(R.fromBigints(acc.map((a) => BigInt.asUintN(128, a))), r * R.wordsPerElement);
  }
  return out;
}

describe('negacyclicHankelProducts', () => {
  it('runs on the wasm kernels here', () => {
    expect(wasmHeap()).toBeDefined();
  });

  describe.each([4, 3])('GR(2^128, %i)', (degree) => {
    const R = galoisRing(128, degree);
    describe.each([
      [2, 64],
      [3, 256],
      [6, 1024],
    ])('k = %i, N = %i', (k, N) => {
      const vectors = Array.from({ length: k }, () => R.randomVector(N));
      const columns = NegacyclicHankelColumns.create(R, vectors)!;
      const counts = [1, 2, 3, 5, 16, 31, 64, 100, 128].filter((c) => c <= N);
      it.each(counts)('%i rows at the first, a middle and the last start equal the plain kernel', (rows) => {
        const polynomials = randomWords(2 * k * N);
        const sequences = extended(polynomials, k, N);
        for (const start of [0, Math.floor((N + 1 - rows) / 3), N + 1 - rows]) {
          const expected = plainProducts(R, rows, sequences, start, vectors);
          for (const options of [
            {},
            { leafRows: 2 },
            { leafRows: 4, maxBlockRows: 16 },
            { maxBlockRows: 1 },
          ]) {
            const out = R.alloc(rows);
            negacyclicHankelProducts(out, polynomials, start, columns, options);
            expect(R.equals(out, expected)).toBe(true);
          }
        }
      });
    });
  });

  it('equals a BigInt recomputation (GR(2^128, 5), k = 2, N = 32, edge values)', () => {
    const R = galoisRing(128, 5);
    const N = 32;
    const vectors = [R.randomVector(N), R.randomVector(N)];
    vectors[0].fill(0xffff_ffff_ffff_ffffn, 0, 2 * R.degree);
    const columns = NegacyclicHankelColumns.create(R, vectors)!;
    const polynomials = randomWords(4 * N);
    polynomials.fill(0xffff_ffff_ffff_ffffn, 0, 8);
    polynomials.fill(0n, 8, 16);
    polynomials[16] = 1n;
    const sequences = extended(polynomials, 2, N);
    for (const rows of [1, 7, 32]) {
      const out = R.alloc(rows);
      negacyclicHankelProducts(out, polynomials, 1, columns);
      expect(R.equals(out, bigintProducts(R, rows, sequences, 1, vectors))).toBe(true);
    }
  });

  it('reads the polynomials as little-endian bytes at any offset like the words', () => {
    const R = galoisRing(128, 4);
    const N = 256;
    const vectors = [R.randomVector(N), R.randomVector(N), R.randomVector(N)];
    const columns = NegacyclicHankelColumns.create(R, vectors)!;
    const polynomials = randomWords(6 * N);
    const expected = R.alloc(16);
    negacyclicHankelProducts(expected, polynomials, 3, columns);
    const raw = new Uint8Array(polynomials.buffer);
    for (const shift of [1, 3, 8]) {
      const padded = new Uint8Array(raw.length + shift);
      padded.set(raw, shift);
      const out = R.alloc(16);
      negacyclicHankelProducts(out, padded.subarray(shift), 3, columns);
      expect(R.equals(out, expected)).toBe(true);
    }
    expect(R.equals(expected, plainProducts(R, 16, extended(polynomials, 3, N), 3, vectors))).toBe(true);
  });

  it('keeps working when the layouts of many vectors exceed the budget and the memory grows', () => {
    const R = galoisRing(128, 8);
    const N = 1024;
    const polynomials = randomWords(2 * 6 * N);
    for (let key = 0; key < 14; key++) {
      const vectors = Array.from({ length: 6 }, () => R.randomVector(N));
      const columns = NegacyclicHankelColumns.create(R, vectors)!;
      const out = R.alloc(128);
      negacyclicHankelProducts(out, polynomials, 0, columns);
      const expected = plainProducts(R, 128, extended(polynomials, 6, N), 0, vectors);
      expect(R.equals(out, expected)).toBe(true);
    }
  });

  it('checks its arguments', () => {
    const R = galoisRing(128, 4);
    const columns = NegacyclicHankelColumns.create(R, [R.randomVector(16), R.randomVector(16)])!;
    const polynomials = randomWords(64);
    expect(() => negacyclicHankelProducts(R.alloc(4), polynomials, 14, columns)).toThrow(
      InvalidArgumentError,
    );
    expect(() => negacyclicHankelProducts(R.alloc(4), polynomials.subarray(2), 0, columns)).toThrow(
      /polynomials: expected 64 words/,
    );
    expect(() => NegacyclicHankelColumns.create(R, [R.randomVector(12)])).toThrow(/power-of-two/);
    expect(() =>
      NegacyclicHankelColumns.create(galoisRing(64, 4), [galoisRing(64, 4).randomVector(16)]),
    ).toThrow(/GR\(2\^128/);
  });
});
