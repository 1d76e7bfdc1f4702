// The WebAssembly kernel against @noble/curves (the oracle): multiplication, validation and MSM on random and edge
// inputs, including points on the curve but outside the prime-order subgroup.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bls446, CurveError, type G1Point, type G2Point, msmG1, msmG2, P, R } from './index.ts';
import { FP_BYTES, kernelG1, kernelG2, packScalars, SCALAR_BYTES } from './kernel.ts';

const { Fp, Fp2, G1, G2 } = bls446;
const rnd = (bytes: number) => BigInt(`0x${randomBytes(bytes).toString('hex')}`);
const scalar = () => rnd(48) % R;
const g1 = () => G1.BASE.multiply((rnd(48) % (R - 1n)) + 1n);
const g2 = () => G2.BASE.multiply((rnd(48) % (R - 1n)) + 1n);
const EDGE_SCALARS = [
  0n,
  1n,
  2n,
  3n,
  15n,
  16n,
  R - 1n,
  R - 2n,
  (R - 1n) / 2n,
  1n << 64n,
  1n << 150n,
  1n << 298n,
];
const expectedMul = <T>(p: { multiply(s: bigint): T; is0(): boolean }, s: bigint, zero: T) =>
  s === 0n || p.is0() ? zero : p.multiply(s);

/** A point of E(Fp) (y² = x³ + 1) that is not in G1: a random curve point without cofactor clearing. */
function curvePointOutsideG1(): G1Point {
  for (;;) {
    const x = Fp.create(rnd(60));
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 1n);
    try {
      const p = new G1(x, Fp.sqrt(rhs), 1n);
      if (!p.isTorsionFree()) return p;
    } catch {}
  }
}

/** A point of the twist y² = x³ + (1 + u) that is not in G2. */
function curvePointOutsideG2(): G2Point {
  for (;;) {
    const x = Fp2.create({ c0: Fp.create(rnd(60)), c1: Fp.create(rnd(60)) });
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), Fp2.fromBigTuple([1n, 1n]));
    try {
      const p = new G2(x, Fp2.sqrt(rhs), Fp2.ONE);
      if (!p.isTorsionFree()) return p;
    } catch {}
  }
}

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof CurveError ? e.kind : `untyped: ${e}`;
  }
  return 'none';
}

describe('kernel: byte forms', () => {
  it('pack/unpack round-trips points and infinity; infinity is all zeros', () => {
    const g1s = [g1(), G1.ZERO, g1()];
    const back1 = kernelG1.unpack(kernelG1.pack(g1s));
    expect(back1.map((p, i) => p.equals(g1s[i]))).toEqual([true, true, true]);
    expect(kernelG1.pack([G1.ZERO]).every((b) => b === 0)).toBe(true);
    const g2s = [G2.ZERO, g2()];
    const back2 = kernelG2.unpack(kernelG2.pack(g2s));
    expect(back2.map((p, i) => p.equals(g2s[i]))).toEqual([true, true]);
    expect(kernelG2.pointBytes).toBe(4 * FP_BYTES);
  });

  it('scalars are little-endian and must be below r', () => {
    const bytes = packScalars([1n, R - 1n]);
    expect(bytes.length).toBe(2 * SCALAR_BYTES);
    expect(bytes[0]).toBe(1);
    expect(bytes[SCALAR_BYTES]).toBe(Number((R - 1n) & 0xffn));
    expect(kindOf(() => packScalars([R]))).toBe('InvalidArgument');
    expect(kindOf(() => packScalars([-1n]))).toBe('InvalidArgument');
  });

  it('rejects malformed buffers with typed errors', () => {
    const pts = kernelG1.pack([g1()]);
    expect(kindOf(() => kernelG1.mulBytes(pts.subarray(1), packScalars([1n])))).toBe('InvalidArgument');
    expect(kindOf(() => kernelG1.mulBytes(pts, packScalars([1n, 2n])))).toBe('InvalidArgument');
    expect(kindOf(() => kernelG2.msmBytes(kernelG2.pack([g2()]), packScalars([1n]), 0))).toBe(
      'InvalidArgument',
    );
    // x = p: not a canonical coordinate
    const bad = new Uint8Array(pts);
    let v = P;
    for (let i = 0; i < FP_BYTES; i++, v >>= 8n) bad[i] = Number(v & 0xffn);
    expect(kindOf(() => kernelG1.mulBytes(bad, packScalars([1n])))).toBe('InvalidEncoding');
    expect(kernelG1.firstInvalidBytes(bad)).toEqual({ index: 0, kind: 'NotOnCurve' });
  });
});

describe('kernel: constant-time multiplication', () => {
  it('G1: random and edge scalars, infinity inputs', () => {
    const points = [...EDGE_SCALARS.map(() => g1()), ...Array.from({ length: 6 }, g1), G1.ZERO, G1.BASE];
    const scalars = [...EDGE_SCALARS, ...Array.from({ length: 6 }, scalar), scalar(), R - 1n];
    const got = kernelG1.mul(points, scalars);
    got.forEach((p, i) => {
      expect(p.equals(expectedMul(points[i], scalars[i], G1.ZERO)), `#${i}`).toBe(true);
    });
  });

  it('G2: random and edge scalars, infinity inputs', () => {
    const points = [...EDGE_SCALARS.map(() => g2()), ...Array.from({ length: 3 }, g2), G2.ZERO, G2.BASE];
    const scalars = [...EDGE_SCALARS, ...Array.from({ length: 3 }, scalar), scalar(), R - 1n];
    const got = kernelG2.mul(points, scalars);
    got.forEach((p, i) => {
      expect(p.equals(expectedMul(points[i], scalars[i], G2.ZERO)), `#${i}`).toBe(true);
    });
  });

  it('the same point with every power of two, and an empty batch', () => {
    const p = g1();
    const scalars = Array.from({ length: 299 }, (_, k) => 1n << BigInt(k));
    const got = kernelG1.mul(
      scalars.map(() => p),
      scalars,
    );
    let expected = p;
    got.forEach((q, k) => {
      expect(q.equals(expected), `2^${k}`).toBe(true);
      expected = expected.double();
    });
    expect(kernelG1.mul([], [])).toEqual([]);
    expect(kernelG2.mulBytes(new Uint8Array(0), new Uint8Array(0)).length).toBe(0);
  });
});

describe('kernel: validation', () => {
  it('accepts subgroup points and matches noble on points outside the subgroup', () => {
    expect(kernelG1.firstInvalid([G1.BASE, g1(), g1()])).toBeNull();
    expect(kernelG2.firstInvalid([G2.BASE, g2()])).toBeNull();
    const out1 = [curvePointOutsideG1(), curvePointOutsideG1()];
    for (const p of out1) expect(p.isTorsionFree()).toBe(false);
    expect(kernelG1.firstInvalid([g1(), g1(), out1[0], out1[1]])).toEqual({
      index: 2,
      kind: 'NotInSubgroup',
    });
    const out2 = curvePointOutsideG2();
    expect(kernelG2.firstInvalid([g2(), out2])).toEqual({ index: 1, kind: 'NotInSubgroup' });
    // the cofactor-cleared point is in the subgroup again
    expect(kernelG1.firstInvalid([out1[0].clearCofactor()])).toBeNull();
    expect(kernelG2.firstInvalid([out2.clearCofactor()])).toBeNull();
  });

  it('reports points off the curve before later errors', () => {
    const p = g1().toAffine();
    const off1 = new G1(p.x, Fp.add(p.y, 1n), 1n);
    expect(kernelG1.firstInvalid([g1(), off1, curvePointOutsideG1()])).toEqual({
      index: 1,
      kind: 'NotOnCurve',
    });
    const q = g2().toAffine();
    const off2 = new G2(q.x, Fp2.add(q.y, Fp2.ONE), Fp2.ONE);
    expect(kernelG2.firstInvalid([off2])).toEqual({ index: 0, kind: 'NotOnCurve' });
  });

  it('allows infinity only at the index the caller names', () => {
    const list = [g1(), G1.ZERO, g1()];
    expect(kernelG1.firstInvalid(list)).toEqual({ index: 1, kind: 'Infinity' });
    expect(kernelG1.firstInvalid(list, 1)).toBeNull();
    expect(kernelG1.firstInvalid(list, 2)).toEqual({ index: 1, kind: 'Infinity' });
    expect(kernelG2.firstInvalid([G2.ZERO])).toEqual({ index: 0, kind: 'Infinity' });
    expect(kernelG2.firstInvalid([G2.ZERO], 0)).toBeNull();
  });
});

describe('kernel: MSM', () => {
  it('G1: random points and 128-bit scalars, repeated points, zeros and infinity', () => {
    const base = Array.from({ length: 40 }, g1);
    const points = [...base, base[3], base[3], G1.ZERO, base[7]];
    const scalars = points.map(() => rnd(16));
    scalars[5] = 0n;
    scalars[41] = scalars[3];
    const got = kernelG1.msm(points, scalars);
    expect(got.equals(msmG1(points, scalars))).toBe(true);
  });

  it('G1: full-size scalars and sums that cancel to infinity', () => {
    const p = g1();
    const q = g1();
    expect(kernelG1.msm([p, q, p], [R - 1n, 5n, 1n]).equals(q.multiply(5n))).toBe(true);
    expect(kernelG1.msm([p, p], [R - 1n, 1n]).is0()).toBe(true);
    expect(kernelG1.msm([p, q], [0n, 0n]).is0()).toBe(true);
    expect(kernelG1.msm([], []).is0()).toBe(true);
  });

  it('G2: random points, repeated points and zero scalars', () => {
    const base = Array.from({ length: 12 }, g2);
    const points = [...base, base[0], G2.ZERO];
    const scalars = points.map(() => rnd(16));
    scalars[2] = 0n;
    const got = kernelG2.msm(points, scalars);
    expect(got.equals(msmG2(points, scalars))).toBe(true);
    const big = [scalar(), scalar()];
    expect(kernelG2.msm(base.slice(0, 2), big).equals(msmG2(base.slice(0, 2), big))).toBe(true);
  });
});
