// Sums of Hankel products against two oracles: one plain overlapping-row dotIntegersRows(Add) call per sequence
// (the kernels' own path, no Karatsuba), and for small sizes a BigInt recomputation coefficient by coefficient.
import { randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.ts';
import { type GaloisRing, galoisRing } from './galois-ring.ts';
import { HankelColumns, hankelProducts } from './hankel.ts';
import { type RingBits, readValue, wrap } from './words.ts';

function randomWords(length: number): BigUint64Array {
  const out = new BigUint64Array(length);
  for (let at = 0; at < length; at += 8192) randomFillSync(out.subarray(at, Math.min(length, at + 8192)));
  return out;
}

/** `count` random sequences long enough for `rows` × `cols` matrices (plus a few spare values past the end). */
function randomSequences(R: GaloisRing, count: number, rows: number, cols: number): BigUint64Array[] {
  return Array.from({ length: count }, () => randomWords((rows + cols + 2) * R.wordsPerCoefficient));
}

function plainProducts(R: GaloisRing, rows: number, sequences: BigUint64Array[], vectors: BigUint64Array[]) {
  const out = R.alloc(rows);
  sequences.forEach((seq, p) => {
    R.dotIntegersRowsAdd(out, seq, 1, vectors[p]);
  });
  return out;
}

/** out[r] coefficient i = Σ_p Σ_c seq_p[r + c] · v_p[c]_i mod 2^k, in BigInt. */
function bigintProducts(R: GaloisRing, rows: number, sequences: BigUint64Array[], vectors: BigUint64Array[]) {
  const bits = R.bits as RingBits;
  const cols = R.count(vectors[0]);
  const out: bigint[][] = [];
  for (let r = 0; r < rows; r++) {
    const acc = new Array<bigint>(R.degree).fill(0n);
    sequences.forEach((seq, p) => {
      for (let c = 0; c < cols; c++) {
        const x = readValue(bits, seq, r + c);
        const v = R.toBigints(vectors[p], c);
        for (let i = 0; i < R.degree; i++) acc[i] += x * v[i];
      }
    });
    out.push(acc.map((a) => wrap(bits, a)));
  }
  return out;
}

const rings: [RingBits, number][] = [
  [128, 4],
  [64, 3],
];
const counts = [1, 5, 16, 31, 64, 128];
// Leaves and smallest Karatsuba block: the defaults, and small ones so that small matrices recurse deeply too.
const settings: [string, { plainRows?: number; karatsubaRows?: number }][] = [
  ['default blocks', {}],
  ['leaves of 1 row from 2 rows on', { plainRows: 1, karatsubaRows: 2 }],
  ['leaves of 2 rows from 4 rows on', { plainRows: 2, karatsubaRows: 4 }],
];

describe.each(rings)('GR(2^%i, %i)', (bits, degree) => {
  const R = galoisRing(bits, degree);

  describe.each([64, 256, 1024])('N = %i', (N) => {
    // Two sequences, as two GLWE polynomials against two key segments.
    const vectors = [R.randomVector(N), R.randomVector(N)];
    const columns = new HankelColumns(R, vectors);

    it.each(counts)('%i rows equal the plain kernel for every block setting', (rows) => {
      const sequences = randomSequences(R, 2, rows, N);
      const expected = plainProducts(R, rows, sequences, vectors);
      for (const [, options] of settings) {
        const out = R.randomVector(rows);
        hankelProducts(out, sequences, columns, options);
        expect(R.equals(out, expected)).toBe(true);
      }
    });

    if (N <= 256) {
      it.each(counts)('%i rows equal the BigInt recomputation', (rows) => {
        const sequences = randomSequences(R, 2, rows, N);
        const expected = bigintProducts(R, rows, sequences, vectors);
        for (const [, options] of settings) {
          const out = R.alloc(rows);
          hankelProducts(out, sequences, columns, options);
          expect(Array.from({ length: rows }, (_, r) => R.toBigints(out, r))).toEqual(expected);
        }
      });
    }
  });

  it('columns that are no multiple of the block size (tail columns) and more rows than columns', () => {
    for (const [rows, cols] of [
      [64, 100],
      [37, 45],
      [128, 40],
      [9, 3],
    ]) {
      const vectors = [R.randomVector(cols), R.randomVector(cols), R.randomVector(cols)];
      const columns = new HankelColumns(R, vectors);
      const sequences = randomSequences(R, 3, rows, cols);
      const expected = bigintProducts(R, rows, sequences, vectors);
      for (const [, options] of settings) {
        const out = R.alloc(rows);
        hankelProducts(out, sequences, columns, options);
        expect(Array.from({ length: rows }, (_, r) => R.toBigints(out, r))).toEqual(expected);
      }
    }
  });

  it('accumulates into out, and reads sequences as views at any offset', () => {
    const rows = 64;
    const N = 256;
    const vectors = [R.randomVector(N)];
    const columns = new HankelColumns(R, vectors);
    const backing = randomWords((rows + N + 7) * R.wordsPerCoefficient);
    const sequences = [backing.subarray(3 * R.wordsPerCoefficient)];
    const start = R.randomVector(rows);
    const expected = plainProducts(R, rows, sequences, vectors);
    R.add(expected, expected, start);
    const out = start.slice();
    hankelProducts(out, sequences, columns, { accumulate: true });
    expect(R.equals(out, expected)).toBe(true);
  });
});

describe('hankelProducts arguments', () => {
  const R = galoisRing(128, 4);
  const vectors = [R.randomVector(64), R.randomVector(64)];
  const columns = new HankelColumns(R, vectors);

  it('rejects short sequences, a wrong number of them, and an out overlapping its inputs', () => {
    const rows = 32;
    const sequences = randomSequences(R, 2, rows, 64);
    expect(() => hankelProducts(R.alloc(rows), [sequences[0]], columns)).toThrow(InvalidArgumentError);
    const short = [sequences[0], sequences[1].subarray(0, 2 * (rows + 62))];
    expect(() => hankelProducts(R.alloc(rows), short, columns)).toThrow(/sequences\[1\]: expected at least/);
    const overlapping = new BigUint64Array(sequences[0].buffer, 0, 8 * R.wordsPerElement);
    expect(() => hankelProducts(overlapping, sequences, columns)).toThrow(/must not overlap/);
  });

  it('rejects vectors of different lengths', () => {
    expect(() => new HankelColumns(R, [R.randomVector(64), R.randomVector(63)])).toThrow(
      /vectors\[1\]: expected 64 elements/,
    );
  });
});
