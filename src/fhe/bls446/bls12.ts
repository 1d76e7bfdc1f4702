// One generic BLS12 construction on @noble/curves' abstract modules (tower12, weierstrass, blsBasic): a curve is
// defined by its constants only (bls446.ts feeds BLS12-446). The hooks noble cannot derive from the constants are
// written here once, in terms of the BLS parameter x: the final exponentiation (noble's BLS12-381 hook hard-codes
// its own x), the G1/G2 subgroup tests (endomorphism based, far cheaper than [r]P) and cofactor clearing.
import { type BlsCurvePair, blsBasic } from '@noble/curves/abstract/bls.js';
import { Field, type IField } from '@noble/curves/abstract/modular.js';
import {
  type Fp2,
  type Fp2Bls,
  type Fp6Bls,
  type Fp12,
  type Fp12Bls,
  psiFrobenius,
  tower12,
} from '@noble/curves/abstract/tower.js';
import {
  type WeierstrassPoint,
  type WeierstrassPointCons,
  weierstrass,
} from '@noble/curves/abstract/weierstrass.js';
import { checkArg } from './errors.ts';

/** The constants that define a BLS12 curve with an M-type sextic twist and Fp2 = Fp[u]/(u² + 1). */
export interface Bls12Constants {
  /** base field modulus p */
  p: bigint;
  /** prime subgroup order r = x⁴ − x² + 1 */
  r: bigint;
  /** signed BLS parameter x */
  x: bigint;
  /** G1 curve y² = x³ + b */
  b: bigint;
  /** ξ ∈ Fp2 (as [c0, c1]) with Fp6 = Fp2[v]/(v³ − ξ); the twist is y² = x³ + b·ξ */
  xi: [bigint, bigint];
  /** G1 generator (affine) */
  g1: { x: bigint; y: bigint };
  /** G2 generator (affine, [c0, c1] coordinates) */
  g2: { x: [bigint, bigint]; y: [bigint, bigint] };
  /** cube root of unity β in Fp with (βx, y) = [−x²](x, y) on G1 */
  beta: bigint;
}

/** A BLS12 curve: its fields, the G1 and G2 point constructors and the optimal ate pairing. */
export interface Bls12Curve {
  readonly constants: Bls12Constants;
  readonly Fp: IField<bigint>;
  readonly Fr: IField<bigint>;
  readonly Fp2: Fp2Bls;
  readonly Fp6: Fp6Bls;
  readonly Fp12: Fp12Bls;
  readonly G1: WeierstrassPointCons<bigint>;
  readonly G2: WeierstrassPointCons<Fp2>;
  /** G1 cofactor h1 = (x − 1)²/3 */
  readonly h1: bigint;
  /** G2 cofactor h2 = (x⁸ − 4x⁷ + 5x⁶ − 4x⁴ + 6x³ − 4x² − 4x + 13)/9 */
  readonly h2: bigint;
  readonly pairing: BlsCurvePair;
}

/** Builds a BLS12 curve from its constants (throws if the constants are inconsistent).
 * @example const curve = bls12(BLS12_446_CONSTANTS); curve.pairing.pairing(curve.G1.BASE, curve.G2.BASE)
 */
export function bls12(c: Bls12Constants): Bls12Curve {
  checkArg(typeof c === 'object' && c !== null, 'constants', 'expected BLS12 constants');
  for (const f of ['p', 'r', 'x', 'b', 'beta'] as const) {
    checkArg(typeof c[f] === 'bigint', `constants.${f}`, 'expected a bigint');
  }
  const { p, r, x } = c;
  const xAbs = x < 0n ? -x : x;
  checkArg(r === x ** 4n - x ** 2n + 1n, 'constants.r', 'r is not x^4 - x^2 + 1');
  checkArg(p === ((x - 1n) ** 2n * r) / 3n + x, 'constants.p', 'p is not (x-1)^2 r / 3 + x');
  const h1 = (x - 1n) ** 2n / 3n;
  const h2 =
    (x ** 8n - 4n * x ** 7n + 5n * x ** 6n - 4n * x ** 4n + 6n * x ** 3n - 4n * x ** 2n - 4n * x + 13n) / 9n;

  // f^x for a unitary f (cyclotomic subgroup: the inverse is the conjugate)
  let Fp12ref: Fp12Bls | undefined;
  const powX = (f: Fp12): Fp12 => {
    const F = Fp12ref!;
    const e = F._cyclotomicExp(f, xAbs);
    return x < 0n ? F.conjugate(e) : e;
  };
  // Easy part f^((p⁶−1)(p²+1)), then the hard part 3(p⁴−p²+1)/r = (x−1)²(x+p)(x²+p²−1) + 3 as the addition chain
  // noble uses for BLS12-381, which depends on x only: the result is e(P, Q)^3 of the reduced ate pairing.
  const finalExponentiate = (f: Fp12): Fp12 => {
    const F = Fp12ref!;
    const t0 = F.div(F.frobeniusMap(f, 6), f);
    const t1 = F.mul(F.frobeniusMap(t0, 2), t0);
    const t2 = powX(t1);
    const t3 = F.mul(F.conjugate(F._cyclotomicSquare(t1)), t2);
    const t4 = powX(t3);
    const t5 = powX(t4);
    const t6 = F.mul(powX(t5), F._cyclotomicSquare(t2));
    const t7 = powX(t6);
    return F.mul(
      F.mul(
        F.mul(F.frobeniusMap(F.mul(t2, t5), 2), F.frobeniusMap(F.mul(t4, t1), 3)),
        F.frobeniusMap(F.mul(t6, F.conjugate(t1)), 1),
      ),
      F.mul(F.mul(t7, F.conjugate(t3)), t1),
    );
  };

  let twistB: Fp2 | undefined;
  const tower = tower12({
    ORDER: p,
    X_LEN: xAbs.toString(2).length,
    FP2_NONRESIDUE: c.xi,
    Fp2mulByB: (a: Fp2) => tower.Fp2.mul(a, twistB!),
    Fp12finalExponentiate: finalExponentiate,
  });
  const { Fp, Fp2, Fp6, Fp12 } = tower;
  Fp12ref = Fp12;
  twistB = Fp2.mul(Fp2.fromBigTuple(c.xi), Fp2.fromBigTuple([c.b, 0n]));
  const Fr = Field(r);

  const mulByX = <T>(pt: WeierstrassPoint<T>): WeierstrassPoint<T> => {
    const m = pt.multiplyUnsafe(xAbs);
    return x < 0n ? m.negate() : m;
  };
  const G1 = weierstrass<bigint>(
    { p, n: r, h: h1, a: 0n, b: c.b, Gx: c.g1.x, Gy: c.g1.y },
    {
      Fp,
      Fn: Fr,
      allowInfinityPoint: true,
      // φ(P) = (βx, y) acts as [−x²] exactly on the r-torsion (eprint 2021/1130 §6); tfhe-zk-pok uses the same test.
      isTorsionFree: (C, pt) => {
        const xx = pt.multiplyUnsafe(xAbs).multiplyUnsafe(xAbs).negate();
        return xx.equals(new C(Fp.mul(pt.X, c.beta), pt.Y, pt.Z));
      },
      // [1 − x]P: an effective cofactor that maps E(Fp) onto G1
      clearCofactor: (_C, pt) => mulByX(pt).negate().add(pt),
    },
  );
  // ψ = untwist ∘ Frobenius ∘ twist; for the M-twist the Frobenius base is 1/ξ
  const psi = psiFrobenius(Fp, Fp2, Fp2.div(Fp2.ONE, Fp2.fromBigTuple(c.xi)));
  const G2 = weierstrass<Fp2>(
    {
      p: p * p,
      n: r,
      h: h2,
      a: Fp2.ZERO,
      b: twistB,
      Gx: Fp2.fromBigTuple(c.g2.x),
      Gy: Fp2.fromBigTuple(c.g2.y),
    },
    {
      Fp: Fp2,
      Fn: Fr,
      allowInfinityPoint: true,
      // ψ(P) = [x]P holds on G2; it is a sufficient test because gcd(h1, h2) = 1 (checked in the tests)
      isTorsionFree: (C, pt) => mulByX(pt).equals(psi.G2psi(C, pt)),
      // Budroni–Pintore: [x² − x − 1]P + [x − 1]ψ(P) + ψ²(2P)
      clearCofactor: (C, pt) => {
        const t1 = mulByX(pt);
        let t2 = psi.G2psi(C, pt);
        const t3 = psi.G2psi2(C, pt.double()).subtract(t2);
        t2 = mulByX(t1.add(t2));
        return t3.add(t2).subtract(t1).subtract(pt);
      },
    },
  );
  const pairing = blsBasic({ Fp, Fr, Fp2, Fp6, Fp12 }, G1, G2, {
    ateLoopSize: xAbs,
    xNegative: x < 0n,
    twistType: 'multiplicative',
  });
  return { constants: c, Fp, Fr, Fp2, Fp6, Fp12, G1, G2, h1, h2, pairing };
}
