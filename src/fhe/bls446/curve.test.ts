import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assertG1,
  assertG2,
  BLS12_446_CONSTANTS,
  bls12,
  bls446,
  CurveError,
  type Fp2 as Fp2Element,
  type G1Point,
  type G2Point,
  msmG1,
  msmG2,
  mulG1,
  mulG2,
  P,
  pairing,
  pairingProductIsOne,
  R,
} from './index.ts';

const { Fp, Fp2, Fp12, G1, G2 } = bls446;
const rnd = (bytes = 40) => BigInt(`0x${randomBytes(bytes).toString('hex')}`);
const scalar = () => (rnd(48) % (R - 1n)) + 1n;
const inR = <T>(p: { multiplyUnsafe(s: bigint): { add(q: never): { is0(): boolean } } } & T) =>
  (p.multiplyUnsafe(R - 1n) as { add(q: unknown): { is0(): boolean } }).add(p).is0();

function randomCurveG1(): G1Point {
  for (;;) {
    const x = Fp.create(rnd(60));
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 1n);
    try {
      const y = Fp.sqrt(rhs);
      if (Fp.eql(Fp.sqr(y), rhs) && y !== 0n) return new G1(x, y, 1n);
    } catch {}
  }
}

function randomCurveG2(): G2Point {
  for (;;) {
    const x = Fp2.create({ c0: Fp.create(rnd(60)), c1: Fp.create(rnd(60)) });
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), Fp2.fromBigTuple([1n, 1n]));
    try {
      const y = Fp2.sqrt(rhs);
      if (Fp2.eql(Fp2.sqr(y), rhs)) return new G2(x, y, Fp2.ONE);
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

describe('BLS12-446 constants', () => {
  const { x } = BLS12_446_CONSTANTS;
  it('p, r, cofactors follow from x', () => {
    expect(R).toBe(x ** 4n - x ** 2n + 1n);
    expect(P).toBe(((x - 1n) ** 2n * R) / 3n + x);
    expect(P.toString(2).length).toBe(446);
    expect(R.toString(2).length).toBe(299);
    expect(P + 1n - (x + 1n)).toBe(bls446.h1 * R); // #E(Fp) = p + 1 − t
    const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
    expect(gcd(bls446.h1, bls446.h2)).toBe(1n);
    expect(bls446.h2 % R).not.toBe(0n);
  });

  it('Frobenius coefficients equal tfhe-zk-pok curve_446', () => {
    const fp6 = bls446.Fp6 as unknown as { FROBENIUS_COEFFICIENTS_1: Fp2Element[] };
    const fp12 = bls446.Fp12 as unknown as { FROBENIUS_COEFFICIENTS: Fp2Element[] };
    const c6 =
      18292478899820133222385880210918854254706405831091403105831645830694649873798259945392135397923436410689931051012n;
    const c12 =
      22118644822122453894295732432166425368368980329889476319266915965514828099635526724748286229964921634997234117686841299669336163301597n;
    expect(Fp2.eql(fp6.FROBENIUS_COEFFICIENTS_1[1], Fp2.fromBigTuple([0n, Fp.create(-c6 - 1n)]))).toBe(true);
    expect(Fp2.eql(fp6.FROBENIUS_COEFFICIENTS_1[2], Fp2.fromBigTuple([c6, 0n]))).toBe(true);
    expect(Fp2.eql(fp12.FROBENIUS_COEFFICIENTS[1], Fp2.fromBigTuple([c12, Fp.create(-c12)]))).toBe(true);
  });

  it('generators are valid subgroup points ([r]P = 0)', () => {
    assertG1(G1.BASE);
    assertG2(G2.BASE);
    expect(inR(G1.BASE)).toBe(true);
    expect(inR(G2.BASE)).toBe(true);
  });
});

describe('group laws', () => {
  it('G1 and G2 form groups compatible with scalar multiplication', () => {
    for (const [C, mul] of [
      [G1, mulG1],
      [G2, mulG2],
    ] as const) {
      const a = scalar();
      const b = scalar();
      const base = C.BASE as never;
      const pa = (mul as (p: never, s: bigint) => G1Point)(base, a);
      const pb = (mul as (p: never, s: bigint) => G1Point)(base, b);
      const pab = (mul as (p: never, s: bigint) => G1Point)(base, (a + b) % R);
      expect(pa.add(pb).equals(pab)).toBe(true);
      expect(pa.add(pb).equals(pb.add(pa))).toBe(true);
      expect(
        pa
          .add(pb)
          .add(pab)
          .equals(pa.add(pb.add(pab))),
      ).toBe(true);
      expect(pa.add(pa.negate()).is0()).toBe(true);
      expect(
        (mul as (p: never, s: bigint) => G1Point)(pa as never, b).equals(
          (mul as (p: never, s: bigint) => G1Point)(base, (a * b) % R),
        ),
      ).toBe(true);
      expect((mul as (p: never, s: bigint) => G1Point)(base, 0n).is0()).toBe(true);
    }
  });

  it('MSM equals the sum of products', () => {
    const pts = Array.from({ length: 37 }, () => G1.BASE.multiply(scalar()));
    const hts = Array.from({ length: 9 }, () => G2.BASE.multiply(scalar()));
    const s1 = pts.map((_, i) => (i % 5 === 0 ? 0n : rnd(16)));
    const s2 = hts.map(() => scalar());
    const naive1 = pts.reduce((acc, p, i) => acc.add(p.multiplyUnsafe(s1[i])), G1.ZERO);
    const naive2 = hts.reduce((acc, p, i) => acc.add(p.multiplyUnsafe(s2[i])), G2.ZERO);
    expect(msmG1(pts, s1).equals(naive1)).toBe(true);
    expect(msmG2(hts, s2).equals(naive2)).toBe(true);
    expect(msmG1([], []).is0()).toBe(true);
  });

  it('asserts its arguments with typed errors naming them', () => {
    const e = (() => {
      try {
        mulG1(G1.BASE, R);
      } catch (err) {
        return err;
      }
    })() as CurveError;
    expect(e).toBeInstanceOf(CurveError);
    expect(e.kind).toBe('InvalidArgument');
    expect(e.argument).toBe('scalar');
    expect(kindOf(() => mulG2(G1.BASE as never, 1n))).toBe('InvalidArgument');
    expect(kindOf(() => msmG1([G1.BASE], []))).toBe('InvalidArgument');
    expect(kindOf(() => msmG1([G1.BASE], [-1n]))).toBe('InvalidArgument');
    expect(kindOf(() => assertG1(G1.ZERO))).toBe('Infinity');
    expect(kindOf(() => assertG1(G1.ZERO, 'p', true))).toBe('none');
  });
});

describe('pairing', () => {
  const e = pairing(G1.BASE, G2.BASE);
  it('is non-degenerate and of order r', () => {
    expect(Fp12.eql(e, Fp12.ONE)).toBe(false);
    expect(Fp12.eql(Fp12.pow(e, R), Fp12.ONE)).toBe(true);
  });

  it('is bilinear', () => {
    const a = scalar();
    const b = scalar();
    expect(Fp12.eql(pairing(G1.BASE.multiply(a), G2.BASE.multiply(b)), Fp12.pow(e, (a * b) % R))).toBe(true);
    const pa = G1.BASE.multiply(a);
    const q = G2.BASE.multiply(b);
    expect(Fp12.eql(pairing(pa.add(G1.BASE), q), Fp12.mul(pairing(pa, q), pairing(G1.BASE, q)))).toBe(true);
    expect(
      pairingProductIsOne([
        { g1: pa, g2: q },
        { g1: pa.negate(), g2: q },
      ]),
    ).toBe(true);
    expect(
      pairingProductIsOne([
        { g1: pa, g2: q },
        { g1: G1.BASE.negate(), g2: q.multiply(a) },
      ]),
    ).toBe(true);
    expect(
      pairingProductIsOne([
        { g1: pa, g2: q },
        { g1: G1.BASE.negate(), g2: q.multiply(b) },
      ]),
    ).toBe(false);
    expect(pairingProductIsOne([{ g1: G1.ZERO, g2: q }])).toBe(true);
  });

  it('final exponentiation is f^(3(p^12−1)/r)', () => {
    const ml = bls446.pairing.pairing(G1.BASE, G2.BASE, false);
    expect(Fp12.eql(Fp12.pow(Fp12.pow(ml, (P ** 12n - 1n) / R), 3n), e)).toBe(true);
  });
});

describe('subgroup checks', () => {
  it('reject random on-curve points and torsion-shifted generators, accept cleared cofactors', () => {
    for (let i = 0; i < 2; i++) {
      const p1 = randomCurveG1();
      const p2 = randomCurveG2();
      expect(inR(p1)).toBe(false);
      expect(inR(p2)).toBe(false);
      expect(kindOf(() => assertG1(p1))).toBe('NotInSubgroup');
      expect(kindOf(() => assertG2(p2))).toBe('NotInSubgroup');
      const t1 = p1.multiplyUnsafe(R - 1n).add(p1); // order divides h1
      const t2 = p2.multiplyUnsafe(R - 1n).add(p2);
      expect(kindOf(() => assertG1(G1.BASE.add(t1)))).toBe('NotInSubgroup');
      expect(kindOf(() => assertG2(G2.BASE.add(t2)))).toBe('NotInSubgroup');
      const c1 = p1.clearCofactor();
      const c2 = p2.clearCofactor();
      expect(kindOf(() => assertG1(c1))).toBe('none');
      expect(kindOf(() => assertG2(c2))).toBe('none');
      expect(inR(c1) && inR(c2)).toBe(true);
      expect(kindOf(() => pairing(p1, G2.BASE))).toBe('NotInSubgroup');
      expect(kindOf(() => pairing(G1.BASE, G2.ZERO))).toBe('Infinity');
    }
  });

  it('reject off-curve points', () => {
    const { x, y } = G1.BASE.toAffine();
    expect(kindOf(() => assertG1(new G1(x, Fp.add(y, 1n), 1n)))).toBe('NotOnCurve');
    const h = G2.BASE.toAffine();
    expect(kindOf(() => assertG2(new G2(h.x, Fp2.add(h.y, Fp2.ONE), Fp2.ONE)))).toBe('NotOnCurve');
  });
});

describe('generic BLS12 module', () => {
  it('rejects inconsistent constants with a typed error', () => {
    expect(kindOf(() => bls12({ ...BLS12_446_CONSTANTS, r: BLS12_446_CONSTANTS.r + 2n }))).toBe(
      'InvalidArgument',
    );
    expect(kindOf(() => bls12({ ...BLS12_446_CONSTANTS, p: 7n }))).toBe('InvalidArgument');
    expect(kindOf(() => bls12(null as never))).toBe('InvalidArgument');
  });
});
